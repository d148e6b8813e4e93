"""The theme follows the system's light or dark setting until the user picks one with the
toggle, and the pick is remembered (issue 15)."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.pages import Viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def theme(page: Any) -> str:
    return str(page.evaluate("document.documentElement.dataset.theme"))


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_page_follows_the_systems_colour_scheme(
    live_server: Any, open_page: Callable[..., Any], viewport: Viewport, system: str
) -> None:
    page = open_page(viewport.width, viewport.height, color_scheme=system)

    page.goto(f"{live_server.url}/accounts/login/")

    assert theme(page) == system


def test_a_theme_the_user_picks_wins_over_the_system_and_is_remembered(
    live_server: Any, open_page: Callable[..., Any]
) -> None:
    page = open_page(390, 844, color_scheme="light")
    page.goto(f"{live_server.url}/accounts/login/")

    page.get_by_role("button", name="Switch light/dark").click()
    assert theme(page) == "dark"
    page.reload()

    assert theme(page) == "dark"


def test_the_page_changes_with_the_system_while_nothing_is_picked(
    live_server: Any, open_page: Callable[..., Any], viewport: Viewport
) -> None:
    page = open_page(viewport.width, viewport.height, color_scheme="dark")
    page.goto(f"{live_server.url}/accounts/login/")

    page.emulate_media(color_scheme="light")

    page.wait_for_function("document.documentElement.dataset.theme === 'light'")
