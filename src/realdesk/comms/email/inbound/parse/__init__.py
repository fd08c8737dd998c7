"""Reading an email's bytes: pure, no database, never raising on any input."""
