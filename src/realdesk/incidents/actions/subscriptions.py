"""Email subscriptions to the status page: double opt-in, one-click unsubscribe.

Both links are signed, so they need no token table and cannot be guessed: the confirmation
link lapses after a week, the unsubscribe link never does (leaving must always work,
RFC 8058's one-click POST included, which is why it carries no CSRF token).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from realdesk.core.enqueue import task_enqueue
from realdesk.core.errors import ApplicationError
from realdesk.incidents.actions.notices import incident_title, update_text
from realdesk.incidents.models import IncidentUpdate, StatusSubscriber

CONFIRM_SIGNER = signing.TimestampSigner(salt="realdesk.incidents.subscribe")
UNSUBSCRIBE_SIGNER = signing.Signer(salt="realdesk.incidents.unsubscribe")
CONFIRM_DAYS = 7
# A second request for the same address mails the link again only after this long, so
# the form cannot be used to flood someone's inbox.
RESEND_AFTER = timedelta(hours=1)
CONFIRM_TASK = "realdesk.incidents.tasks.status_confirmation_send"
LINK_INVALID = "This link has expired or is not valid. Subscribe again to get a new one."


def status_subscribe(*, email: str, language: str) -> StatusSubscriber:
    """Ask for updates by email; the confirmation link is mailed once this commits. The
    answer is the same whether or not the address was subscribed already."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError(_("Enter a valid email address."), code="invalid_email") from None
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = StatusSubscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language, "created_at": now}
        )
        due = created or now - subscriber.created_at >= RESEND_AFTER
        if subscriber.confirmed_at is None and due:
            subscriber.language, subscriber.created_at = language, now
            subscriber.save(update_fields=["language", "created_at"])
            transaction.on_commit(lambda: _enqueue_confirmation(subscriber.pk))
    return subscriber


def _enqueue_confirmation(subscriber_id: int) -> None:
    task_enqueue(CONFIRM_TASK, subscriber_id=subscriber_id)


def _link(name: str, value: str) -> str:
    return f"{settings.BASE_URL}{reverse(name, kwargs={'value': value})}"


def unsubscribe_url(subscriber: StatusSubscriber) -> str:
    return _link(
        "status:unsubscribe", UNSUBSCRIBE_SIGNER.sign_object([subscriber.pk, subscriber.email])
    )


def confirmation_mail(subscriber: StatusSubscriber) -> EmailMessage:
    link = _link("status:confirm", CONFIRM_SIGNER.sign_object([subscriber.pk, subscriber.email]))
    with translation.override(subscriber.language):
        return EmailMessage(
            subject=_("Confirm your status updates"),
            body=_(
                "Hello,\n\nsomeone, probably you, asked for email updates from our status "
                "page at %(email)s. Confirm here:\n\n%(link)s\n\nIf it was not you, ignore "
                "this email: nothing will be sent.\n"
            )
            % {"email": subscriber.email, "link": link},
            to=[subscriber.email],
            headers={"Auto-Submitted": "auto-generated"},
        )


def _from_link(signer: signing.Signer, value: str, **unsign) -> StatusSubscriber | None:
    try:
        pk, email = signer.unsign_object(value, **unsign)
        return StatusSubscriber.objects.filter(pk=int(pk), email=str(email)).first()
    except (signing.BadSignature, ValueError, TypeError):
        raise ApplicationError(LINK_INVALID, code="link_invalid") from None


def status_subscription_confirm(*, value: str) -> StatusSubscriber:
    subscriber = _from_link(CONFIRM_SIGNER, value, max_age=CONFIRM_DAYS * 86400)
    if subscriber is None:
        raise ApplicationError(LINK_INVALID, code="link_invalid")
    StatusSubscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return subscriber


def status_unsubscribe(*, value: str) -> None:
    """Delete the subscription; a second click finds nothing to delete and is fine too."""
    subscriber = _from_link(UNSUBSCRIBE_SIGNER, value)
    if subscriber is not None:
        subscriber.delete()


def update_mail(update: IncidentUpdate, subscriber: StatusSubscriber) -> EmailMessage:
    url = unsubscribe_url(subscriber)
    with translation.override(subscriber.language):
        language = translation.get_language()
        body = (
            update_text(update, language) + "\n" + _("Unsubscribe: %(url)s") % {"url": url} + "\n"
        )
        return EmailMessage(
            subject=f"[{update.get_status_display()}] {incident_title(update.incident, language)}",
            body=body,
            to=[subscriber.email],
            headers={
                "Auto-Submitted": "auto-generated",
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


def subscribers_mail(*, update_id: int) -> int:
    """Mail an update to every confirmed subscriber, at most once: the update is claimed
    first (a conditional UPDATE), so a retried task sends nothing twice. How many."""
    claimed = IncidentUpdate.objects.filter(
        pk=update_id, subscribers_notified_at__isnull=True
    ).update(subscribers_notified_at=timezone.now())
    if not claimed:
        return 0
    update = IncidentUpdate.objects.select_related("incident").get(pk=update_id)
    subscribers = StatusSubscriber.objects.filter(confirmed_at__isnull=False).order_by("pk")
    mails = [update_mail(update, subscriber) for subscriber in subscribers]
    if not mails:
        return 0
    with get_connection() as connection:
        return connection.send_messages(mails) or 0
