from realdesk.comms.models.email import AddressFlag, InboundEmail, OutboundEmail
from realdesk.comms.models.raw import RawMessage

__all__ = ["AddressFlag", "InboundEmail", "OutboundEmail", "RawMessage"]
