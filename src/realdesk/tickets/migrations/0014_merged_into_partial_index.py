import django.db.models.deletion
from django.db import migrations, models

#: The index Django made for the foreign key (same name on SQLite and PostgreSQL). Dropped
#: by name: altering the field on SQLite would copy the whole tickets table to drop it.
FOREIGN_KEY_INDEX = "tickets_ticket_merged_into_id_3a36ad40"


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0013_raw_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {FOREIGN_KEY_INDEX}",
                    reverse_sql=(
                        f"CREATE INDEX {FOREIGN_KEY_INDEX} ON tickets_ticket (merged_into_id)"
                    ),
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="merged_into",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged_tickets",
                        to="tickets.ticket",
                    ),
                )
            ],
        ),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into"],
                name="ticket_merged_into_idx",
            ),
        ),
    ]
