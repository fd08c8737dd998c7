"""`realdesk token create|list|revoke`: personal API tokens from the command line."""

from django.core.management.base import BaseCommand, CommandError

from realdesk.accounts.models import User
from realdesk.api.actions import token_create, token_revoke
from realdesk.api.choices import TokenScope
from realdesk.api.models import ApiToken
from realdesk.api.selectors import token_get, token_list
from realdesk.core.errors import ApplicationError


def _agent(email: str) -> User:
    try:
        return User.objects.get_by_natural_key(email)
    except User.DoesNotExist:
        raise CommandError(f"No agent with the email {email!r}.") from None


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens; a new token is printed only once."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        create = commands.add_parser("create", help="Create a token and print it once.")
        create.add_argument("email")
        create.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        create.add_argument("--name", default="")
        listing = commands.add_parser("list", help="List an agent's tokens (never secrets).")
        listing.add_argument("email")
        revoke = commands.add_parser("revoke", help="Revoke a token by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *, command: str, **options):
        getattr(self, f"_{command}")(**options)

    def _create(self, *, email: str, scope: str, name: str, **options) -> None:
        try:
            token, text = token_create(agent=_agent(email), scope=scope, name=name)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stderr.write(f"Token {token.prefix} ({scope}) for {token.agent.email}; ")
        self.stderr.write("it is shown only now, store it safely:")
        self.stdout.write(text)

    def _list(self, *, email: str, **options) -> None:
        for token in token_list(agent=_agent(email)):
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}  {token.scope:<5}  {state:<18}  last used {used}  {token.name}"
            )

    def _revoke(self, *, prefix: str, **options) -> None:
        try:
            token = token_revoke(token=token_get(prefix=prefix))
        except ApiToken.DoesNotExist:
            raise CommandError(f"No token with the prefix {prefix!r}.") from None
        self.stdout.write(f"Revoked {token.prefix} of {token.agent.email}.")
