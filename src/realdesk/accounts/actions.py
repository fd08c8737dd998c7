"""Writes of people. Every function changes one thing completely, or nothing."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from realdesk.accounts.choices import Role
from realdesk.accounts.identities import normalize_identity
from realdesk.accounts.models import (
    Customer,
    CustomerIdentity,
    LoginUnlock,
    Organization,
    Team,
    User,
)
from realdesk.accounts.selectors import customer_find
from realdesk.accounts.throttle import login_address, login_lock_clear, unlock_request_allowed
from realdesk.core.bulk import rows_insert
from realdesk.core.enqueue import task_enqueue
from realdesk.core.errors import ApplicationError

UNLOCK_SEND_TASK = "realdesk.accounts.tasks.login_unlock_send"
UNLOCK_SIGNER = signing.Signer(salt="realdesk.accounts.login-unlock")
UNLOCK_INVALID = "This unlock link has expired or was already used. Ask for a new one."


def _normalized(kind: str, value: str) -> str:
    return normalize_identity(
        kind, value, default_phone_region=settings.REALDESK_DEFAULT_PHONE_REGION
    )


def customer_identify(
    *,
    kind: str,
    value: str,
    name: str = "",
    language: str = "",
    organization: Organization | None = None,
    at: datetime | None = None,
) -> Customer:
    """The customer who owns this address, created on first contact. The address made the
    customer, so it is verified: whoever proves they hold it (a sign-in link) is them.

    Safe under concurrency: two first messages from one address at once give one customer.
    """
    normalized = _normalized(kind, value)
    # (kind, value) is unique: no ORDER BY for `first()` to add
    existing = CustomerIdentity.objects.filter(kind=kind, value=normalized)
    for identity in existing.select_related("customer")[:1]:
        return identity.customer
    when = at or timezone.now()
    try:
        with transaction.atomic():
            customer = Customer(
                name=name.strip()[:200],
                language=language,
                organization=organization,
                created_at=when,
            )
            rows_insert([customer])
            identity = CustomerIdentity(
                customer=customer, kind=kind, value=normalized, created_at=when, verified_at=when
            )
            rows_insert([identity])
            return customer
    except IntegrityError:
        return CustomerIdentity.objects.get(kind=kind, value=normalized).customer


def customers_identify(*, kind: str, people: Iterable[tuple[str, str]]) -> dict[str, Customer]:
    """`customer_identify` for many (address, name) pairs at once, by normalized address:
    one read finds those known, one insert each creates the others (a bulk import meets
    hundreds of new people). If another process created some of them meanwhile, they are
    identified one at a time instead, as `customer_identify` does safely."""
    names: dict[str, str] = {}
    for value, name in people:
        names.setdefault(_normalized(kind, value), name)
    known = CustomerIdentity.objects.filter(kind=kind, value__in=names).select_related("customer")
    found = {identity.value: identity.customer for identity in known}
    missing = [value for value in names if value not in found]
    if not missing:
        return found
    now = timezone.now()
    try:
        with transaction.atomic():
            created = rows_insert(
                [Customer(name=names[value].strip()[:200], created_at=now) for value in missing]
            )
            rows_insert(
                [
                    CustomerIdentity(
                        customer=customer, kind=kind, value=value, created_at=now, verified_at=now
                    )
                    for customer, value in zip(created, missing, strict=True)
                ]
            )
    except IntegrityError:
        created = [
            customer_identify(kind=kind, value=value, name=names[value], at=now)
            for value in missing
        ]
    return found | dict(zip(missing, created, strict=True))


def customer_language_learn(*, customer: Customer, language: str) -> None:
    """Remember the language a customer writes in, for the mail we send them later, unless
    they chose one themselves in the support center: their choice is not ours to undo."""
    customers_language_learn(learned=[(customer, language)])


def customers_language_learn(*, learned: Sequence[tuple[Customer, str]]) -> None:
    """`customer_language_learn` for (customer, language) pairs in the order written (the
    last a customer wrote in wins): one update per language, not one per message."""
    last: dict[int, str] = {}
    copies: dict[int, list[Customer]] = {}  # a customer may come as several objects
    for customer, language in learned:
        copies.setdefault(customer.pk, []).append(customer)
        if language and not customer.language_chosen:
            last[customer.pk] = language
    changed: dict[str, list[int]] = {}
    for pk, language in last.items():
        if copies[pk][-1].language != language:
            changed.setdefault(language, []).append(pk)
    for language, pks in changed.items():
        Customer.objects.filter(pk__in=pks, language_chosen=False).update(language=language)
        for customer in (c for pk in pks for c in copies[pk]):
            customer.language = language  # later messages of the same batch know it


def customer_identity_add(*, customer: Customer, kind: str, value: str) -> CustomerIdentity:
    """Tie another address to a customer, unverified (see CustomerIdentity); an address
    never silently changes hands. Staff call it through `customer_address_add`, which
    checks who they are and asks the customer to confirm."""
    normalized = _normalized(kind, value)
    existing = CustomerIdentity.objects.filter(kind=kind, value=normalized).first()
    if existing and existing.customer_id != customer.pk:
        raise ApplicationError(
            _("%(normalized)s already belongs to another customer; merge the customers instead.")
            % {"normalized": normalized},
            code="identity_taken",
        )
    if existing:
        return existing
    return CustomerIdentity.objects.create(
        customer=customer, kind=kind, value=normalized, created_at=timezone.now()
    )


def customer_identify_by_any(
    *, identities: Sequence[tuple[str, str]], name: str = "", language: str = ""
) -> Customer:
    """The customer any of these (kind, address) pairs belongs to, the first known in the
    order given, so that a person who wrote by email and now leaves a phone number stays
    one customer. The addresses nobody holds yet are tied to them unverified (someone
    typed them; see CustomerIdentity), never taken from another customer. When none is
    known, all of them made the new customer, so all are verified, as one would be."""
    for kind, value in identities:
        if known := customer_find(kind=kind, value=value):
            customer_identities_tie(customer=known, identities=identities)
            return known
    (kind, value), *others = identities
    customer = customer_identify(kind=kind, value=value, name=name, language=language)
    for kind, value in others:
        identity = customer_identity_add(customer=customer, kind=kind, value=value)
        customer_identity_verify(identity=identity, customer=customer)
    return customer


def customer_identities_tie(*, customer: Customer, identities: Sequence[tuple[str, str]]) -> None:
    """Tie to the customer, unverified, those of these addresses that nobody holds yet;
    one held by another customer stays theirs."""
    for kind, value in identities:
        if customer_find(kind=kind, value=value) is None:
            customer_identity_add(customer=customer, kind=kind, value=value)


def customer_identity_verify(*, identity: CustomerIdentity, customer: Customer) -> None:
    """The customer, signed in through an address already theirs, confirms this one: from
    now on it signs them in too. Confirming an address of someone else is refused."""
    if identity.customer_id != customer.pk:
        raise ApplicationError(
            _("This address was added to another account; sign in with that account's address."),
            code="identity_not_yours",
        )
    CustomerIdentity.objects.filter(pk=identity.pk, verified_at__isnull=True).update(
        verified_at=timezone.now()
    )


def agent_create(
    *,
    email: str,
    full_name: str,
    role: str = Role.AGENT,
    password: str | None = None,
    teams: Iterable[Team] = (),
) -> User:
    if role not in Role.values:
        raise ApplicationError(_("Unknown role %(role)r") % {"role": role}, code="invalid_role")
    with transaction.atomic():
        agent = User.objects.create_user(email, password, full_name=full_name, role=role)
        agent.teams.set(teams)
    return agent


def agent_language_set(*, agent: User, language: str) -> None:
    """The language the console (and RealDesk's mail to the agent) uses; "" leaves it to
    the browser in the console and to LANGUAGE_CODE in mail."""
    if language and language not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Choose one of the offered languages."), code="invalid_language")
    agent.language = language
    # A save, not an update: whoever remembers agents' rows hears of it (API tokens)
    agent.save(update_fields=["language"])


def login_unlock_request(*, email: str, client: str) -> None:
    """Ask for a link that unlocks sign-in, mailed if the address is an active agent's.

    Whether it is mailed is decided by the worker (`login_unlock_issue`): here every
    address takes the same steps, so neither the answer nor its timing says which exist.
    """
    if not unlock_request_allowed(email=email, client=client):
        raise ApplicationError(
            _("Too many unlock links were asked for. Please wait an hour and try again."),
            code="rate_limited",
        )
    task_enqueue(UNLOCK_SEND_TASK, address=login_address(email))


def login_unlock_issue(*, address: str) -> LoginUnlock | None:
    """A new unlock link for the active agent with this address; None if there is none."""
    user = User.objects.filter(email__iexact=address, is_active=True).first()
    if user is None:
        return None
    now = timezone.now()
    return LoginUnlock.objects.create(
        user=user,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.REALDESK_LOGIN_UNLOCK_MINUTES),
    )


def login_unlock_value(unlock: LoginUnlock) -> str:
    """What the emailed link carries: the row's id, signed, so it cannot be guessed."""
    return UNLOCK_SIGNER.sign(str(unlock.pk))


def login_unlock_redeem(*, value: str, client: str) -> User:
    """Use an unlock link once: the agent's account-wide lock (and this client's own) is
    lifted; ApplicationError if the link is forged, expired or spent."""
    try:
        unlock_id = int(UNLOCK_SIGNER.unsign(value))
    except (signing.BadSignature, ValueError):
        raise ApplicationError(UNLOCK_INVALID, code="link_invalid") from None
    now = timezone.now()
    used = LoginUnlock.objects.filter(
        pk=unlock_id, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        raise ApplicationError(UNLOCK_INVALID, code="link_invalid")
    user = LoginUnlock.objects.select_related("user").get(pk=unlock_id).user
    login_lock_clear(email=user.email, client=client)
    return user
