"""People and clients for the tests: alice (a patient), bob (another patient), clinicians."""

import re
from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from diary import sharing, tokens
from diary.choices import AccountType
from diary.models import Share, User

PASSWORD = "correct horse battery staple"


def make_user(username: str, account_type: str, **extra: Any) -> User:
    """A user with PASSWORD; a clinician is verified unless `clinician_verified=False`."""
    if account_type == AccountType.CLINICIAN:
        extra.setdefault("clinician_verified", True)
    return User.objects.create_user(
        username=username, password=PASSWORD, account_type=account_type, **extra
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(user: User) -> APIClient:
    client = APIClient()
    _token, secret = tokens.create_token(user=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def share_with(patient: User, clinician: User) -> Share:
    """An active share from patient to clinician, made the way people make one."""
    _pending, code = Share.create_for(patient)
    return sharing.redeem(clinician, code)


def text(response: Any) -> str:
    return response.content.decode()


def unlabelled(html: str) -> str:
    """The page without its table cells' data-label attributes (each column's full name, which
    a phone shows above the value), for tests that find a cell by its plain markup."""
    return re.sub(r' data-label="[^"]*"', "", html)
