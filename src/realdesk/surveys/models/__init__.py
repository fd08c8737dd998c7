from realdesk.surveys.models.nps import NpsSurvey
from realdesk.surveys.models.rating import Rating

__all__ = ["NpsSurvey", "Rating"]
