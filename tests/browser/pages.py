"""Helpers shared by the Playwright tests."""

from typing import Any, NamedTuple


class Viewport(NamedTuple):
    name: str
    width: int
    height: int


# The sizes issue 15 checks the app at: a phone held upright, and a desktop.
PHONE = Viewport("phone", 390, 844)
DESKTOP = Viewport("desktop", 1280, 900)
VIEWPORTS = (PHONE, DESKTOP)


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
