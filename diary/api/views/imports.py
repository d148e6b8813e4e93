from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from diary.api.permissions import IsPatient, signed_in_user
from diary.api.renderers import CSVBodyParser
from diary.api.schema import NOT_FOUND, UNAUTHORIZED
from diary.api.serializers import (
    IMPORT_REFUSAL,
    ImportDoneSerializer,
    ImportUploadSerializer,
)
from diary.transfer.importing import ImportRefused, import_nights, max_bytes, too_large

# Room for the multipart boundaries and part headers around the file itself.
MULTIPART_OVERHEAD = 64 * 1024


@extend_schema(
    request={"multipart/form-data": ImportUploadSerializer, "text/csv": OpenApiTypes.STR},
    responses={
        201: ImportDoneSerializer,
        400: OpenApiResponse(IMPORT_REFUSAL, description="Nothing was imported."),
        401: UNAUTHORIZED,
        404: NOT_FOUND,
        409: OpenApiResponse(IMPORT_REFUSAL, description="Only conflicts."),
    },
    tags=["nights"],
)
class NightImportView(APIView):
    """Add the nights of a CSV file (section 5): all of them, or none and a list of problems."""

    permission_classes = [IsPatient]
    parser_classes = [MultiPartParser, CSVBodyParser]

    def post(self, request: Request) -> Response:
        try:
            count = import_nights(signed_in_user(self.request), self._upload(request))
        except ImportRefused as refusal:
            status = 409 if refusal.only_conflicts else 400
            return Response(refusal.as_dict(), status=status)
        message = ngettext("Imported %(n)s night.", "Imported %(n)s nights.", count)
        return Response({"imported": count, "detail": message % {"n": count}}, status=201)

    def _upload(self, request: Request) -> bytes:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_bytes() + MULTIPART_OVERHEAD:
            raise too_large(declared)
        data = request.data
        if isinstance(data, bytes):
            return data
        if request.content_type.startswith(CSVBodyParser.media_type):
            return b""  # DRF hands over an empty body as {}: an empty file
        upload = request.FILES.get("file")
        if upload is None:
            raise ImportRefused(
                _("Send the CSV file as the multipart field “file”, or as a text/csv body.")
            )
        if upload.size > max_bytes():
            raise too_large(upload.size)
        return upload.read()
