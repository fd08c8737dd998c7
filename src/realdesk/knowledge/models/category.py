from django.db import models


class Category(models.Model):
    """A shelf of articles in the support center; its name in every language it is shown in."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    names = models.JSONField(
        default=dict, blank=True, help_text='Names in other languages: {"de": "Rechnungen"}.'
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name
