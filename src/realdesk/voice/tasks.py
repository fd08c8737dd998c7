"""Background work of the phone channel: tasks only delegate."""

from django.utils import timezone
from django_tasks import task

from realdesk.core import periodic
from realdesk.voice.actions import callbacks_check

CHECK_EVERY_SECONDS = 60


@periodic.every(CHECK_EVERY_SECONDS)
@task()
def callbacks_keep() -> int:
    """Reminders as windows open, escalations as they pass unkept."""
    return callbacks_check(now=timezone.now())
