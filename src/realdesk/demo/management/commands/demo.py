"""`realdesk demo`: load demo data (idempotent)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from realdesk.accounts.models import User
from realdesk.core.management.commands.serve import pending_migrations
from realdesk.demo.seed import AGENTS, demo_password, load_demo
from realdesk.tickets.models import Ticket


class Command(BaseCommand):
    help = "Load demo teams, agents, customers and six weeks of tickets (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--first-run",
            action="store_true",
            help="Do nothing if anyone has signed up or any ticket exists (used by `make run`).",
        )

    def handle(self, *, first_run: bool, **options):
        if pending_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        if first_run and (User.objects.exists() or Ticket.objects.exists()):
            self.stdout.write("Existing data found: demo not loaded.")
            return
        result = load_demo()
        if result["tickets_created"]:
            self.stdout.write(f"Demo loaded: {result['tickets_created']} tickets.")
        else:
            self.stdout.write(f"Demo already loaded ({result['tickets']} tickets); logins reset.")
        password = demo_password()
        for email, _name, role, _teams in AGENTS:
            self.stdout.write(f"  {email:<24} {role:<10} password: {password}")
