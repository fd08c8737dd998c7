from django.db import models


class QuestionCluster(models.Model):
    """Questions customers ask again and again in their own words (knowledge/questions/).

    `centroid` is the float32 sum of its members' vectors: adding a question is one
    addition, and the direction is the same as the mean's. `article` is the article drafted
    from it, so the candidates page can show whether publishing it lowered the volume.
    """

    model = models.CharField(max_length=100)
    centroid = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    last_asked_at = models.DateTimeField()
    article = models.ForeignKey(
        "knowledge.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_clusters",
    )

    class Meta:
        indexes = [models.Index(fields=["model", "last_asked_at"], name="cluster_recent_idx")]

    def __str__(self) -> str:
        return f"cluster {self.pk} ({self.size} questions)"
