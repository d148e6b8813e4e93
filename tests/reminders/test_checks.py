"""The deploy checks of reminders (diary.reminder_checks)."""

from typing import Any

import pytest

from diary.reminder_checks import both_vapid_keys_or_neither, reminder_links_reach_the_site


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://localhost:8000", True),
        ("http://diary.example.org", True),
        ("https://127.0.0.1", True),
        ("https://diary.example.org", False),
    ],
)
def test_reminder_links_must_reach_the_site_over_https(
    settings: Any, url: str, warned: bool
) -> None:
    settings.SITE_URL = url

    assert [w.id for w in reminder_links_reach_the_site()] == (["diary.W010"] if warned else [])


@pytest.mark.parametrize(
    ("public", "private", "warned"),
    [("", "", False), ("pub", "priv", False), ("pub", "", True), ("", "priv", True)],
)
def test_one_vapid_key_without_the_other_is_warned_about(
    settings: Any, public: str, private: str, warned: bool
) -> None:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private

    assert [w.id for w in both_vapid_keys_or_neither()] == (["diary.W011"] if warned else [])
