"""Fixtures of the browser tests only (the shared ones, browser and open_page, are in
tests/conftest.py)."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.pages import VIEWPORTS, Viewport


@pytest.fixture(params=VIEWPORTS, ids=[viewport.name for viewport in VIEWPORTS])
def viewport(request: pytest.FixtureRequest) -> Viewport:
    """Each size the app is checked at (issue 15): a test that takes it runs once per size."""
    size: Viewport = request.param
    return size


@pytest.fixture
def screen(open_page: Callable[..., Any], viewport: Viewport) -> Any:
    """A page at each of VIEWPORTS' sizes in turn, in the phone fixture's zone."""
    return open_page(viewport.width, viewport.height, timezone_id="Europe/Paris")
