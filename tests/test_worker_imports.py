"""A worker that serves only the diary, the API and CSV exports never loads pandas or matplotlib.

They cost about 85 MB of each worker's memory and are only needed for trends, review pages,
reports and the weeks lists (issue 5's export benchmark has a 150 MB peak-memory target).
Checked in a fresh interpreter, since this test process has long imported both.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment

from diary.models import User

setup_test_environment()
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
call_command("check")


def heavy():
    return sorted(name for name in ("pandas", "matplotlib") if name in sys.modules)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)


loaded = {"start": heavy()}
patient, clinician = Client(), Client()
patient.force_login(User.objects.get(username="demo"))
clinician.force_login(User.objects.get(username="demo_clinician"))
for url in ("/nights/log/", "/nights/", "/nights/import/", "/sharing/", "/nights/export.csv"):
    fetch(patient, url)
fetch(patient, "/api/v1/nights/?format=csv")
fetch(clinician, "/api/v1/patients/nights/?format=csv")
loaded["after nights and exports"] = heavy()
fetch(patient, "/api/v1/weeks/?format=csv")
loaded["after weeks"] = heavy()
fetch(patient, "/trends/")
loaded["after trends"] = heavy()
print(json.dumps(loaded))
"""


def test_nights_and_exports_are_served_without_pandas_or_matplotlib(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rlsdiary.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'imports.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert loaded == {
        "start": [],
        "after nights and exports": [],
        # ...and the pages that need them still load them.
        "after weeks": ["pandas"],
        "after trends": ["matplotlib", "pandas"],
    }
