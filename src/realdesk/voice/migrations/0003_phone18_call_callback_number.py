import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0010_report_indexes"),
        ("voice", "0002_callback_status_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="callback_number",
            field=models.CharField(
                blank=True,
                help_text="E.164: the caller ID, else the number the caller typed; empty: none known",
                max_length=32,
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="message",
            field=models.ForeignKey(
                blank=True,
                help_text="The call's record in the thread; completed with the length when it ends.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="tickets.message",
            ),
        ),
        migrations.AlterField(
            model_name="call",
            name="from_number",
            field=models.CharField(
                help_text="E.164; the caller ID as given when it is none (withheld)",
                max_length=32,
            ),
        ),
    ]
