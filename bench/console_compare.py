"""Two versions of the code timed on the same console pages and the same rows, alternately.

    git worktree add /tmp/before <commit>
    DATABASE_URL=postgres://... .venv/bin/python bench/console_compare.py /tmp/before \
        [--rounds 3] [--runs 31]

The database is one that bench/dataset.py built (console_views.py builds it when empty)
and migrated by this checkout: the older code reads the tables and columns it knows. Each
round times, one after the other, the older code, this checkout, and this checkout with
the older code's console templates (which tells what the code costs from what a richer
page costs to render), each in a process of its own with only that version's `src` on
the path. It prints, per page, the median over the rounds of each run's median server
time (Django's test client, as console_views.py measures), and the load before and after.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
# Pages both versions have (views added since are left out: the older code has no URL).
PAGES = [
    "/agent/views/unanswered/",
    "/agent/views/mine/",
    "/agent/views/team/",
    "/agent/views/unowned/",
    "/agent/views/pending/",
    "/agent/views/solved/",
    "/agent/counts/",
    "/agent/views/team/?priority=urgent&channel=email",
]


def pages_ms(agent_email: str, runs: int) -> dict[str, float]:
    """In the child: each page's median over `runs` requests with the code on sys.path."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realdesk.config.settings")
    templates = os.environ.get("CONSOLE_COMPARE_TEMPLATES")
    if templates:  # searched before the apps' own templates
        from realdesk.config import settings as config

        config.TEMPLATES[0]["DIRS"].insert(0, templates)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from timing import get_ms

    from realdesk.accounts.models import User

    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(User.objects.get(email=agent_email))
    return {url: statistics.median(get_ms(client, url, runs)) for url in PAGES}


def run_version(src: Path, agent_email: str, runs: int, templates: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
    env.pop("CONSOLE_COMPARE_TEMPLATES", None)
    if templates:
        env["CONSOLE_COMPARE_TEMPLATES"] = str(templates)
    done = subprocess.run(
        [sys.executable, __file__, "--child", agent_email, "--runs", str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{src}: {done.stderr.strip().splitlines()[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, nargs="?", help="a checkout of the older code")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(pages_ms(args.child, args.runs)))
        return
    if args.before is None:
        parser.error("give a checkout of the older code")
    sys.path.insert(0, str(HERE))
    from dataset import AGENT_EMAIL  # sets Django up: only the constant is used
    from timing import load

    before = args.before.resolve()
    versions = {
        "before": (before / "src", None),
        "now": (CHECKOUT / "src", None),
        "now, older templates": (
            CHECKOUT / "src",
            before / "src" / "realdesk" / "console" / "templates",
        ),
    }
    print(f"load average before: {load()}; {args.rounds} rounds of {args.runs} requests a page")
    times = {name: [] for name in versions}
    for _ in range(args.rounds):
        for name, (src, templates) in versions.items():
            times[name].append(run_version(src, AGENT_EMAIL, args.runs, templates))
    print(f"{'page (median ms)':<50}" + "".join(f"{name:>22}" for name in versions))
    for url in PAGES:
        row = [statistics.median(run[url] for run in times[name]) for name in versions]
        print(f"{url:<50}" + "".join(f"{value:>22.1f}" for value in row))
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
