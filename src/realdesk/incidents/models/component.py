from django.db import models


class Component(models.Model):
    """A part of the service customers recognise ("Login", "Payments"): the status page
    lists them, incidents name the ones they affect. Managed in the admin."""

    name = models.CharField(max_length=100)
    name_translations = models.JSONField(
        default=dict, blank=True, help_text='The name in other languages: {"de": "Anmeldung"}.'
    )
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
