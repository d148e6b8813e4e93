"""What the languages tests (issue 16) leave out, in one place: every page and every marked
string counts, but for the REST API's messages, which are English by design."""

import re

# Marked strings that are never shown translated, by design: the REST API answers in English
# whatever the language (diary.languages), so its messages need no German or Spanish.
ENGLISH_ONLY_FILES = re.compile(r"^diary/api/")
