from realdesk.comms.models.email import AddressFlag, InboundEmail, OutboundEmail

__all__ = ["AddressFlag", "InboundEmail", "OutboundEmail"]
