"""Contact hours come from a business calendar, no longer typed (#16.1).

Typed hours cannot be read back into a calendar, so existing blocks are linked to the
calendar the SLA clocks already count ("Office hours", else the first one): the page
then shows the hours the clocks really keep. An admin can pick another one."""

import django.db.models.deletion
from django.db import migrations, models


def link_calendar(apps, schema_editor):
    calendars = apps.get_model("sla", "BusinessCalendar").objects
    calendar = calendars.filter(name="Office hours").first() or calendars.order_by("pk").first()
    if calendar is not None:
        apps.get_model("portal_access", "ContactBlock").objects.update(calendar=calendar)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_access", "0001_initial"),
        ("sla", "0005_times_told_eta_and_shorter_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactblock",
            name="calendar",
            field=models.ForeignKey(
                blank=True,
                help_text="When the phone and the chat are staffed: the team's business calendar.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="sla.businesscalendar",
            ),
        ),
        migrations.RunPython(link_calendar, migrations.RunPython.noop),
        migrations.RemoveField(model_name="contactblock", name="hours"),
    ]
