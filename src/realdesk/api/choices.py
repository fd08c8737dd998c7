from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TokenScope(models.TextChoices):
    READ = "read", pgettext_lazy("token scope", "Read")
    WRITE = "write", _("Read and write")
