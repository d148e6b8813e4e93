"""Create a demo patient with about ten months of plausible nights and treatments, shared with a
demo clinician. Running it again gives the same accounts and a fresh, equally plausible history
ending last night."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from diary import sharing
from diary.choices import AccountType, DoseUnit, TreatmentKind
from diary.models import Assessment, LabResult, Night, Share, Treatment, User

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "restless-legs-demo"
DEMO_TIMEZONE = "America/New_York"
DEMO_CLINICIAN = "demo_clinician"
# About ten months of nights, so the demo shows a whole treatment history.
DAYS = 300


def _clock(minutes_after_midnight: float) -> time:
    minutes = round(minutes_after_midnight) % (24 * 60)
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class Phase:
    """What a stretch of the story looks like: mean onset (minutes after midnight, evening),
    mean severity and whether symptoms spread to the arms."""

    onset_min: float
    severity: float
    spread: bool = False


def phase_on(days_ago: int) -> Phase:
    """The demo's story, by how many nights before last night (see demo_treatments):
    untreated; better after an IV iron infusion; much better on pramipexole for months; then
    onset creeping earlier with rising severity and spread to the arms, the picture of
    augmentation, which the demo clinician's dashboard flags."""
    if days_ago > IRON_DAYS_AGO - 14:  # untreated, and the two weeks the infusion takes
        return Phase(22 * 60, 5.5)
    if days_ago > PRAMIPEXOLE_DAYS_AGO:  # after the infusion
        return Phase(22 * 60, 4.0)
    if days_ago > 100:  # pramipexole helps
        return Phase(22 * 60 + 30, 2.3)
    drift = min(1.0, (100 - days_ago) / 60)  # over two months, then it stays
    return Phase(22 * 60 + 30 - drift * 300, 2.5 + 3 * drift, spread=days_ago < 60)


IRON_DAYS_AGO = 240
PRAMIPEXOLE_DAYS_AGO = 196
DOSE_CHANGE_DAYS_AGO = 140
CRYOTHERAPY_DAYS_AGO = range(172, 150, -3)  # eight sessions over three weeks


def demo_nights(patient: User, last_night: date, seed: int = 7) -> list[Night]:
    rng = random.Random(seed)
    # A stream of its own for the daytime answers, so the nights stay those of earlier seeds.
    day_rng = random.Random(seed + 1)
    nights = []
    for days_ago in range(DAYS - 1, -1, -1):
        day = last_night - timedelta(days=days_ago)
        if rng.random() < 0.06 and days_ago:  # a forgotten night now and then
            continue
        phase = phase_on(days_ago)
        onset_min = phase.onset_min + rng.gauss(0, 35)
        severity = max(0, min(10, round(rng.gauss(phase.severity, 1.2))))
        in_bed = 22 * 60 + 30 + rng.gauss(0, 20)
        lights_out = in_bed + rng.randint(0, 25)
        latency = int(max(5, rng.gauss(15 + 6 * severity, 10)))
        waso = int(max(0, rng.gauss(10 + 5 * severity, 10)))
        final_wake = 24 * 60 + 6 * 60 + 30 + rng.gauss(0, 25)
        out_of_bed = final_wake + rng.randint(0, 30)
        spread = phase.spread and rng.random() < 0.5
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
                notes="IV iron infusion today." if days_ago == IRON_DAYS_AGO else "",
                **_daytime(day_rng, awake_min=latency + waso),
            )
        )
    return nights


def demo_treatments(patient: User, last_night: date) -> list[Treatment]:
    def on(days_ago: int) -> date:
        return last_night - timedelta(days=days_ago)

    iron = Treatment(
        patient=patient,
        kind=TreatmentKind.IRON_IV,
        name="ferric_carboxymaltose",
        dose=Decimal(1000),
        dose_unit=DoseUnit.MG,
        started=on(IRON_DAYS_AGO),
    )
    start_dose = Treatment(
        patient=patient,
        kind=TreatmentKind.MEDICATION,
        name="pramipexole",
        dose=Decimal("0.125"),
        dose_unit=DoseUnit.MG,
        dose_time=time(20, 0),
        started=on(PRAMIPEXOLE_DAYS_AGO),
        stopped=on(DOSE_CHANGE_DAYS_AGO + 1),
    )
    higher_dose = Treatment(
        patient=patient,
        kind=TreatmentKind.MEDICATION,
        name="pramipexole",
        dose=Decimal("0.25"),
        dose_unit=DoseUnit.MG,
        dose_time=time(20, 0),
        started=on(DOSE_CHANGE_DAYS_AGO),
    )
    cryotherapy = [
        Treatment(patient=patient, kind=TreatmentKind.CRYOTHERAPY, started=on(days_ago))
        for days_ago in CRYOTHERAPY_DAYS_AGO
    ]
    return [iron, start_dose, higher_dose, *cryotherapy]


