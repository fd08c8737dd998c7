"""Channel adapters: how each channel identifies a customer and carries an agent's answer
back to them. See adapters.py for the rule and docs/channels.md."""
