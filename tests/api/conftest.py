from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from diary.models import Share, User
from diary.sharing import redeem, revoke
from tests.conftest import PASSWORD, _user

__all__ = ["PASSWORD"]

# 15:00 UTC is 10:00 in New York: alice may log nights up to 2026-11-22, not the 23rd.
FROZEN = "2026-11-22 15:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    # "A night in the future" depends on the patient's today; every API test shares one.
    with time_machine.travel(FROZEN, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_throttle_counts() -> Iterator[None]:
    # Throttle counters live in the cache; every test starts with none.
    cache.clear()
    yield
    cache.clear()


def token_client(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api() -> Callable[[User], APIClient]:
    return token_client


@pytest.fixture
def alice_api(alice: User) -> APIClient:
    return token_client(alice)


@pytest.fixture
def bob_api(bob: User) -> APIClient:
    return token_client(bob)


@pytest.fixture
def clinician_api(clinician: User) -> APIClient:
    return token_client(clinician)


@pytest.fixture
def anonymous_api() -> APIClient:
    return APIClient()


def share(patient: User, clinician: User) -> Share:
    """An active share from patient to clinician, made the way people make one."""
    _pending, code = Share.create_for(patient)
    return redeem(clinician, code)


@pytest.fixture
def alice_shares_with_clinician(alice: User, clinician: User) -> Share:
    return share(alice, clinician)


@pytest.fixture
def revoked_clinician(alice: User) -> User:
    """A clinician whom alice shared with and then revoked."""
    former = _user("dr_former", "clinician", timezone="Europe/London")
    revoke(share(alice, former))
    return former


@pytest.fixture
def lonely_clinician(db: None) -> User:
    """A clinician nobody shares with."""
    return _user("dr_nobody", "clinician")


@pytest.fixture
def night_json() -> Callable[..., dict[str, Any]]:
    def make(**overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "night": "2026-11-20",
            "in_bed": "22:30",
            "lights_out": "23:00",
            "sleep_latency_min": 30,
            "awakenings": 2,
            "waso_min": 20,
            "final_wake": "06:30",
            "out_of_bed": "07:00",
            "sleep_quality": 3,
            "severity": 5,
            "onset": "21:15",
            "sensations": ["urge", "creeping"],
            "areas": ["left_leg", "right_leg"],
            "relief": ["walking"],
            "factors": ["caffeine"],
            "notes": "",
        }
        data.update(overrides)
        return data

    return make
