"""Test markers: `pytest -m "not slow"` is the fast subset for development, `pytest` runs all.
A browser test is slow whether or not it says so."""

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)
