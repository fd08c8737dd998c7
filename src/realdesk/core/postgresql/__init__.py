"""Django's PostgreSQL backend with timestamps parsed by psycopg's C loader (base.py)."""
