"""Agent console views: validate, call a selector or an action, render."""
