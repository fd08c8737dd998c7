"""Why a subscription was disabled, kept as a phrase (webhooks/reasons.py) so each admin
reads it in their language; the English reasons written before are read back."""

import re

from django.db import migrations, models

from realdesk.core.phrases import phrase_read_back

RECORDED = (
    (re.compile(r"disabled by (?P<actor>.+)"), "disabled_by"),
    (re.compile(r"(?P<limit>\d+) deliveries in a row failed"), "failures"),
)


def phrase_of(text: str) -> dict | None:
    return phrase_read_back(text, RECORDED, numbers=["limit"])


def read_back(apps, schema_editor) -> None:
    Subscription = apps.get_model("webhooks", "WebhookSubscription")
    for row in Subscription.objects.exclude(disabled_reason=""):
        facts = phrase_of(row.disabled_reason)
        if facts:
            Subscription.objects.filter(pk=row.pk).update(disabled_facts=facts)


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0003_chat_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhooksubscription",
            name="disabled_facts",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(read_back, migrations.RunPython.noop),
    ]
