"""Mail going out: the durable outbox and its sender, the acknowledgement, notices."""
