"""Background work of live chat: tasks only delegate."""

from django.utils import timezone
from django_tasks import task

from realdesk.chat.actions import chats_check
from realdesk.core import periodic

CHECK_EVERY_SECONDS = 15  # the alert delay is a minute: checked a few times within it


@periodic.every(CHECK_EVERY_SECONDS)
@task()
def chats_watch() -> int:
    """Alerts for chats waiting too long, and email for those nobody took."""
    return chats_check(now=timezone.now())
