"""The one menu level: which digit means what for this caller (pure over what was read).

Digit 1 is the caller's open request when they have one; the week's spoken answers fill
the following digits, at most three options in all; 0 (and silence) is always a person."""

from dataclasses import dataclass

from realdesk.knowledge.models import ArticleTranslation
from realdesk.tickets.models import Ticket

MAX_OPTIONS = 3


@dataclass(frozen=True)
class Menu:
    ticket: Ticket | None
    answers: tuple[ArticleTranslation, ...]

    def options(self) -> dict[str, Ticket | ArticleTranslation]:
        chosen: list[Ticket | ArticleTranslation] = [self.ticket] if self.ticket else []
        chosen += list(self.answers)
        return {str(digit): option for digit, option in enumerate(chosen[:MAX_OPTIONS], 1)}
