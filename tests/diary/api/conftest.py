from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from diary.models import User
from tests import factories
from tests.helpers import PASSWORD, make_user, token_client

__all__ = ["PASSWORD"]

# 15:00 UTC is 10:00 in New York: alice may log nights up to 2026-11-22, not the 23rd.
FROZEN = "2026-11-22 15:00:00+00:00"


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    # "A night in the future" depends on the patient's today; every API test shares one.
    with time_machine.travel(FROZEN, tick=False):
        yield


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


@pytest.fixture
def lonely_clinician(db: None) -> User:
    """A clinician nobody shares with."""
    return make_user("dr_nobody", "clinician")


@pytest.fixture
def night_json() -> Callable[..., dict[str, Any]]:
    return factories.night_json
