from diary.models.accounts import DEFAULT_SLEEP_NEED_MIN, User
from diary.models.nights import Night
from diary.models.sharing import AccessEvent, Share

__all__ = ["DEFAULT_SLEEP_NEED_MIN", "AccessEvent", "Night", "Share", "User"]
