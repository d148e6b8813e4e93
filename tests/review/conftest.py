from typing import Any

import pytest
from django.test import Client

from diary import sharing
from diary.choices import AccountType
from diary.models import Share, User
from tests.conftest import _user, logged_in


def share_with(patient: User, clinician: User) -> Share:
    _, code = Share.create_for(patient)
    return sharing.redeem(clinician, code)


@pytest.fixture
def alice_shares(alice: User, clinician: User) -> Share:
    return share_with(alice, clinician)


@pytest.fixture
def revoked_clinician(db: None, alice: User) -> User:
    other = _user("dr_rex", AccountType.CLINICIAN)
    sharing.revoke(share_with(alice, other))
    return other


@pytest.fixture
def revoked_client(revoked_clinician: User) -> Client:
    return logged_in(revoked_clinician)


@pytest.fixture
def lonely_clinician_client(db: None) -> Client:
    return logged_in(_user("dr_nobody", AccountType.CLINICIAN))


def text(response: Any) -> str:
    return response.content.decode()
