"""Unowned time kept on the ticket (`unowned_seconds`, `owner_since`), filled for the
tickets that exist from their owner-change events, as the actions now keep it: the
stretches without an owner up to the last change, and the instant of that change (a
ticket never changed keeps 0 and no instant: as it was opened). Before the first change
the ticket was as that change's `before` says. Written out here rather than imported, so
the migration keeps working whatever the actions become."""

from django.db import migrations, models

#: Tickets updated per write.
BATCH = 2_000


def fill_owner_time(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    Event = apps.get_model("tickets", "Event")
    changes = (
        Event.objects.filter(kind="owner_changed")
        .order_by("ticket_id", "created_at", "pk")
        .values_list("ticket_id", "created_at", "before", "after")
    )
    walked: dict[int, list] = {}
    for ticket_id, at, before, after in changes.iterator(chunk_size=BATCH):
        if ticket_id not in walked and len(walked) >= BATCH:
            _write(Ticket, walked)
            walked = {}
        walked.setdefault(ticket_id, []).append((at, before is not None, after is not None))
    _write(Ticket, walked)


def _write(Ticket, walked: dict[int, list]) -> None:
    tickets = Ticket.objects.only("created_at").in_bulk(list(walked))
    for pk, ticket in tickets.items():
        owned, since, seconds = walked[pk][0][1], ticket.created_at, 0.0
        for at, _, owned_after in walked[pk]:
            if not owned:
                seconds += max((at - since).total_seconds(), 0.0)
            owned, since = owned_after, at
        ticket.unowned_seconds, ticket.owner_since = seconds, since
    Ticket.objects.bulk_update(list(tickets.values()), ["unowned_seconds", "owner_since"])


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0011_ticketnum_number_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="owner_since",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="ticket",
            name="unowned_seconds",
            field=models.FloatField(default=0),
        ),
        migrations.RunPython(fill_owner_time, migrations.RunPython.noop, elidable=True),
    ]
