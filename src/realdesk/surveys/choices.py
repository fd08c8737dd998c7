from django.db import models


class Score(models.TextChoices):
    GOOD = "good", "Good, I'm satisfied"
    BAD = "bad", "Bad, I'm unsatisfied"
