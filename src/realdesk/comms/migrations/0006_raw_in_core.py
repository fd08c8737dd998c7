"""Inbound email points at the ledger in core, and comms forgets its own copy of the model
(the table now belongs to core.RawMessage; nothing changes in the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0013_raw_in_core"),
        ("comms", "0005_outbound_outboundemail_ticket_optional"),
        ("core", "0005_raw_ledger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="inboundemail",
                    name="raw",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="inbound",
                        to="core.rawmessage",
                    ),
                ),
                migrations.DeleteModel(
                    name="RawMessage",
                ),
            ],
        ),
    ]
