from django.db import models

from realdesk.knowledge.choices import FeedbackSource


class ArticleFeedback(models.Model):
    """One "did this answer your question?" click; from the request form it is a deflection."""

    article = models.ForeignKey(
        "knowledge.Article", on_delete=models.CASCADE, related_name="feedback"
    )
    language = models.CharField(max_length=16)
    helpful = models.BooleanField()
    source = models.CharField(
        max_length=16, choices=FeedbackSource.choices, default=FeedbackSource.ARTICLE
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "article feedback"

    def __str__(self) -> str:
        return f"{self.article}: {'yes' if self.helpful else 'no'}"
