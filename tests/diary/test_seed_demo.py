from io import StringIO

import time_machine
from django.core.management import call_command

from diary.access import shared_patients
from diary.management.commands.seed_demo import DEMO_USERNAME
from diary.models import Assessment, LabResult, Treatment, User


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_it_seeds_about_ten_months_of_valid_nights_and_treatments_and_is_idempotent(
    db: None,
) -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)
    demo = User.objects.get(username=DEMO_USERNAME)
    nights = list(demo.nights.order_by("night"))
    assert 260 <= len(nights) <= 300
    assert str(nights[-1].night) == "2026-11-21"
    assert (nights[-1].night - nights[0].night).days == 299
    for night in nights:
        night.full_clean()  # every seeded night passes the same rules as a typed one
    treatments = list(Treatment.objects.filter(patient=demo))
    for treatment in treatments:
        treatment.full_clean()
    names = sorted({t.name or t.kind for t in treatments})
    assert names == ["cryotherapy", "ferric_carboxymaltose", "pramipexole"]
    assert User.objects.filter(username=DEMO_USERNAME).count() == 1
    assert "demo" in out.getvalue()
    assert demo.check_password("restless-legs-demo")
    clinician = User.objects.get(username="demo_clinician")
    assert clinician.is_clinician
    assert list(shared_patients(clinician)) == [demo]


@time_machine.travel("2026-11-22 15:00:00+00:00", tick=False)
def test_the_demo_has_iron_studies_around_the_infusion_and_two_irls_totals(db: None) -> None:
    call_command("seed_demo", stdout=StringIO())
    demo = User.objects.get(username=DEMO_USERNAME)
    labs = list(LabResult.objects.filter(patient=demo))
    ferritins = [lab.ferritin_ng_ml or 0 for lab in labs]
    assert ferritins[0] <= 75 < ferritins[1]  # low before the infusion, then normal
    assert labs[0].tsat_pct is not None  # worked out from iron and TIBC
    totals = [a.irls_total or 0 for a in Assessment.objects.filter(patient=demo)]
    assert len(totals) == 2 and totals[1] - totals[0] >= 5
    assert {lab.entered_by for lab in labs} == {"patient", "demo_clinician"}
