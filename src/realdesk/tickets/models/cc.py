from django.db import models


class TicketCC(models.Model):
    """A person the customer copied on their ticket (To/Cc of their email).

    Agents' replies are copied to them, and under the "cc" stranger policy they may reply
    into the ticket; they never become its customer. Only the customer adds people, so a
    stranger cannot invite himself in.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="ccs")
    customer = models.ForeignKey(
        "accounts.Customer", on_delete=models.CASCADE, related_name="copied_on"
    )
    address = models.CharField(
        max_length=320, help_text="The address the customer copied; copies go there."
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "customer"], name="ticketcc_unique_person")
        ]
        verbose_name = "ticket CC"

    def __str__(self) -> str:
        return f"{self.address} on ticket {self.ticket_id}"
