from diary.models.accounts import DISPLAY_NAME_MAX_LENGTH, User
from diary.models.drafts import DRAFT_FIELDS, EVENING_FIELDS, SLEEP_FIELDS, NightDraft
from diary.models.labs import ASSESSMENT_FIELDS, LAB_FIELDS, Assessment, LabResult
from diary.models.nights import ENTRY_FIELDS, Night
from diary.models.reminders import Channel, PushSubscription, Reminder, ReminderSent
from diary.models.sharing import AccessEvent, Share
from diary.models.tokens import ApiToken
from diary.models.treatments import TREATMENT_FIELDS, Treatment

__all__ = [
    "ASSESSMENT_FIELDS",
    "DISPLAY_NAME_MAX_LENGTH",
    "DRAFT_FIELDS",
    "ENTRY_FIELDS",
    "EVENING_FIELDS",
    "LAB_FIELDS",
    "SLEEP_FIELDS",
    "TREATMENT_FIELDS",
    "AccessEvent",
    "ApiToken",
    "Assessment",
    "Channel",
    "LabResult",
    "Night",
    "NightDraft",
    "PushSubscription",
    "Reminder",
    "ReminderSent",
    "Share",
    "Treatment",
    "User",
]
