"""Agents, teams and roles; customers, their identities on every channel, organisations."""
