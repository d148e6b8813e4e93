"""The shared cache when it is Redis (settings.CACHE_URL): what an outage raises, and pages
that are still served, uncached, while it lasts."""

import logging
from collections.abc import Callable

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What Django's RedisCache lets through when Redis is down or slow (refused, timed out, reset).
# The database cache's errors are the database's: then nothing works anyway.
CACHE_ERRORS: tuple[type[Exception], ...] = (RedisError,)


def cached_text(key: str, render: Callable[[], str], timeout: int) -> str:
    """The text cached under key, or render()'s, which is then cached. A cache that cannot be
    reached costs the time of rendering, never the page: cached text is only ever a copy."""
    try:
        text: str | None = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("The cache cannot be read; rendering without it", exc_info=True)
        return render()
    if text is None:
        text = render()
        try:
            cache.set(key, text, timeout)
        except CACHE_ERRORS:
            logger.warning("The cache cannot be written; the page is not kept", exc_info=True)
    return text
