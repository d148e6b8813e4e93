"""The weekly output columns of domain.md section 4, in order (weeks CSV header, API fields,
HTML table).

A module of its own, without pandas, so that the CSV format and the API serializers can name
the columns without loading the libraries that compute them.
"""

OUTPUT_COLUMNS: tuple[str, ...] = (
    "week_start",
    "nights_logged",
    "symptomatic_nights",
    "mean_severity",
    "max_severity",
    "median_onset",
    "mean_total_sleep_min",
    "mean_sleep_efficiency_pct",
    "total_sleep_loss_min",
    "mean_sleep_latency_min",
    "mean_day_fatigue",
)
