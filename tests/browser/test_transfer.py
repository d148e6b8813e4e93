"""Moving a diary by CSV in a real Chromium: download from one account, import into another."""

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from diary.models import User
from tests.browser.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-browser-1"


@pytest.fixture
def second_phone(open_page: Callable[..., Any]) -> Any:
    return open_page(390, 844)


def test_a_diary_downloaded_from_one_account_imports_into_another_after_a_fix(
    live_server: Any,
    phone: Any,
    second_phone: Any,
    alice: User,
    bob: User,
    make_night: Any,
    tmp_path: Path,
) -> None:
    for user in (alice, bob):
        user.set_password(PASSWORD)
        user.save()
    make_night(alice, date(2026, 11, 18), severity=4)
    make_night(alice, date(2026, 11, 19), severity=7, notes='woke twice, "legs on fire"')
    base = live_server.url

    log_in(phone, base, "alice", PASSWORD)
    phone.goto(f"{base}/nights/")
    phone.get_by_role("link", name="Import / download (CSV)").click()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="All nights (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    exported = Path(download.value.path()).read_bytes()
    lines = exported.decode().splitlines()
    assert len(lines) == 3 and lines[0].startswith("night,in_bed,")

    # A typo on the second night: severity 11. The whole file is refused, with where and why.
    header, *rows = csv.reader(io.StringIO(exported.decode()))
    rows[1][header.index("severity")] = "11"
    broken = tmp_path / "broken.csv"
    with broken.open("w", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows([header, *rows])

    log_in(second_phone, base, "bob", PASSWORD)
    second_phone.goto(f"{base}/nights/import/")
    second_phone.set_input_files("#id_file", str(broken))
    second_phone.get_by_role("button", name="Import").click()
    problems = second_phone.locator("#import-refused tbody tr")
    assert problems.count() == 1
    assert problems.first.locator("td").nth(0).inner_text() == "3"
    assert problems.first.locator("td").nth(1).inner_text() == "severity"
    assert bob.nights.count() == 0
    # Fits a phone: the problem table wraps instead of scrolling sideways.
    assert second_phone.evaluate("document.documentElement.scrollWidth") <= 390

    fixed = tmp_path / "fixed.csv"
    fixed.write_bytes(exported)
    second_phone.set_input_files("#id_file", str(fixed))
    second_phone.get_by_role("button", name="Import").click()
    second_phone.wait_for_url("**/nights/")
    assert "Imported 2 nights." in second_phone.locator("main").inner_text()
    assert list(bob.nights.order_by("night").values_list("severity", "notes")) == [
        (4, ""),
        (7, 'woke twice, "legs on fire"'),
    ]
