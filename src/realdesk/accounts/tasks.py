"""Unlock links are made and queued by the worker: the page answers at once, and the same
way, whether the address is an agent's and whatever mail does."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from realdesk.accounts.actions import login_unlock_issue, login_unlock_value
from realdesk.comms.choices import OutboundKind
from realdesk.comms.outbound import address_mail

UNLOCK_TEXT = """Hello,

someone, perhaps you, failed to sign in to RealDesk as {email} too many times, so
sign-in is locked for this address except in browsers you unlocked. This link unlocks it
in the browser you open it in:

{link}

It works once, within {minutes} minutes. If you did not ask for it, ignore this email,
and consider changing your password if you did not fail to sign in yourself.
"""


@task()
def login_unlock_send(*, address: str) -> bool:
    """Queue an unlock link in the outbox (with the link row, in one transaction) if the
    address is an active agent's; False if it is not."""
    with transaction.atomic():
        unlock = login_unlock_issue(address=address)
        if unlock is None:
            return False
        path = reverse("console:unlock_link", kwargs={"value": login_unlock_value(unlock)})
        body = UNLOCK_TEXT.format(
            email=unlock.user.email,
            link=f"{settings.BASE_URL}{path}",
            minutes=settings.REALDESK_LOGIN_UNLOCK_MINUTES,
        )
        address_mail(
            kind=OutboundKind.UNLOCK,
            to_address=unlock.user.email,
            subject="Unlock signing in to RealDesk",
            body_text=body,
        )
    return True
