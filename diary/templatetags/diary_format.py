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


@register.filter
def signed(value: float | None, decimals: int = 1) -> str:
    """A change with its sign, so a rise reads as one: 3 -> '+3.0', -1.25 -> '−1.3'."""
    if value is None:
        return ""
    rounded = round_half_up(abs(value), decimals)
    if rounded == 0:
        return f"±{rounded}"
    return f"{'+' if value > 0 else '−'}{rounded}"
