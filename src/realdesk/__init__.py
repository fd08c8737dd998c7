"""RealDesk: an open-source help desk for teams that give real customer service."""

__version__ = "0.1.0"
