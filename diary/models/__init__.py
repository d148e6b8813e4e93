from diary.models.accounts import DEFAULT_SLEEP_NEED_MIN, User
from diary.models.nights import ENTRY_FIELDS, Night
from diary.models.sharing import AccessEvent, Share
from diary.models.treatments import TREATMENT_FIELDS, Treatment

__all__ = [
    "DEFAULT_SLEEP_NEED_MIN",
    "ENTRY_FIELDS",
    "TREATMENT_FIELDS",
    "AccessEvent",
    "Night",
    "Share",
    "Treatment",
    "User",
]
