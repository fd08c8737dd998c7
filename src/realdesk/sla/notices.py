"""What we write to a customer about time, from templates per language (no ORM).

`sla/templates/sla/customer/<language>/<name>.txt`; a language without its own template
reads English, with English dates, so one message never mixes two languages.
"""

from collections.abc import Callable
from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import get_template


def notice_render(
    name: str, *, language: str, context: Callable[[str], dict[str, Any]] = lambda _: {}
) -> str:
    """The notice `name` in `language` (else English); `context(language_written_in)`
    gives the values, so dates are phrased in the language the template is in."""
    for written_in in (language.split("-")[0].lower(), "en"):
        try:
            template = get_template(f"sla/customer/{written_in}/{name}.txt")
        except TemplateDoesNotExist:
            continue
        return template.render(context(written_in)).strip()
    raise TemplateDoesNotExist(f"sla/customer/en/{name}.txt")
