"""`realdesk demo`: load demo data (idempotent)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from realdesk.core.management.commands.serve import pending_migrations
from realdesk.demo.seed import AGENTS, demo_password, load_demo


class Command(BaseCommand):
    help = "Load demo teams, agents, customers and six weeks of tickets (safe to run again)."

    def handle(self, **options):
        if pending_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        result = load_demo()
        if result["tickets_created"]:
            self.stdout.write(f"Demo loaded: {result['tickets_created']} tickets.")
        else:
            self.stdout.write(f"Demo already loaded ({result['tickets']} tickets); logins reset.")
        password = demo_password()
        for email, _name, role, _teams in AGENTS:
            self.stdout.write(f"  {email:<24} {role:<10} password: {password}")
