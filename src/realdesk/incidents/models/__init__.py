from realdesk.incidents.models.component import Component
from realdesk.incidents.models.incident import Incident
from realdesk.incidents.models.link import IncidentTicket
from realdesk.incidents.models.subscriber import StatusSubscriber
from realdesk.incidents.models.suggestion import IncidentSuggestion
from realdesk.incidents.models.update import IncidentUpdate

__all__ = [
    "Component",
    "Incident",
    "IncidentSuggestion",
    "IncidentTicket",
    "IncidentUpdate",
    "StatusSubscriber",
]
