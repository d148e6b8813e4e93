"""CSV in DRF's content negotiation (`?format=csv` or `Accept: text/csv`), and CSV uploads."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer

from diary.transfer.importing import max_bytes, too_large


class CSVRenderer(BaseRenderer):
    """Selects CSV; the list views then answer with a streaming response of their own.

    Anything else that ends up here (an error, say) is written as JSON instead, since an
    error has no CSV form; see CsvAwareMixin.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return JSONRenderer().render(data, renderer_context=renderer_context)


class CSVBodyParser(BaseParser):
    """A raw `text/csv` request body, read up to the import size limit, as bytes."""

    media_type = "text/csv"

    # DRF hands whatever a parser returns to request.data: here the raw file, as bytes.
    def parse(  # type: ignore[override]
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if stream is None:
            return b""
        limit = max_bytes()
        data = stream.read(limit + 1)
        if len(data) > limit:
            # The view answers this like any other refused import.
            raise too_large()
        if not isinstance(data, bytes):
            raise ParseError(_("The body could not be read."))
        return data
