"""The API's JSON parser: DRF's, after refusing what would crash the parser or what comes after.

Every JSON body of the API comes through here (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"], and
views that name their parsers name this one), so these refusals are written once:

- nesting deeper than MAX_DEPTH (400), found by a scan before json.loads, whose recursion would
  otherwise end in a RecursionError (a 500) on a body such as 100,000 `[`;
- a string holding an unpaired surrogate such as "\\ud800" (400): it is no text, cannot be
  stored or written out as UTF-8, and an error message that quoted it would crash as well.

The messages never quote the body. A form post or a CSV file cannot carry a lone surrogate:
Django decodes form fields with replacement characters, and the import decodes strictly. The
body's size is bounded before any parser runs: DRF reads a JSON body through request.body,
which refuses one larger than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) with a 400.
"""

import codecs
import json
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

# Our deepest JSON is an object holding a list of words; 32 leaves room for any client's
# wrapping and stays far below Python's recursion limit (1000).
MAX_DEPTH = 32

# A JSON string, escapes included, to blank out before counting brackets (a `[` in the notes
# is no nesting). The unrolled form scans a long string without backtracking.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_AS_PARENS = bytes.maketrans(b"[{]}", b"(())")
# A \uD800–\uDFFF escape, paired or not: only then is the parsed data searched for a lone one.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def too_deep(body: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text `body` nests arrays and objects more than `limit` deep (a body so
    unbalanced that it opens more than `limit` it never closes counts as too deep too).

    Strings are blanked out and the brackets left over are paired off, innermost pairs first,
    `limit` rounds at most: what still holds a pair afterwards is deeper than `limit`. Each
    round is one bytes.replace: no Python loop runs per byte, and the worst 2.5 MB body (the
    largest Django reads) takes about 0.15 s.
    """
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # nearly every request: too few brackets to nest that deep
    brackets = _STRING.sub(b"", body).translate(_AS_PARENS, _NOT_BRACKETS)
    for _round in range(limit):
        paired_off = brackets.replace(b"()", b"")
        if len(paired_off) == len(brackets):
            break
        brackets = paired_off
    return b"()" in brackets or brackets.count(b"(") > limit


def has_lone_surrogate(data: Any) -> bool:
    """Whether any string in parsed JSON (keys included) holds an unpaired surrogate, which
    UTF-8 cannot encode; a pair (an emoji written as two escapes) was already joined into one
    character by the parser."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser (strict: no NaN or Infinity) behind the refusals above."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        body = stream.read()
        # The request's charset parameter, as DRF hands it over; an unknown or non-text codec
        # (charset=base64) is a LookupError.
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            text = body.decode(encoding)
        except (LookupError, UnicodeError):
            raise ParseError(_("JSON parse error - the body is not text in its charset.")) from None
        # The scans below read UTF-8 (the charset nearly every client sends).
        utf8 = body if codecs.lookup(encoding).name == "utf-8" else text.encode("utf-8")
        if too_deep(utf8):
            raise ParseError(
                _("JSON parse error - nested more than %(limit)s levels deep.")
                % {"limit": MAX_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=strict_constant if self.strict else None)
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from None
        if _SURROGATE_ESCAPE.search(utf8) and has_lone_surrogate(data):
            raise ParseError(
                _(
                    "JSON parse error - a string holds an unpaired surrogate (\\ud800–\\udfff), "
                    "which is not text."
                )
            )
        return data
