"""Sign-in links are made and queued by the worker: the page answers at once, and the same
way, whether the address is known and whatever mail does."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from realdesk.comms.choices import OutboundKind
from realdesk.comms.outbound import address_mail
from realdesk.portal_access.actions import signin_token_issue, signin_token_value
from realdesk.portal_access.models import SignInToken
from realdesk.tickets.language import mail_language


def signin_link_text(token: SignInToken, *, link: str) -> str:
    minutes = settings.REALDESK_PORTAL_LINK_MINUTES
    return _(
        "Hello,\n\nhere is your link to sign in to our support center:\n\n%(link)s\n\n"
        "It works once, within %(minutes)s minutes. If you did not ask for it, ignore this "
        "email: nobody can sign in without it.\n"
    ) % {"link": link, "minutes": minutes}


@task()
def signin_link_issue(*, address: str, next_path: str) -> bool:
    """Make the link if the address is a customer's (it is then sent by its own task)."""
    return signin_token_issue(address=address, next_path=next_path) is not None


@task()
def signin_link_send(*, token_id: int) -> bool:
    """Queue the link in the outbox once (a conditional update claims it, in the same
    transaction, so `sent_at` means "handed to the outbox", which retries until the relay
    takes it); False if already queued."""
    with transaction.atomic():
        claimed = SignInToken.objects.filter(pk=token_id, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        if not claimed:
            return False
        token = SignInToken.objects.select_related("customer").get(pk=token_id)
        path = reverse("portal:signin_link", kwargs={"value": signin_token_value(token)})
        link = f"{settings.BASE_URL}{path}"
        with translation.override(mail_language(token.customer)):
            address_mail(
                kind=OutboundKind.SIGN_IN,
                to_address=token.email,
                subject=_("Your sign-in link"),
                body_text=signin_link_text(token, link=link),
            )
    return True
