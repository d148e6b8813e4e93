"""Create a demo patient with about 16 weeks of plausible nights. Running it again gives the same
account and a fresh, equally plausible history ending last night."""

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from diary import sharing
from diary.choices import AccountType
from diary.models import Night, Share, User

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "restless-legs-demo"
DEMO_TIMEZONE = "America/New_York"
DEMO_CLINICIAN = "demo_clinician"
WEEKS = 16


def _clock(minutes_after_midnight: float) -> time:
    minutes = round(minutes_after_midnight) % (24 * 60)
    return time(minutes // 60, minutes % 60)


def demo_nights(patient: User, last_night: date, seed: int = 7) -> list[Night]:
    """Three phases: a steady baseline, onset drifting earlier with spread to the arms (what
    augmentation looks like), then a treatment-like improvement after an iron infusion."""
    rng = random.Random(seed)
    # A stream of its own for the daytime answers, so the nights stay those of earlier seeds.
    day_rng = random.Random(seed + 1)
    first = last_night - timedelta(weeks=WEEKS) + timedelta(days=1)
    nights = []
    for i in range((last_night - first).days + 1):
        day = first + timedelta(days=i)
        if rng.random() < 0.06 and day != last_night:  # a forgotten night now and then
            continue
        phase = i / (WEEKS * 7)
        if phase < 0.4:
            onset_min, severity_mean = 22 * 60 + rng.gauss(0, 35), 4.0
        elif phase < 0.7:
            drift = (phase - 0.4) / 0.3
            onset_min, severity_mean = 22 * 60 - drift * 240 + rng.gauss(0, 40), 4.5 + 3 * drift
        else:
            onset_min, severity_mean = 22 * 60 + 30 + rng.gauss(0, 35), 2.0
        severity = max(0, min(10, round(rng.gauss(severity_mean, 1.2))))
        in_bed = 22 * 60 + 30 + rng.gauss(0, 20)
        lights_out = in_bed + rng.randint(0, 25)
        latency = int(max(5, rng.gauss(15 + 6 * severity, 10)))
        waso = int(max(0, rng.gauss(10 + 5 * severity, 10)))
        final_wake = 24 * 60 + 6 * 60 + 30 + rng.gauss(0, 25)
        out_of_bed = final_wake + rng.randint(0, 30)
        spread = phase >= 0.5 and phase < 0.75 and rng.random() < 0.5
        notes = ""
        if i == int(WEEKS * 7 * 0.7):
            notes = "IV iron infusion today."
        nights.append(
            Night(
                patient=patient,
                night=day,
                in_bed=_clock(in_bed),
                lights_out=_clock(lights_out),
                sleep_latency_min=latency,
                awakenings=min(50, waso // 12 + rng.randint(0, 2)),
                waso_min=waso,
                final_wake=_clock(final_wake),
                out_of_bed=_clock(out_of_bed),
                sleep_quality=max(1, min(5, round(4.5 - severity / 2.5 + rng.gauss(0, 0.5)))),
                severity=severity,
                onset=_clock(onset_min) if severity > 0 else None,
                sensations=rng.sample(["urge", "creeping", "tingling", "aching"], 2)
                if severity
                else [],
                areas=(["left_leg", "right_leg", "arms"] if spread else ["left_leg", "right_leg"])
                if severity
                else [],
                relief=rng.sample(["walking", "stretching", "massage"], 1) if severity else [],
                factors=rng.sample(["caffeine", "stress", "long_sitting"], rng.randint(0, 1)),
                notes=notes,
                **_daytime(day_rng, severity),
            )
        )
    return nights


def _daytime(rng: random.Random, severity: int) -> dict[str, int | None]:
    """Tiredness and mood that follow the symptoms loosely; skipped now and then (optional)."""
    if rng.random() < 0.15:
        return {"day_fatigue": None, "day_mood": None}
    fatigue = max(0, min(10, round(rng.gauss(1.5 + 0.6 * severity, 1.2))))
    mood = max(1, min(5, round(rng.gauss(4.2 - 0.3 * severity, 0.6))))
    return {"day_fatigue": fatigue, "day_mood": mood}


class Command(BaseCommand):
    help = "Create (or reset) the demo patient with about 16 weeks of nights."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            patient, _ = User.objects.update_or_create(
                username=DEMO_USERNAME,
                defaults={"account_type": AccountType.PATIENT, "timezone": DEMO_TIMEZONE},
            )
            patient.set_password(DEMO_PASSWORD)
            patient.save()
            patient.nights.all().delete()
            last_night = datetime.now(patient.tzinfo).date() - timedelta(days=1)
            nights = demo_nights(patient, last_night)
            for night in nights:
                night.full_clean()
            Night.objects.bulk_create(nights)
            patient.bump_nights_version()
            clinician, _ = User.objects.update_or_create(
                username=DEMO_CLINICIAN,
                defaults={"account_type": AccountType.CLINICIAN, "timezone": DEMO_TIMEZONE},
            )
            clinician.set_password(DEMO_PASSWORD)
            clinician.save()
            if not Share.objects.active().filter(patient=patient, clinician=clinician).exists():
                _share, code = Share.create_for(patient)
                sharing.redeem(clinician, code)
        self.stdout.write(
            f"Demo patient ready with {len(nights)} nights, shared with a demo clinician.\n"
            f"Log in at http://127.0.0.1:8000/accounts/login/ as "
            f"{DEMO_USERNAME} or {DEMO_CLINICIAN}, password {DEMO_PASSWORD}"
        )
