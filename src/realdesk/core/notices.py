"""What we write to a customer, from templates per language (no ORM).

Each domain keeps its customer texts as `<app>/templates/<app>/customer/<language>/<name>.txt`
(the promise notices in sla, the handoff notice in tickets, the surveys in surveys, the
acknowledgement in comms): a whole text per language, so each reads with its own grammar
and word order instead of English sentences with translated pieces spliced in. A language
without its own template reads English, with English dates, so one message never mixes
two languages.
"""

from collections.abc import Callable
from functools import cache
from typing import Any

from django.template import Context, Engine, TemplateDoesNotExist


@cache
def _engine() -> Engine:
    """Plain text from the built-in tags only. The site's engine imports every app's tag
    libraries when first used (the console's and the reports' code with them): a mail
    import that writes one acknowledgement must not load the pages' code."""
    return Engine(app_dirs=True, autoescape=False)


def notice_render(
    name: str, *, language: str, context: Callable[[str], dict[str, Any]] = lambda _: {}
) -> str:
    """The text `name` ("<app>/<text>", e.g. "sla/promise_made") in `language` (else
    English); `context(language_written_in)` gives the values, so dates are phrased in the
    language the template is in."""
    app, _, text = name.partition("/")
    for written_in in (language.split("-")[0].lower(), "en"):
        try:
            template = _engine().get_template(f"{app}/customer/{written_in}/{text}.txt")
        except TemplateDoesNotExist:
            continue
        return template.render(Context(context(written_in))).strip()
    raise TemplateDoesNotExist(f"{app}/customer/en/{text}.txt")
