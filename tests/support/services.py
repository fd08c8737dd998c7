"""What tests need from outside the project, and what it means when it is missing.

On a developer's clone a test whose program (dovecot, redis-server) or public corpus
(`../shared/data`, read in place, never copied here) is missing is skipped, saying what
to install. CI must not be green that way: with REALDESK_REQUIRE_SERVICES=1, which `.ci/run`
sets, tests/conftest.py turns every skip into a failure that names what was missing.

A test that does not apply to the database in use (`@pytest.mark.postgres` on SQLite) is
not a missing service: it is deselected, never skipped, so it cannot trip the rule above.
"""

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(os.environ.get("REALDESK_SHARED_DIR") or REPO_ROOT.parent / "shared") / "data"


def services_required() -> bool:
    return os.environ.get("REALDESK_REQUIRE_SERVICES", "").strip() not in {"", "0"}


def needs_program(program: str, *, package: str) -> pytest.MarkDecorator:
    """Skip unless `program` is on the PATH (Debian's `package` provides it)."""
    return pytest.mark.skipif(
        shutil.which(program) is None,
        reason=f"needs {program} (apt {package}; .ci/run installs it)",
    )


def needs_shared(*relative: str) -> pytest.MarkDecorator:
    """Skip unless every `relative` path exists under the shared data directory."""
    absent = [name for name in relative if not (SHARED_DATA / name).exists()]
    return pytest.mark.skipif(
        bool(absent), reason=f"needs shared data {', '.join(absent)} under {SHARED_DATA}"
    )
