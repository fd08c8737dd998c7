"""Inbound email channel: pure parsing, reply extraction and loop-protection logic."""
