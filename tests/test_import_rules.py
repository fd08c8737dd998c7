"""The layering rules of docs/architecture.md, read from the source with `ast`.

- `core` is the ground floor: it imports no other RealDesk package; apps plug into it
  from their `AppConfig.ready()`.
- Domain apps never import the layers built on them (`console`, `portal`, `api`).
- A service never imports its own app's tasks: the tasks call the service, so the import
  would be a circle. It enqueues them by name (`core.enqueue.task_enqueue`). A service is
  an actions module or any module one of the app's tasks modules imports.
- Within a package, the one-way roads of `PACKAGE_RULES`: email's outbound side never
  reads the inbound side; the inbound filters decide and never write; email parsing,
  reply extraction and robot classification are pure; the door every email passes never
  loads the bulk importer.

Every import counts, also inside functions and under `TYPE_CHECKING`: a deferred import is
still the dependency, only hidden.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import realdesk

ROOT = Path(realdesk.__file__).parent
#: Built on the domain apps; domain apps must not reach them.
UPPER_LAYERS = frozenset({"console", "portal", "api"})
#: Not domain apps: the ground floor, the wiring, the layers above and the demo data.
NOT_DOMAIN = UPPER_LAYERS | {"core", "config", "demo", "locale"}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in a file, relative ones resolved."""
    package = module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            # `from realdesk.x import tasks` imports the module realdesk.x.tasks
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "realdesk" else None


def sources(root: Path = ROOT) -> dict[str, Path]:
    return {
        module_name(path, root): path
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
    }


def is_tasks(module: str) -> bool:
    return module.rsplit(".", 1)[-1] == "tasks"


def is_actions(module: str) -> bool:
    return "actions" in module.split(".")[2:]


def upward_imports(root: Path = ROOT) -> list[str]:
    found: dict[str, str] = {}
    for module, path in sources(root).items():
        app = app_of(module)
        for line, imported in imports_of(path, root):
            target = app_of(imported)
            if target is None or target == app:
                continue
            if app == "core" or (app not in NOT_DOMAIN and target in UPPER_LAYERS):
                found.setdefault(f"{module}:{line}", f"{module}:{line} imports {imported}")
    return list(found.values())


def services_importing_their_tasks(root: Path = ROOT) -> list[str]:
    modules = sources(root)
    tasks_modules = {module for module in modules if is_tasks(module)}
    called_by_tasks = {
        imported
        for module in tasks_modules
        for _, imported in imports_of(modules[module], root)
        if imported in modules
    }
    found: dict[str, str] = {}
    for module, path in modules.items():
        if is_tasks(module) or not (is_actions(module) or module in called_by_tasks):
            continue
        for line, imported in imports_of(path, root):
            if imported in tasks_modules and app_of(imported) == app_of(module):
                found.setdefault(f"{module}:{line}", f"{module}:{line} imports {imported}")
    return list(found.values())


#: (modules starting with, may not import modules starting with, why).
PACKAGE_RULES: list[tuple[str, tuple[str, ...], str]] = [
    (
        "realdesk.comms.email.outbound",
        ("realdesk.comms.email.inbound",),
        "mail going out never reads the inbound side",
    ),
    (
        "realdesk.comms.email.inbound.filters",
        (
            "realdesk.comms.email.outbound",
            "realdesk.comms.email.inbound.pipeline",
            "realdesk.comms.email.inbound.plan",
            "realdesk.comms.outbound",
            *(f"realdesk.{app}.actions" for app in ("accounts", "tickets", "comms")),
        ),
        "filters return a decision and its effects; the pipeline writes them",
    ),
    *(
        (
            f"realdesk.comms.email.inbound.{pure}",
            ("django", "realdesk.comms.models", "realdesk.tickets", "realdesk.accounts"),
            "pure: no ORM, no settings, table-driven tests",
        )
        for pure in ("parse", "reply", "robots")
    ),
    *(
        (
            f"realdesk.comms.email.inbound.{door}",
            ("realdesk.comms.email.inbound.bulk", "multiprocessing"),
            "every email passes here; bulk imports pay for their own machinery",
        )
        for door in ("record", "pipeline", "drivers.listener")
    ),
    (
        "realdesk.knowledge",
        ("realdesk.comms.email.inbound",),
        "HTML as text is core's (core.htmltext), not the email parser's",
    ),
    (
        "realdesk.tickets",
        ("realdesk.comms",),
        "channels plug into tickets, not the other way; the ledger is core's (core.RawMessage)",
    ),
]


