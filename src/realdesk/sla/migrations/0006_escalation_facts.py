"""Escalation reasons kept as phrases (sla/reasons.py), so each reader sees them in their
own language. Rows and Escalated events written before keep their English text and get
the phrase read back from it where the text holds every fact. An SLA target's text wrote
its due time with a zone abbreviation, which cannot be read back: those rows keep no
phrase and show their English text as recorded."""

import re

from django.db import migrations, models

from realdesk.core.phrases import phrase_read_back

#: The English texts the conditions wrote before, and the phrase each one is.
RECORDED = (
    (re.compile(r"frustration: (?P<signals>.+)"), "frustration"),
    (re.compile(r"leaving"), "leaving"),
    (re.compile(r"follow-up of #(?P<number>\d+)"), "follow_up"),
    (re.compile(r"same issue as #(?P<number>\d+)"), "same_issue"),
    (re.compile(r"VIP customer"), "vip"),
    (re.compile(r"promise missed: (?P<what>.*)", re.DOTALL), "promise_missed"),
    (re.compile(r"rated us bad on #(?P<number>\d+) recently"), "bad_satisfaction"),
    (re.compile(r"The customer rated the solution bad\."), "rated_solution_bad"),
)


def phrase_of(text: str) -> dict | None:
    """The phrase an old English reason is, or None when it cannot be read back."""
    return phrase_read_back(text, RECORDED, numbers=["number"], lists=["signals"])


def read_back(apps, schema_editor) -> None:
    Escalation = apps.get_model("sla", "Escalation")
    for row in Escalation.objects.filter(facts__isnull=True).exclude(detail=""):
        facts = phrase_of(row.detail)
        if facts:
            Escalation.objects.filter(pk=row.pk).update(facts=facts)
    Event = apps.get_model("tickets", "Event")
    for event in Event.objects.filter(kind="escalated").iterator():
        facts = "facts" not in event.data and phrase_of(event.data.get("reason", ""))
        if facts:
            Event.objects.filter(pk=event.pk).update(data={**event.data, "facts": facts})


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0005_times_told_eta_and_shorter_targets"),
        ("tickets", "0012_reports4_owner_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalation",
            name="facts",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(read_back, migrations.RunPython.noop),
    ]
