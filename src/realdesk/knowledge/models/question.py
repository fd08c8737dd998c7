from django.db import models


class TicketQuestion(models.Model):
    """What the customer asked when they opened a ticket (its first message), as a vector.

    Kept so a new ticket can be compared with the solved ones (the agent's suggestions)
    and with the other questions of recent weeks (FAQ candidates) without running the
    model over old tickets again. float16 bytes, like the article vectors; `model` names
    the embedder so vectors of another model are never compared.
    """

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="question"
    )
    text = models.TextField()
    language = models.CharField(max_length=16, blank=True)
    model = models.CharField(max_length=100)
    vector = models.BinaryField()
    asked_at = models.DateTimeField()
    cluster = models.ForeignKey(
        "knowledge.QuestionCluster",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )

    class Meta:
        indexes = [
            models.Index(fields=["model", "asked_at"], name="question_model_idx"),
            models.Index(fields=["cluster", "asked_at"], name="question_cluster_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.ticket_id}: {self.text[:60]}"
