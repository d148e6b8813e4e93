"""The API's JSON parser (diary/api/parsers.py): deep nesting, lone surrogates and oversized
bodies are refused before they can crash anything, and ordinary JSON reads as before."""

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.parsers import JSONParser
from rest_framework.test import APIClient
from rest_framework.views import APIView

from diary.api.parsers import MAX_DEPTH, SafeJSONParser, too_deep
from diary.models import User

NightJson = Callable[..., dict[str, Any]]


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def post_text(client: APIClient, url: str, text: str, charset: str = "utf-8") -> Any:
    return client.post(
        url, text.encode(charset), content_type=f"application/json; charset={charset}"
    )


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused(
    anonymous_api: APIClient,
    db: None,  # the log-in limit is counted in the database
) -> None:
    # The answer about the shape (a list is no username) shows the body was parsed.
    deep_enough = f'{{"username": {nested(MAX_DEPTH - 1)}, "password": "x"}}'
    answer = post_text(anonymous_api, "/api/v1/auth/token/", deep_enough)
    assert answer.status_code == 400 and "username" in answer.json()
    too_deep_body = f'{{"username": {nested(MAX_DEPTH)}, "password": "x"}}'
    answer = post_text(anonymous_api, "/api/v1/auth/token/", too_deep_body)
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": f"JSON parse error - nested more than {MAX_DEPTH} levels deep."
    }


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        ('{"a": [1, {"b": []}]}', False),
        (nested(MAX_DEPTH), False),
        (nested(MAX_DEPTH + 1), True),
        (nested(2) * 100_000, False),  # many brackets, all shallow
        ('"' + "[" * 10_000 + '"', False),  # brackets inside a string are text
        ('["\\"' + "[" * 10_000 + '"]', False),  # an escaped quote does not end the string
        ('["\\\\", ' + nested(MAX_DEPTH + 1) + "]", True),  # an escaped backslash does not hide
        ("[" * 100_000, True),  # opened and never closed
        ("]" * 100_000, False),  # the parser fails at once on these
    ],
)
def test_nesting_depth_is_found_without_parsing(body: str, deep: bool) -> None:
    assert too_deep(body.encode()) is deep


def test_a_lone_surrogate_is_refused_without_quoting_it(
    alice_api: APIClient, night_json: NightJson
) -> None:
    for lone in ("\ud800", "\udfff", "x\ud83d", "\ude00x"):
        answer = post_text(alice_api, "/api/v1/nights/", json.dumps(night_json(notes=lone)))
        assert answer.status_code == 400
        assert "surrogate" in answer.json()["detail"]
    assert not alice_api.get("/api/v1/nights/").json()["count"]


def test_a_literal_backslash_u_in_the_text_is_kept(
    alice: User, alice_api: APIClient, night_json: NightJson
) -> None:
    # The text \ud800 written out (an escaped backslash) is six ordinary characters.
    answer = post_text(alice_api, "/api/v1/nights/", json.dumps(night_json(notes="\\ud800")))
    assert answer.status_code == 201
    assert alice.nights.get().notes == "\\ud800"


def test_a_body_in_another_declared_charset_still_reads(alice: User, alice_api: APIClient) -> None:
    answer = alice_api.patch(
        "/api/v1/profile/",
        json.dumps({"sleep_need_min": 450}).encode("utf-16"),
        content_type="application/json; charset=utf-16",
    )
    assert answer.status_code == 200
    alice.refresh_from_db()
    assert alice.sleep_need_min == 450


@pytest.mark.parametrize(
    ("body", "charset"),
    [
        (b'{"timezone": "\xed\xa0\x80"}', "utf-8"),  # a surrogate's bytes are no UTF-8
        (b'{"timezone": "UTC"}', "base64"),  # a codec, but not one for text
    ],
)
def test_a_body_that_is_not_text_in_its_charset_is_a_400(
    alice_api: APIClient, body: bytes, charset: str
) -> None:
    answer = alice_api.patch(
        "/api/v1/profile/", body, content_type=f"application/json; charset={charset}"
    )
    assert answer.status_code == 400 and "detail" in answer.json()


def test_a_json_body_over_the_upload_limit_is_a_400(
    alice: User, alice_api: APIClient, night_json: NightJson, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    answer = post_text(alice_api, "/api/v1/nights/", json.dumps(night_json(notes="x" * 1000)))
    assert answer.status_code == 400
    assert answer.json() == {"detail": "The request body is too large."}
    assert not alice.nights.exists()


def _views(patterns: list[URLPattern | URLResolver]) -> Iterator[tuple[str, type[APIView]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(getattr(pattern.callback, "cls", None), type):
            view: type[APIView] = pattern.callback.cls  # type: ignore[attr-defined]  # R: DRF's as_view sets it, checked above
            yield str(pattern.pattern), view


def test_every_api_view_reads_json_with_the_safe_parser() -> None:
    views = dict(_views(get_resolver().url_patterns))
    assert len(views) > 20
    for route, view in views.items():
        json_parsers = [p for p in view().get_parsers() if isinstance(p, JSONParser)]
        assert all(isinstance(p, SafeJSONParser) for p in json_parsers), route
