"""Unlock links are made and sent by the worker: the page answers at once, and the same
way, whether the address is an agent's and whatever mail does."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from realdesk.accounts.actions import login_unlock_issue, login_unlock_value

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
    """Mail an unlock link if the address is an active agent's; False if it is not."""
    unlock = login_unlock_issue(address=address)
    if unlock is None:
        return False
    path = reverse("console:unlock_link", kwargs={"value": login_unlock_value(unlock)})
    body = UNLOCK_TEXT.format(
        email=unlock.user.email,
        link=f"{settings.BASE_URL}{path}",
        minutes=settings.REALDESK_LOGIN_UNLOCK_MINUTES,
    )
    send_mail("Unlock signing in to RealDesk", body, None, [unlock.user.email])
    return True