def package_rule_breaches(root: Path = ROOT) -> list[str]:
    found: dict[str, str] = {}
    for module, path in sources(root).items():
        for line, imported in imports_of(path, root):
            for importer, forbidden, why in PACKAGE_RULES:
                if module != importer and not module.startswith(f"{importer}."):
                    continue
                if any(imported == f or imported.startswith(f"{f}.") for f in forbidden):
                    found.setdefault(
                        f"{module}:{line}", f"{module}:{line} imports {imported} ({why})"
                    )
    return list(found.values())


#: Packages whose modules import one another one way only: no file circles.
ACYCLIC_PACKAGES = ("realdesk.comms.email", "realdesk.webhooks", "realdesk.portal_access")


def import_cycles(package: str, root: Path = ROOT) -> list[str]:
    """The modules of `package` that reach themselves again through its other modules."""
    modules = {
        m: p for m, p in sources(root).items() if m == package or m.startswith(f"{package}.")
    }
    graph = {
        m: {i for _, i in imports_of(p, root) if i in modules and i != m}
        for m, p in modules.items()
    }
    found = []
    for start in modules:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module == start:
                found.append(start)
                break
            if module not in seen:
                seen.add(module)
                todo.extend(graph[module])
    return found


def test_core_and_domain_apps_import_only_downwards() -> None:
    assert upward_imports() == []


def test_services_enqueue_their_tasks_by_name() -> None:
    assert services_importing_their_tasks() == []


def test_packages_keep_their_one_way_roads() -> None:
    assert package_rule_breaches() == []


def test_no_file_circles() -> None:
    assert {package: import_cycles(package) for package in ACYCLIC_PACKAGES} == {
        package: [] for package in ACYCLIC_PACKAGES
    }


def test_the_rules_find_each_kind_of_violation(tmp_path: Path) -> None:
    """An empty list proves nothing unless the same checks find planted violations."""
    files = {
        "core/__init__.py": "",
        "core/health.py": "def check():\n    from realdesk.tickets.models import Ticket\n",
        "tickets/__init__.py": "",
        "tickets/models.py": "from ..core import health\n",
        "tickets/views.py": "from realdesk.console.views import inbox\n",
        "tickets/outbox.py": "from . import tasks\n",
        "tickets/tasks.py": "from realdesk.tickets.outbox import send\n",
        "tickets/actions/__init__.py": "",
        "tickets/actions/open.py": "def f():\n    from realdesk.tickets.tasks import t\n",
        "tickets/reactions.py": "from realdesk.tickets.tasks import t\n",
        "console/__init__.py": "from realdesk.tickets import models\n",
        "comms/__init__.py": "",
        "comms/email/__init__.py": "",
        "comms/email/outbound/__init__.py": "",
        "comms/email/outbound/outbox.py": "from ..inbound import batch\n",
        "comms/email/inbound/__init__.py": "",
        "comms/email/inbound/batch.py": "",
        "comms/email/inbound/filters.py": "from realdesk.tickets.actions import open\n",
        "comms/email/inbound/parse/__init__.py": "",
        "comms/email/inbound/parse/message.py": "def f():\n    from django.db import models\n",
        "comms/email/inbound/record.py": "from realdesk.comms.email.inbound.bulk import x\n",
        "comms/email/inbound/bulk.py": "def f():\n    from .record import y\n",
    }
    root = tmp_path / "realdesk"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)

    assert upward_imports(root) == [
        "realdesk.core.health:2 imports realdesk.tickets.models",
        "realdesk.tickets.views:1 imports realdesk.console.views",
    ]
    assert services_importing_their_tasks(root) == [
        "realdesk.tickets.actions.open:2 imports realdesk.tickets.tasks",
        "realdesk.tickets.outbox:1 imports realdesk.tickets.tasks",
    ]
    assert package_rule_breaches(root) == [
        "realdesk.comms.email.inbound.filters:1 imports realdesk.tickets.actions"
        " (filters return a decision and its effects; the pipeline writes them)",
        "realdesk.comms.email.inbound.parse.message:2 imports django.db"
        " (pure: no ORM, no settings, table-driven tests)",
        "realdesk.comms.email.inbound.record:1 imports realdesk.comms.email.inbound.bulk"
        " (every email passes here; bulk imports pay for their own machinery)",
        "realdesk.comms.email.outbound.outbox:1 imports realdesk.comms.email.inbound"
        " (mail going out never reads the inbound side)",
    ]
    assert import_cycles("realdesk.comms.email", root) == [
        "realdesk.comms.email.inbound.bulk",
        "realdesk.comms.email.inbound.record",
    ]
