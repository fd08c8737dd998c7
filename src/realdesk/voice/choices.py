from django.db import models


class CallStatus(models.TextChoices):
    RINGING = "ringing", "Ringing"
    MENU = "menu", "In the menu"
    QUEUED = "queued", "Waiting in the queue"
    ANSWERED = "answered", "Answered"
    ENDED = "ended", "Ended"
    MISSED = "missed", "Missed"


class LegDirection(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class CallbackStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    REACHED = "reached", "Reached"
    GAVE_UP = "gave_up", "Gave up after the tries"
    WRONG_NUMBER = "wrong_number", "Wrong number"


class CallbackOutcome(models.TextChoices):
    REACHED = "reached", "Reached"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Voicemail"
    WRONG_NUMBER = "wrong_number", "Wrong number"


class CallbackSource(models.TextChoices):
    PHONE = "phone", "Phone"
    CHAT = "chat", "Chat"
    WEB = "web", "Web form"
