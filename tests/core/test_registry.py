import pytest

from realdesk.core.registry import Registry


def test_entries_come_back_by_key_in_registration_order():
    registry: Registry[str, int] = Registry("numbers")
    assert registry.register("two", 2) == 2
    registry.register("one", 1)
    assert registry.get("one") == 1
    assert registry.items() == [("two", 2), ("one", 1)]
    assert registry.values() == [2, 1]
    assert "two" in registry
    assert "three" not in registry


def test_a_key_registered_twice_is_refused_and_the_first_entry_kept():
    registry: Registry[str, int] = Registry("numbers")
    registry.register("one", 1)
    with pytest.raises(ValueError, match="numbers: 'one' is registered already"):
        registry.register("one", 11)
    assert registry.get("one") == 1


def test_an_unknown_key_names_the_registry():
    with pytest.raises(LookupError, match="numbers: nothing is registered as 'x'"):
        Registry("numbers").get("x")
