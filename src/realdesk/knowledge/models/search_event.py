from django.db import models

from realdesk.knowledge.choices import SearchSource


class SearchEvent(models.Model):
    """One search a customer ran, with how many articles it found: the knowledge figures
    of reports (searches that found nothing, top terms) read these. No client address or
    session is kept: what was asked matters, not who asked."""

    query = models.CharField(max_length=300)
    language = models.CharField(max_length=16)
    results = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=16, choices=SearchSource.choices)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.query!r}: {self.results}"
