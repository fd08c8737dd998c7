"""Each package of RealDesk has a README saying what lives there, its extension points and
what it may import (issue 14, item 7): a new app without one fails here."""

from pathlib import Path

import pytest

import realdesk

PACKAGES = sorted(path.parent for path in Path(realdesk.__file__).parent.glob("*/__init__.py"))


def test_there_are_packages_to_check():
    assert len(PACKAGES) > 10


@pytest.mark.parametrize("package", PACKAGES, ids=[p.name for p in PACKAGES])
def test_each_package_has_a_readme_with_its_extension_points_and_imports(package: Path):
    readme = package / "README.md"
    assert readme.is_file(), f"{package.name} has no README.md"
    text = readme.read_text("utf-8")
    assert "Extension points" in text, f"{package.name}/README.md names no extension points"
    assert "May import" in text, f"{package.name}/README.md says nothing of what it may import"
