"""Shared foundations: errors, worker heartbeat, health, the serve and worker commands."""
