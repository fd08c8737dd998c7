"""The `realdesk` command: a thin front over Django's management commands.

realdesk serve [--host H] [--port P]   web server and background worker together
realdesk worker                        background workers only (scale-out)
realdesk demo                          load demo data (idempotent)
realdesk ingest [--json] PATH...       import .eml / mbox / Maildir email
realdesk mail [--listen H:P] [--lmtp]  receive email only (IMAP, SMTP/LMTP listener)
realdesk token create EMAIL --scope S  an API token (printed once); also list, revoke
realdesk manage COMMAND ...            any Django management command
"""

import argparse
import ipaddress
import os
import sys

from realdesk.core.serve_defaults import SERVE_HOST, SERVE_PORT

PRODUCT_COMMANDS = {"serve", "worker", "demo", "ingest", "mail", "token"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        return
    if args[0] == "manage":
        args = args[1:]
    elif args[0] not in PRODUCT_COMMANDS:
        print(f"realdesk: unknown command {args[0]!r}\n\n{__doc__.strip()}", file=sys.stderr)
        sys.exit(2)
    if args[0] == "serve":
        _base_url_follows_port(args[1:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["realdesk", *args])


def _base_url_follows_port(serve_args: list[str]) -> None:
    """`realdesk serve --port 8080` on a desk with no REALDESK_BASE_URL: links in mail and
    the trusted origin for forms follow the port, so trying another port needs no edit.
    Settings are read before the command parses its arguments, hence here."""
    if os.environ.get("REALDESK_BASE_URL"):
        return
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--host", default=SERVE_HOST)
    parser.add_argument("--port", default=str(SERVE_PORT))
    known, _ = parser.parse_known_args(serve_args)
    host = "127.0.0.1" if _listens_everywhere(known.host) else known.host
    host = f"[{host}]" if ":" in host else host
    os.environ["REALDESK_BASE_URL"] = f"http://{host}:{known.port}"


def _listens_everywhere(host: str) -> bool:
    """0.0.0.0 or ::, which a browser cannot open: this machine stands in for them."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


if __name__ == "__main__":
    main()
