"""The nights list's rows, built in Python for speed, are what the template loop they replaced
wrote: same links, dates, durations and severity, across midnight and a clock change."""

import re
from datetime import date, time

from django.template import Context, Template
from django.test import Client

from diary.models import Night, User
from diary.templatetags.night_rows import night_rows
from tests.sample_nights import night_row, plausible_rows

# The loop as night_list.html had it, with each cell's column name (data-label) for phones.
LOOP = Template(
    """{% load diary_format %}{% for entry in nights %}{% with m=entry.metrics %}
    <tr>
      <th scope="row"><a href="{{ entry.get_absolute_url }}" title="{{ entry.night|date:'l j F Y' }}">{{ entry.night|date:"D j M" }}</a></th>
      <td data-label="Time in bed">{{ m.time_in_bed_min|hours_minutes }}</td>
      <td data-label="Total sleep time">{{ m.total_sleep_min|hours_minutes }}</td>
      <td data-label="Sleep efficiency">{{ m.sleep_efficiency_pct|percent }}</td>
      <td data-label="Sleep loss">{{ m.sleep_loss_min|hours_minutes }}</td>
      <td class="severity" data-label="Severity"><span class="sev sev-{{ entry.severity }}">{{ entry.severity }}</span></td>
    </tr>
  {% endwith %}{% endfor %}"""  # noqa: E501
)


def _cells(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def test_the_rows_are_the_template_loops_cell_for_cell(alice: User) -> None:
    rows = plausible_rows(date(2026, 2, 20), 60, seed=3)
    # alice is in New York: clocks went forward on the night of 7-8 March 2026.
    rows = [row for row in rows if row["night"] not in (date(2026, 3, 7), date(2026, 3, 9))]
    rows.append(
        night_row(
            date(2026, 3, 7),
            in_bed=time(23, 30),
            lights_out=time(23, 40),
            final_wake=time(7, 0),
            out_of_bed=time(7, 30),
        )
    )
    # Asleep after midnight: in bed at 00:40, the night still the evening before.
    rows.append(
        night_row(
            date(2026, 3, 9),
            in_bed=time(0, 40),
            lights_out=time(0, 50),
            final_wake=time(7, 10),
            out_of_bed=time(7, 20),
            severity=0,
        )
    )
    Night.objects.bulk_create(Night(patient=alice, **row) for row in rows)
    nights = list(alice.nights.order_by("-night"))

    built = night_rows(nights)

    assert _cells(built) == _cells(LOOP.render(Context({"nights": nights})))
    assert built.count("<tr>") == len(rows)
    # In bed 23:30-07:30 across the clock change: seven hours, not eight.
    night = 'title="Saturday 7 March 2026">Sat 7 Mar</a></th>\n'
    assert night + '      <td data-label="Time in bed">7 h 00 min</td>' in built


def test_the_nights_page_shows_the_rows(alice_client: Client, alice: User) -> None:
    Night.objects.create(patient=alice, **night_row(date(2026, 3, 7)))

    page = alice_client.get("/nights/").content.decode()

    assert 'href="/nights/2026-03-07/"' in page
    assert 'title="Saturday 7 March 2026">Sat 7 Mar</a>' in page
