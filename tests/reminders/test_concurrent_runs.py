"""send_reminders run four times at once, as four processes on one SQLite file (two timers,
or a run that overlaps the next): every due reminder is mailed exactly once."""

import subprocess
import sys
from pathlib import Path

from tests.gunicorn import ROOT, manage, migrate, server_env

PATIENTS = 6
RUNS = 4

# Each patient's reminder time is a minute ago on their own clock, so it is due now, whatever
# the time of day the test runs (a minute before midnight falls in yesterday's window).
SET_UP = f"""
from datetime import timedelta
from django.utils import timezone
from diary.models import Channel, Reminder, User
for n in range({PATIENTS}):
    user = User.objects.create_user(
        username=f"patient{{n}}", email=f"patient{{n}}@example.org",
        timezone=["Europe/Berlin", "America/New_York", "Asia/Tokyo"][n % 3],
    )
    at = (timezone.now().astimezone(user.tzinfo) - timedelta(minutes=1)).time()
    Reminder.objects.create(user=user, time=at.replace(second=0, microsecond=0),
                            channel=Channel.EMAIL)
"""


def test_four_runs_at_once_mail_each_reminder_once(tmp_path: Path) -> None:
    database = migrate(tmp_path)
    manage(database, "shell", "-v", "0", "-c", SET_UP)
    env = server_env(database, EMAIL_URL="console://")

    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_reminders"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(RUNS)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]

    assert [run.returncode for run in runs] == [0] * RUNS, outputs
    printed = "".join(out for out, _err in outputs)
    # The console backend prints each mail on the command's stdout.
    recipients = sorted(line for line in printed.splitlines() if line.startswith("To: "))
    assert recipients == sorted(f"To: patient{n}@example.org" for n in range(PATIENTS))
    sent = sum(
        int(part.split("=")[1])
        for line in printed.splitlines()
        if line.startswith("send_reminders:")
        for part in line.removeprefix("send_reminders: ").split(", ")
        if part.startswith("sent=")
    )
    assert sent == PATIENTS
