"""The agent console: views and templates only; every change goes through domain actions."""
