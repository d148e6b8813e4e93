"""The patient's unfinished drafts as CSV, for their own full export only (README, "Drafts of
a night"): the night and the evening part, each cell written as the nights CSV writes it
(domain.md section 5). No download, API or clinician page has them: they are not nights."""

from collections.abc import Iterator

from diary.models import DRAFT_FIELDS, NightDraft, User
from diary.transfer.csv_format import SET_COLUMNS, SET_SEPARATOR, Cell, TextCell, csv_chunks

DRAFT_COLUMNS = DRAFT_FIELDS
SET_COLUMNS_IN_ORDER = [name for name in DRAFT_COLUMNS if name in SET_COLUMNS]


def draft_cells(draft: NightDraft) -> list[Cell]:
    return [
        draft.night.isoformat(),
        draft.severity,
        draft.onset.strftime("%H:%M") if draft.onset else None,
        *(
            SET_SEPARATOR.join(getattr(draft, name))
            for name in DRAFT_COLUMNS
            if name in SET_COLUMNS
        ),
        TextCell(draft.notes) if draft.notes else None,
        draft.day_fatigue,
        draft.day_mood,
    ]


def draft_csv_chunks(patient: User) -> Iterator[str]:
    drafts = patient.night_drafts.order_by("night")
    return csv_chunks(DRAFT_COLUMNS, [[draft_cells(draft) for draft in drafts]])
