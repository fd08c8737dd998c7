from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Metric(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    NEXT_RESPONSE = "next_response", _("Next response")
    RESOLUTION = "resolution", _("Resolution")


class Phase(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


class Level(models.TextChoices):
    OK = "ok", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")


class PromiseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("promise", "Open")
    KEPT = "kept", pgettext_lazy("promise", "Kept")
    MISSED = "missed", pgettext_lazy("promise", "Missed")
    RELEASED = "released", pgettext_lazy("promise", "Released")


class Condition(models.TextChoices):
    SLA_AT_RISK = "sla_at_risk", _("An SLA target is at risk")
    SLA_BREACHED = "sla_breached", _("An SLA target is breached")
    FRUSTRATION = "frustration", _("The customer sounds frustrated")
    LEAVING = "leaving", _("The customer says they are leaving")
    REPEAT_CONTACT = "repeat_contact", _("The customer writes again about the same issue")
    VIP = "vip", _("The customer is a VIP")
    PROMISE_MISSED = "promise_missed", _("A promise to the customer was missed")
    BAD_SATISFACTION = "bad_satisfaction", _("The customer rated us bad recently")


class Response(models.TextChoices):
    NOTIFY_LEAD = "notify_lead", _("Notify the owner's lead")
    RAISE_PRIORITY = "raise_priority", _("Raise the priority")
    REASSIGN_TEAM = "reassign_team", _("Reassign to a senior team")
    ADD_WATCHER = "add_watcher", _("Add a watcher")
    SHORTEN_TARGET = "shorten_target", _("Shorten the response target")
