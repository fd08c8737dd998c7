from django.db import models


class Metric(models.TextChoices):
    FIRST_RESPONSE = "first_response", "First response"
    NEXT_RESPONSE = "next_response", "Next response"
    RESOLUTION = "resolution", "Resolution"


class Phase(models.TextChoices):
    RUNNING = "running", "Running"
    PAUSED = "paused", "Paused"
    STOPPED = "stopped", "Stopped"


class Level(models.TextChoices):
    OK = "ok", "On track"
    AT_RISK = "at_risk", "At risk"
    BREACHED = "breached", "Breached"


class PromiseStatus(models.TextChoices):
    OPEN = "open", "Open"
    KEPT = "kept", "Kept"
    MISSED = "missed", "Missed"
    RELEASED = "released", "Released"


class Condition(models.TextChoices):
    SLA_AT_RISK = "sla_at_risk", "An SLA target is at risk"
    SLA_BREACHED = "sla_breached", "An SLA target is breached"
    FRUSTRATION = "frustration", "The customer sounds frustrated"
    LEAVING = "leaving", "The customer says they are leaving"
    REPEAT_CONTACT = "repeat_contact", "The customer writes again about the same issue"
    VIP = "vip", "The customer is a VIP"
    PROMISE_MISSED = "promise_missed", "A promise to the customer was missed"
    BAD_SATISFACTION = "bad_satisfaction", "The customer rated us bad recently"


class Response(models.TextChoices):
    NOTIFY_LEAD = "notify_lead", "Notify the owner's lead"
    RAISE_PRIORITY = "raise_priority", "Raise the priority"
    REASSIGN_TEAM = "reassign_team", "Reassign to a senior team"
    ADD_WATCHER = "add_watcher", "Add a watcher"
    SHORTEN_TARGET = "shorten_target", "Shorten the response target"
