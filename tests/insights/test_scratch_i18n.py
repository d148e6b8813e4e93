import io, re
from datetime import UTC, datetime
from html import unescape
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from diary.management.commands.seed_demo import DEMO_CLINICIAN, DEMO_USERNAME
from diary.models import User


def _text(html):
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "\n", html))).strip()


def test_dump(db):
    with time_machine.travel(datetime(2026, 11, 26, 15, 0, tzinfo=UTC), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        demo = User.objects.get(username=DEMO_USERNAME)
        for lang in ("de", "es"):
            c = Client(HTTP_ACCEPT_LANGUAGE=lang); c.force_login(demo)
            t = c.get("/trends/").content.decode()
            open(f"/tmp/i18nins/scratch/trends_{lang}.txt", "w").write(_text(t))
            open(f"/tmp/i18nins/scratch/trends_{lang}.html", "w").write(t)
            k = Client(HTTP_ACCEPT_LANGUAGE=lang); k.force_login(User.objects.get(username=DEMO_CLINICIAN))
            d = k.get(reverse("clinician-dashboard")).content.decode()
            open(f"/tmp/i18nins/scratch/dash_{lang}.txt", "w").write(_text(d))
            r = k.get(reverse("patient-review", args=[demo.pk])).content.decode()
            open(f"/tmp/i18nins/scratch/review_{lang}.txt", "w").write(_text(r))
            open(f"/tmp/i18nins/scratch/review_{lang}.html", "w").write(r)
            p = k.get(reverse("patient-report", args=[demo.pk]))
            open(f"/tmp/i18nins/scratch/report_{lang}.pdf", "wb").write(p.content)
