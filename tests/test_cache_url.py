"""CACHE_URL: one URL picks the backend of both caches (rlsdiary.settings.env_caches)."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from rlsdiary.settings import env_caches


def caches_for(monkeypatch: pytest.MonkeyPatch, url: str | None) -> dict[str, dict[str, Any]]:
    if url is None:
        monkeypatch.delenv("CACHE_URL", raising=False)
    else:
        monkeypatch.setenv("CACHE_URL", url)
    return env_caches("CACHE_URL")


@pytest.mark.parametrize("url", [None, "db://"])
def test_it_keeps_both_caches_in_tables_of_the_database_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch, url: str | None
) -> None:
    caches = caches_for(monkeypatch, url)
    assert {alias: cache["LOCATION"] for alias, cache in caches.items()} == {
        "default": "rlsdiary_cache",
        "limits": "rlsdiary_limits",
    }
    assert {cache["BACKEND"] for cache in caches.values()} == {
        "django.core.cache.backends.db.DatabaseCache"
    }
    assert caches["limits"]["OPTIONS"] == {"MAX_ENTRIES": 50_000}


def test_locmem_keeps_both_caches_apart_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    caches = caches_for(monkeypatch, "locmem://")
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert caches["default"]["LOCATION"] != caches["limits"]["LOCATION"]


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://cache.internal",
        "redis://:s3cret@cache.internal:6380/2",
        "redis://app:s3cret@cache.internal:6380/2",
        "rediss://:s3cret@cache.internal:6380/0?ssl_cert_reqs=required",
    ],
)
def test_it_points_both_caches_at_one_redis_with_prefixes_of_their_own(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    caches = caches_for(monkeypatch, url)
    for cache in caches.values():
        assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert cache["LOCATION"] == url
    assert caches["default"]["KEY_PREFIX"] == "rlsdiary_cache"
    assert caches["limits"]["KEY_PREFIX"] == "rlsdiary_limits"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("memcached://127.0.0.1:11211", "not a URL of scheme 'memcached'"),
        ("127.0.0.1:6379", "must be db://, locmem://, or redis://"),
        ("", "must be db://, locmem://, or redis://"),
        ("db://rlsdiary_cache", "db:// takes nothing after it"),
        ("locmem://somewhere", "locmem:// takes nothing after it"),
        ("redis://", "names no Redis host"),
        ("redis://:s3cret@cache.internal:port/0", "port that is not a number"),
        ("redis://:s3cret@cache.internal:6379/zero", "must end with a database number"),
        ("redis://:s3,cret@cache.internal:6379/0", "%2C"),
    ],
)
def test_it_refuses_a_url_it_cannot_use_without_repeating_the_password(
    monkeypatch: pytest.MonkeyPatch, url: str, says: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        caches_for(monkeypatch, url)
    assert says in str(refused.value)
    assert "s3" not in str(refused.value)
