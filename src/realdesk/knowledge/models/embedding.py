from django.db import models


class ArticleEmbedding(models.Model):
    """The vectors of one published translation, for semantic search.

    One vector per passage (the title, the keywords, each paragraph), stored together as
    float16 bytes: a bytes column is the same on SQLite and PostgreSQL, and search reads
    them into memory anyway (search/vectors.py). `model` names the embedder and its
    version, so vectors of another model are never compared and get made again;
    `source_hash` lets an edit that changed no words skip the model.
    """

    translation = models.OneToOneField(
        "knowledge.ArticleTranslation", on_delete=models.CASCADE, related_name="embedding"
    )
    language = models.CharField(max_length=16)
    model = models.CharField(max_length=100)
    source_hash = models.CharField(max_length=64)
    dimensions = models.PositiveIntegerField()
    vectors = models.BinaryField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            # Covers the in-memory index's freshness check (count and latest change).
            models.Index(fields=["model", "language", "updated_at"], name="embedding_fresh_idx")
        ]

    def __str__(self) -> str:
        return f"{self.translation_id} [{self.model}]"
