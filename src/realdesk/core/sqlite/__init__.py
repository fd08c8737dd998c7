"""Django's SQLite backend with a process's writers taking turns in the process (base.py)."""
