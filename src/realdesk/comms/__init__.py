"""Communication channels: one package per channel."""
