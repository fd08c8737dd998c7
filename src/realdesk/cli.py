"""The `realdesk` command: a thin front over Django's management commands.

realdesk serve [--host H] [--port P]   web server and background worker together
realdesk worker                        background workers only (scale-out)
realdesk demo                          load demo data (idempotent)
realdesk ingest [--json] PATH...       import .eml / mbox / Maildir email
realdesk mail [--listen H:P] [--lmtp]  receive email only (IMAP, SMTP/LMTP listener)
realdesk token create EMAIL --scope S  an API token (printed once); also list, revoke
realdesk manage COMMAND ...            any Django management command
"""

import os
import sys

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
    from django.core.management import execute_from_command_line

    execute_from_command_line(["realdesk", *args])


if __name__ == "__main__":
    main()
