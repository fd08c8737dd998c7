"""Where `realdesk serve` listens unless told otherwise.

Read by the `realdesk` entry point before Django loads and by the serve command, so this
module imports nothing: the ground floor must not import the entry point above it.
"""

SERVE_HOST, SERVE_PORT = "127.0.0.1", 8000