def _daytime(rng: random.Random, *, awake_min: int) -> dict[str, int | None]:
    """Tiredness that follows the night's lost sleep (minutes to fall asleep and awake), and
    mood that follows tiredness; skipped now and then, as they are optional."""
    if rng.random() < 0.15:
        return {"day_fatigue": None, "day_mood": None}
    fatigue = max(0, min(10, round(rng.gauss(1 + awake_min / 20, 1.0))))
    mood = max(1, min(5, round(rng.gauss(4.5 - 0.3 * fatigue, 0.6))))
    return {"day_fatigue": fatigue, "day_mood": mood}


def demo_labs(patient: User, clinician: User, last_night: date) -> list[LabResult | Assessment]:
    """Iron studies: low before the infusion (the reason for it), normal after, and a recent
    one the clinician ordered; two IRLS totals from the clinic, the later one 7 points worse
    (the onset creeping earlier on pramipexole)."""

    def on(days_ago: int) -> date:
        return last_night - timedelta(days=days_ago)

    return [
        LabResult(
            patient=patient,
            entered_by_user=patient,
            drawn=on(IRON_DAYS_AGO + 10),
            ferritin_ng_ml=Decimal("38.0"),
            serum_iron_ug_dl=Decimal("48.0"),
            tibc_ug_dl=Decimal("410.0"),
            hemoglobin_g_dl=Decimal("12.9"),
        ),
        LabResult(
            patient=patient,
            entered_by_user=patient,
            drawn=on(IRON_DAYS_AGO - 60),
            ferritin_ng_ml=Decimal("164.0"),
            tsat_pct=Decimal("31.0"),
            hemoglobin_g_dl=Decimal("13.6"),
        ),
        LabResult(
            patient=patient,
            entered_by_user=clinician,
            drawn=on(20),
            ferritin_ng_ml=Decimal("118.0"),
            tsat_pct=Decimal("27.5"),
            crp_mg_l=Decimal("2.1"),
        ),
        Assessment(
            patient=patient,
            entered_by_user=clinician,
            assessed=on(120),
            irls_total=12,
            cgi_severity=3,
            note="Well controlled on pramipexole 0.25 mg.",
        ),
        Assessment(
            patient=patient,
            entered_by_user=clinician,
            assessed=on(14),
            irls_total=19,
            cgi_severity=4,
            cgi_improvement=5,
            note="Symptoms earlier in the evening and in the arms: review for augmentation.",
        ),
    ]


class Command(BaseCommand):
    help = "Create (or reset) the demo patient with about ten months of nights and treatments."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            patient, _ = User.objects.update_or_create(
                username=DEMO_USERNAME,
                defaults={"account_type": AccountType.PATIENT, "timezone": DEMO_TIMEZONE},
            )
            patient.set_password(DEMO_PASSWORD)
            patient.save()
            patient.nights.all().delete()
            Treatment.objects.filter(patient=patient).delete()
            last_night = datetime.now(patient.tzinfo).date() - timedelta(days=1)
            nights = demo_nights(patient, last_night)
            treatments = demo_treatments(patient, last_night)
            for entry in [*nights, *treatments]:
                entry.full_clean()  # the same rules as a typed entry
            Night.objects.bulk_create(nights)
            Treatment.objects.bulk_create(treatments)
            patient.bump_nights_version()
            clinician, _ = User.objects.update_or_create(
                username=DEMO_CLINICIAN,
                defaults={
                    "account_type": AccountType.CLINICIAN,
                    "timezone": DEMO_TIMEZONE,
                    "clinician_verified": True,  # as if the site's administrator had checked
                },
            )
            clinician.set_password(DEMO_PASSWORD)
            clinician.save()
            if not Share.objects.active().filter(patient=patient, clinician=clinician).exists():
                _share, code = Share.create_for(patient)
                sharing.redeem(clinician, code)
            LabResult.objects.filter(patient=patient).delete()
            Assessment.objects.filter(patient=patient).delete()
            for entry in demo_labs(patient, clinician, last_night):
                entry.full_clean()  # works out TSAT from iron and TIBC where it is left out
                entry.save()
        self.stdout.write(
            f"Demo patient ready with {len(nights)} nights and {len(treatments)} treatments, "
            "shared with a demo clinician.\n"
            f"Log in at http://127.0.0.1:8000/accounts/login/ as "
            f"{DEMO_USERNAME} or {DEMO_CLINICIAN}, password {DEMO_PASSWORD}"
        )
