from django.conf import settings
from django.db import models


class ArticleRevision(models.Model):
    """A translation as it was saved once: who wrote what, kept so edits can be traced."""

    translation = models.ForeignKey(
        "knowledge.ArticleTranslation", on_delete=models.CASCADE, related_name="revisions"
    )
    title = models.CharField(max_length=200)
    body_html = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.translation} at {self.created_at:%Y-%m-%d %H:%M}"
