"""Service-level agreements: business calendars, policies and deadlines."""
