"""Writes of support-center access: sign-in links and who may see what."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from realdesk.accounts.actions import customer_language_learn
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.identities import normalize_email
from realdesk.accounts.models import Customer, CustomerIdentity, Organization
from realdesk.core.enqueue import task_enqueue
from realdesk.core.errors import ApplicationError
from realdesk.portal_access.models import ContactBlock, OrganizationAccess, SignInToken
from realdesk.portal_access.throttle import count_and_check
from realdesk.sla.models import BusinessCalendar

LINK_ISSUE_TASK = "realdesk.portal_access.tasks.signin_link_issue"
LINK_SEND_TASK = "realdesk.portal_access.tasks.signin_link_send"
SIGNER = signing.Signer(salt="realdesk.portal_access.sign-in")
LINK_INVALID = "This sign-in link has expired or was already used. Ask for a new one."


def signin_token_value(token: SignInToken) -> str:
    """What the emailed link carries: the row's id, signed, so it cannot be guessed."""
    return SIGNER.sign(str(token.pk))


def signin_request(*, email: str, client: str, next_path: str = "") -> None:
    """Ask for a sign-in link to be emailed if the address is a customer's verified address.

    Whether it does is decided by the worker (`signin_token_issue`): here known and unknown
    addresses take the same steps, so neither the page nor its timing tells them apart.
    Only the rate limits (per address and per client, counted alike) refuse.
    """
    window = settings.REALDESK_PORTAL_LINK_WINDOW_SECONDS
    address = normalize_email(email)  # ApplicationError for anything but one plain address
    per_address = count_and_check(
        scope="address", value=address, limit=settings.REALDESK_PORTAL_LINKS_PER_ADDRESS,
        window_seconds=window,
    )  # fmt: skip
    per_client = count_and_check(
        scope="client", value=client, limit=settings.REALDESK_PORTAL_LINKS_PER_CLIENT,
        window_seconds=window,
    )  # fmt: skip
    if not (per_address and per_client):
        raise ApplicationError(
            gettext("Too many sign-in links were asked for. Please wait an hour and try again."),
            code="rate_limited",
        )
    task_enqueue(LINK_ISSUE_TASK, address=address, next_path=next_path[:300])


def signin_token_issue(*, address: str, next_path: str) -> SignInToken | None:
    """A sign-in link for the customer with this address, mailed once committed; None
    (and no mail) for an address nobody has."""
    identity = _verified_email(address).first()
    if identity is None:  # unknown, or added by staff and not yet confirmed by the customer
        return None
    now = timezone.now()
    with transaction.atomic():
        token = SignInToken.objects.create(
            customer=identity.customer,
            email=address,
            next_path=next_path,
            created_at=now,
            expires_at=now + timedelta(minutes=settings.REALDESK_PORTAL_LINK_MINUTES),
        )
        transaction.on_commit(partial(task_enqueue, LINK_SEND_TASK, token_id=token.pk))
    return token


def _verified_email(address: str) -> QuerySet[CustomerIdentity]:
    """Only an address the customer proved is theirs signs in to their history: one that
    staff typed in is no key until the customer confirms it (accounts.CustomerIdentity)."""
    return CustomerIdentity.objects.filter(
        kind=IdentityKind.EMAIL, value=address, verified_at__isnull=False
    )


def signin_redeem(*, value: str) -> SignInToken:
    """Use a link once: the customer it signs in, or ApplicationError if it is forged,
    expired or spent, or its address is no longer a verified address of that customer
    (removed or moved meanwhile). Marked used in the same transaction, so two clicks win
    once."""
    try:
        token_id = int(SIGNER.unsign(value))
    except (signing.BadSignature, ValueError):
        raise ApplicationError(LINK_INVALID, code="link_invalid") from None
    now = timezone.now()
    with transaction.atomic():
        used = SignInToken.objects.filter(
            pk=token_id, used_at__isnull=True, expires_at__gt=now
        ).update(used_at=now)
        token = SignInToken.objects.select_related("customer").filter(pk=token_id).first()
        if not used or not _verified_email(token.email).filter(customer=token.customer).exists():
            raise ApplicationError(LINK_INVALID, code="link_invalid")
        return token


def contact_block_save(
    *, brand: str = "default", language: str = "", phone: str, email: str,
    calendar: BusinessCalendar | None = None, chat_url: str = "",
) -> ContactBlock:  # fmt: skip
    """Set how customers reach a person (idempotent, keyed by brand and language)."""
    block, _ = ContactBlock.objects.update_or_create(
        brand=brand,
        language=language,
        defaults={
            "phone": phone,
            "calendar": calendar,
            "email": email,
            "chat_url": chat_url,
            "chat_enabled": bool(chat_url),
        },
    )
    return block


def organization_access_set(*, organization: Organization, members_see_all: bool) -> None:
    OrganizationAccess.objects.update_or_create(
        organization=organization, defaults={"members_see_all_tickets": members_see_all}
    )


def customer_language_set(*, customer: Customer, language: str, chosen: bool) -> None:
    """Remember the language a customer reads in, for the mail we send them later.
    `chosen`: they picked it here themselves, so the language of what they write later
    does not replace it (see `customer_language_learn`); a language only taken from their
    browser replaces none they chose."""
    if language not in dict(settings.LANGUAGES):
        return
    if chosen:
        Customer.objects.filter(pk=customer.pk).update(language=language, language_chosen=True)
        customer.language, customer.language_chosen = language, True
    else:
        customer_language_learn(customer=customer, language=language)
