from django.contrib import admin

from realdesk.surveys.models import NpsSurvey, Rating
from realdesk.tickets.admin import ReadOnlyAdmin


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "customer", "score", "asked_at", "rated_at"]
    list_filter = ["score"]


@admin.register(NpsSurvey)
class NpsSurveyAdmin(ReadOnlyAdmin):
    list_display = ["customer", "score", "asked_at", "answered_at"]
