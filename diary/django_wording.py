"""Django's own messages whose Spanish in Django's catalogue is wrong for these pages, marked here
so that makemessages keeps them in our catalogue (LOCALE_PATHS come before Django's, so ours
win). The msgids must stay exactly Django's, placeholders included."""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    # django.contrib.auth's UsernameField help ("carácteres" in Django's Spanish).
    gettext_noop("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
    # AuthenticationForm's invalid_login ("clave" where our field says "Contraseña").
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
)
