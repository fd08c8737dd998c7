"""The raw-message ledger moves from comms to core: only Django's idea of it moves; the
table (comms_rawmessage), its rows and its indexes stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_ticketnum_config_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RawMessage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sha256", models.CharField(max_length=64, unique=True)),
                        (
                            "channel",
                            models.CharField(
                                help_text="The channel adapter's name.", max_length=16
                            ),
                        ),
                        (
                            "storage_name",
                            models.CharField(
                                help_text="Path in the default storage.", max_length=255
                            ),
                        ),
                        ("size", models.PositiveBigIntegerField()),
                        ("received_at", models.DateTimeField(db_index=True)),
                    ],
                    options={
                        "db_table": "comms_rawmessage",
                    },
                ),
            ],
        ),
    ]
