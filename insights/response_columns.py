"""The before/after table's columns (domain.md section 11), in order: JSON fields, CSV header.

A module of its own, without pandas, so that the API serializer and the CSV can name the
columns without loading the libraries that compute them.
"""

# The per-window figures; each has before_, after_ and (but nights_logged) change_ columns.
WINDOW_METRICS: tuple[str, ...] = (
    "nights_logged",
    "mean_severity",
    "symptomatic_pct",
    "median_onset",
    "mean_total_sleep_min",
    "mean_sleep_loss_min",
    "mean_day_fatigue",
)
UNCHANGED_METRICS = frozenset({"nights_logged"})

RESPONSE_COLUMNS: tuple[str, ...] = (
    "treatment_id",
    "kind",
    "name",
    "start",
    "last",
    "before_from",
    "before_to",
    "after_from",
    "after_to",
    *(
        f"{prefix}_{metric}"
        for metric in WINDOW_METRICS
        for prefix in ("before", "after", "change")
        if not (prefix == "change" and metric in UNCHANGED_METRICS)
    ),
    "severity_range_low",
    "severity_range_high",
    "clear",
    "enough",
    "overlaps",
)
