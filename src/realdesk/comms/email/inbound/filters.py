"""The inbound filters, in the order they run: the first that decides an email wins.

limits -> our own mail -> bounce -> automatic mail -> sender -> duplicate; an email none
of them decides is delivered (plan.py). Each filter is pure: it reads the email, what its
batch knows, and at most a row it names (a bounce's original), and returns a `Decision`
with the effects to apply (flag an address, fail an original), or None to pass. The
pipeline's writer applies the effects, so a filter writes nothing and can be tested on
its own.
"""

from collections.abc import Callable

from django.conf import settings

from realdesk.accounts.identities import normalize_email
from realdesk.comms.choices import InboundOutcome as Outcome
from realdesk.comms.email.addressing import is_own_address, own_addresses
from realdesk.comms.email.inbound.incoming import (
    Decision,
    Effect,
    FailOriginal,
    FlagAddress,
    Incoming,
)
from realdesk.comms.email.inbound.parse.message import HEADER_BLOCK
from realdesk.comms.email.inbound.robots.bounce import parse_bounce
from realdesk.comms.email.inbound.robots.classify import classify_automatic
from realdesk.comms.models import OutboundEmail
from realdesk.core.errors import ApplicationError
from realdesk.core.registry import Registry

Filter = Callable[[Incoming], Decision | None]

#: The filters by name, in the order they run (registration order).
inbound_filters: Registry[str, Filter] = Registry("inbound email filters")


def inbound_filter(check: Filter) -> Filter:
    """Register `check` to run after the filters registered before it."""
    return inbound_filters.register(check.__name__, check)


#: Over the header limits, these wait in the quarantine (raise the limit, then reprocess it)
#: rather than be decided on a part of them: who wrote, who else reads. Any other header
#: over them is read the cheap way and the email goes on.
QUARANTINED_OVER_LIMITS = frozenset({HEADER_BLOCK, "from", "sender", "to", "cc", "reply-to"})


@inbound_filter
def check_limits(email: Incoming) -> Decision | None:
    inbound, parsed = email.record, email.parsed
    for name, breach in parsed.over_limits:
        if name in QUARANTINED_OVER_LIMITS:
            return Decision(Outcome.QUARANTINED, f"header over the limits ({name}: {breach})")
    if inbound.raw.size > settings.REALDESK_EMAIL_MAX_BYTES:
        return Decision(
            Outcome.QUARANTINED, f"larger than {settings.REALDESK_EMAIL_MAX_BYTES} bytes"
        )
    if len(parsed.attachments) > settings.REALDESK_EMAIL_MAX_PARTS:
        return Decision(Outcome.QUARANTINED, f"more than {settings.REALDESK_EMAIL_MAX_PARTS} parts")
    if len(parsed.to) + len(parsed.cc) > settings.REALDESK_EMAIL_MAX_RECIPIENTS:
        return Decision(
            Outcome.QUARANTINED, f"more than {settings.REALDESK_EMAIL_MAX_RECIPIENTS} recipients"
        )
    if any("nesting" in defect for defect in parsed.defects):
        return Decision(Outcome.QUARANTINED, "MIME nested too deeply")
    return None


@inbound_filter
def check_own_mail(email: Incoming) -> Decision | None:
    parsed = email.parsed
    if parsed.from_address and is_own_address(parsed.from_address):
        return Decision(Outcome.SUPPRESSED, "from our own address (mail loop)")
    if email.seen.sent_by_us:
        return Decision(Outcome.SUPPRESSED, "our own notification came back")
    return None


@inbound_filter
def check_bounce(email: Incoming) -> Decision | None:
    parsed = email.parsed
    bounce = parse_bounce(parsed, own_addresses=own_addresses())
    if bounce is None:
        return None
    original = (
        OutboundEmail.objects.filter(rfc_message_id=bounce.original_message_id).first()
        if bounce.original_message_id
        else None
    )
    recipients = bounce.recipients or ((original.to_address,) if original else ())
    recipients = [a for a in recipients if not is_own_address(a)]  # a report never stops us
    effects: list[Effect] = []
    if bounce.permanent:
        reason = (bounce.diagnostic or "permanent delivery failure")[:255]
        effects += [FlagAddress(a, reason, bounce.status or "") for a in recipients]
    if original:
        effects.append(
            FailOriginal(
                original,
                error=bounce.diagnostic or "",
                status=bounce.status,
                permanent=bounce.permanent,
            )
        )
    state = "permanent" if bounce.permanent else "temporary"
    reason = f"bounce: {state} ({bounce.status or 'no code'})"
    return Decision(Outcome.SUPPRESSED, reason, effects=tuple(effects))


@inbound_filter
def check_automatic(email: Incoming) -> Decision | None:
    parsed = email.parsed
    reason = classify_automatic(parsed, own_addresses=own_addresses())
    return Decision(Outcome.SUPPRESSED, reason) if reason else None


@inbound_filter
def check_sender(email: Incoming) -> Decision | None:
    parsed = email.parsed
    if not parsed.from_address:
        return Decision(Outcome.REJECTED, "no single valid sender address")
    try:
        normalize_email(parsed.from_address)
    except ApplicationError as error:
        return Decision(Outcome.REJECTED, error.message)
    return None


@inbound_filter
def check_duplicate(email: Incoming) -> Decision | None:
    """The same email delivered twice (two mailboxes, a replay) is one message."""
    if email.seen.received:
        message_id = email.parsed.message_id
        return Decision(
            Outcome.DUPLICATE, f"Message-ID {message_id} already received from this sender"
        )
    return None


def inbound_decide(email: Incoming) -> Decision | None:
    """The first decision of the filters, in order; None: the email is to be delivered."""
    for check in inbound_filters.values():
        decision = check(email)
        if decision is not None:
            return decision
    return None
