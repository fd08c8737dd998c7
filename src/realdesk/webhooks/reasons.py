"""Why a subscription was disabled, in the words of the admin who reads it (see
core/phrases.py): the row keeps the reason as a phrase beside its English text."""

from typing import Any

from django.utils.translation import gettext

from realdesk.core.phrases import Phrase, Phrasebook

disabled_reasons = Phrasebook("webhook disabled reasons")


@disabled_reasons.writer("disabled_by")
def _disabled_by(params: dict[str, Any]) -> str:
    return gettext("disabled by %(actor)s") % params


@disabled_reasons.writer("failures")
def _failures(params: dict[str, Any]) -> str:
    return gettext("%(limit)s deliveries in a row failed") % params


def disabled_by(actor: object) -> Phrase:
    return Phrase("disabled_by", {"actor": str(actor)})


def failed_in_a_row(limit: int) -> Phrase:
    return Phrase("failures", {"limit": limit})
