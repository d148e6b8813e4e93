from django import template

from diary.metrics import round_half_up

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    """420 -> '7h00': durations read faster as hours and minutes, and stay narrow on a phone."""
    if value is None:
        return "–"
    hours, mins = divmod(int(value), 60)
    return f"{hours}h{mins:02d}"


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{round_half_up(value, 1)}%"
