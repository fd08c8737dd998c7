"""The visible reply of an email, without the history it quotes or its signature (pure)."""
