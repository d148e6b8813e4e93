"""The Week by week table's rows, built in Python for speed, are what the template loop they
replaced wrote: same cells, same localized numbers, "–" for an empty value."""

import re
from datetime import date, timedelta

from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from insights.frames import nights_frame
from insights.templatetags.weekly_rows import weekly_rows
from insights.weekly import format_weekly, weekly_table
from tests.sample_nights import night_row, plausible_rows

# The loop as trends_body.html had it.
LOOP = Template(
    """{% for week in weeks reversed %}
    <tr>
      <th scope="row">{{ week.week_start }}</th>
      <td>{{ week.nights_logged }}</td><td>{{ week.symptomatic_nights }}</td>
      <td>{{ week.mean_severity|default_if_none:"–" }}</td><td>{{ week.max_severity|default_if_none:"–" }}</td>
      <td>{{ week.median_onset|default_if_none:"–" }}</td><td>{{ week.mean_total_sleep_min|default_if_none:"–" }}</td>
      <td>{{ week.mean_sleep_efficiency_pct|default_if_none:"–" }}</td><td>{{ week.total_sleep_loss_min|default_if_none:"–" }}</td>
      <td>{{ week.mean_sleep_latency_min|default_if_none:"–" }}</td><td>{{ week.mean_day_fatigue|default_if_none:"–" }}</td>
    </tr>
  {% endfor %}"""  # noqa: E501
)


def _cells(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def _weeks() -> list[dict]:
    rows = plausible_rows(date(2026, 1, 5), 120, seed=9)
    # A gap of empty weeks, and a week with nights but no onset or fatigue.
    rows = [row for row in rows if not date(2026, 2, 2) <= row["night"] < date(2026, 2, 23)]
    rows += [night_row(date(2026, 6, 1) + timedelta(days=i), severity=0) for i in range(3)]
    return format_weekly(weekly_table(nights_frame(rows, "Europe/London", 480)))


def test_the_rows_are_the_template_loops_cell_for_cell() -> None:
    weeks = _weeks()
    assert any(week["median_onset"] is None for week in weeks)

    assert _cells(weekly_rows(weeks)) == _cells(LOOP.render(Context({"weeks": weeks})))


def test_the_rows_localize_numbers_like_the_template_in_another_language() -> None:
    weeks = _weeks()
    with translation.override("de"):
        expected = LOOP.render(Context({"weeks": weeks}))
        assert _cells(weekly_rows(weeks)) == _cells(expected)
    assert "," in expected  # German decimals: the test compares something


def test_a_cell_is_escaped_like_the_template_escapes_it() -> None:
    (week, *_) = _weeks()
    odd = {**week, "week_start": "<b>'2026'</b> & co", "median_onset": mark_safe("<i>21:30</i>")}

    assert _cells(weekly_rows([odd])) == _cells(LOOP.render(Context({"weeks": [odd]})))
    assert "&lt;b&gt;&#x27;2026&#x27;&lt;/b&gt; &amp; co" in weekly_rows([odd])
