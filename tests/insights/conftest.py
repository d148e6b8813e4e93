"""The insights tests are pure: no database. They need Django settings only for gettext.

With pytest-django active the project settings are used; without it (`-p no:django`, or
before rlsdiary/settings.py exists) minimal settings are configured here.
"""

import os
from collections.abc import Iterator

from django.conf import settings

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)


import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The expected texts below are the English source strings.
    with translation.override("en"):
        yield
