from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallStatus(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    MENU = "menu", _("In the menu")
    QUEUED = "queued", _("Waiting in the queue")
    ANSWERED = "answered", _("Answered")
    ENDED = "ended", _("Ended")
    MISSED = "missed", pgettext_lazy("call", "Missed")


class LegDirection(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class CallbackStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REACHED = "reached", _("Reached")
    GAVE_UP = "gave_up", _("Gave up after the tries")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class CallbackOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    VOICEMAIL = "voicemail", _("Voicemail")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


class CallbackSource(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    WEB = "web", _("Web form")
