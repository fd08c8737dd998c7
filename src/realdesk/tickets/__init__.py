"""Tickets: one customer issue as one conversation across every channel, with its audit trail."""
