"""The settings page's two-factor section reads its state here, so the page's view stays as is."""

from django import template

from diary import two_factor
from diary.models import User

register = template.Library()


@register.simple_tag
def two_factor_status(user: User) -> dict[str, object]:
    return {"on": two_factor.is_on(user), "backup_codes_left": two_factor.backup_codes_left(user)}
