from django.db import models
from django.utils.translation import gettext_lazy as _


class Score(models.TextChoices):
    GOOD = "good", _("Good, I'm satisfied")
    BAD = "bad", _("Bad, I'm unsatisfied")
