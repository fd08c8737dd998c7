"""The ticket's history as an agent reads it: one line per action, not per event.

A transfer writes a team change and an owner change with the same handoff note, at the
same instant, by the same person; listed event by event the note appeared twice. Events
recorded together (same instant, same actor) are one action and one line.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from realdesk.tickets.events import event_payload, note_of
from realdesk.tickets.models import Event


@dataclass
class HistoryLine:
    events: list[Event] = field(default_factory=list)

    @property
    def first(self) -> Event:
        return self.events[0]

    @property
    def notes(self) -> list[str]:
        """The notes of the action, each once."""
        return list(dict.fromkeys(note for e in self.events if (note := note_of(e))))

    @property
    def entries(self) -> list[tuple[Event, Any]]:
        """Each event with its payload, read as its kind's TypedDict (the template shows
        some kinds' details)."""
        return [(e, event_payload(e)) for e in self.events]


def history_lines(events: Iterable[Event]) -> list[HistoryLine]:
    lines: list[HistoryLine] = []
    for event in events:
        if lines and _same_action(lines[-1].first, event):
            lines[-1].events.append(event)
        else:
            lines.append(HistoryLine([event]))
    return lines


def _same_action(a: Event, b: Event) -> bool:
    return (a.created_at, a.actor_id, a.actor_customer_id) == (
        b.created_at,
        b.actor_id,
        b.actor_customer_id,
    )
