"""Addresses staff add to a customer, and the customer confirming them.

Someone on our side may tie another address to a customer (a new email they gave on the
phone), but only someone who works with that customer, and the address stays unverified:
it signs nobody in to the customer's history. A link mailed to the new address asks the
customer to confirm it while signed in through an address already theirs, so confirming
takes both the new inbox and the customer's own: the person who typed the address (an
agent adding their own, say) cannot confirm it on the customer's behalf.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from realdesk.accounts.actions import customer_identity_add, customer_identity_verify
from realdesk.accounts.choices import IdentityKind
from realdesk.accounts.models import Customer, CustomerIdentity, User
from realdesk.comms.choices import OutboundKind
from realdesk.comms.outbound import address_mail
from realdesk.core.errors import ApplicationError, PermissionDeniedError
from realdesk.tickets.language import mail_language
from realdesk.tickets.permissions import check_can_see_customer

SIGNER = signing.TimestampSigner(salt="realdesk.portal_access.address-confirm")
CONFIRM_DAYS = 7  # long enough for a customer who reads mail weekly, short enough to lapse
LINK_INVALID = "This confirmation link has expired or is not valid. Ask us for a new one."


def customer_address_add(
    *, actor: User, customer: Customer, kind: str, value: str
) -> CustomerIdentity:
    """Tie an address to a customer the actor works with; a new email address is mailed a
    link to confirm it. Same rule in the API and the admin: unverified until confirmed."""
    if not actor.can_edit_tickets:
        raise PermissionDeniedError(_("Your role can read but not change anything."))
    check_can_see_customer(actor, customer.pk)
    with transaction.atomic():
        identity = customer_identity_add(customer=customer, kind=kind, value=value)
        address_confirmation_request(identity=identity)
    return identity


def address_confirmation_request(*, identity: CustomerIdentity) -> None:
    """Mail the confirmation link once the identity is committed; nothing for a verified
    address or one that is not an email address."""
    if identity.kind == IdentityKind.EMAIL and identity.verified_at is None:
        transaction.on_commit(lambda: address_confirmation_send.enqueue(identity_id=identity.pk))


def confirmation_value(identity: CustomerIdentity) -> str:
    """The link's token: the identity and its address, signed and dated, so it names one
    address of one customer and lapses on its own."""
    return SIGNER.sign_object([identity.pk, identity.value])


def confirmation_text(*, address: str, link: str) -> str:
    return _(
        "Hello,\n\nour support team added %(address)s to your account with us. If this "
        "address is yours, confirm it here:\n\n%(link)s\n\nYou will be asked to sign in "
        "with the address you already use with us. Until then this address cannot sign in "
        "to your requests. If you did not ask for this, ignore this email.\n"
    ) % {"address": address, "link": link}


@task()
def address_confirmation_send(*, identity_id: int) -> bool:
    """Queue the link in the outbox, unless the address was removed or confirmed meanwhile."""
    identity = (
        CustomerIdentity.objects.select_related("customer")
        .filter(pk=identity_id, verified_at__isnull=True)
        .first()
    )
    if identity is None:
        return False
    path = reverse("portal:address_confirm", kwargs={"value": confirmation_value(identity)})
    with translation.override(mail_language(identity.customer)):
        text = confirmation_text(address=identity.value, link=f"{settings.BASE_URL}{path}")
        address_mail(
            kind=OutboundKind.ADDRESS_CONFIRMATION,
            to_address=identity.value,
            subject=_("Confirm your address"),
            body_text=text,
        )
    return True


def address_from_link(*, value: str) -> CustomerIdentity:
    """The identity a confirmation link names, or ApplicationError if the link is forged,
    too old, or its address was removed or changed since."""
    try:
        pk, address = SIGNER.unsign_object(value, max_age=CONFIRM_DAYS * 86400)
        return CustomerIdentity.objects.get(pk=int(pk), value=str(address))
    except (signing.BadSignature, ValueError, TypeError, CustomerIdentity.DoesNotExist):
        raise ApplicationError(LINK_INVALID, code="link_invalid") from None


def address_confirm(*, value: str, customer: Customer) -> CustomerIdentity:
    """The signed-in customer confirms the address the link names is theirs."""
    identity = address_from_link(value=value)
    customer_identity_verify(identity=identity, customer=customer)
    return identity
