"""OpenAPI pieces shared by the views, so the schema describes the answers really given."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

DETAIL = inline_serializer("Detail", {"detail": serializers.CharField()})
# Field name -> list of messages (a set's items may nest by index); or {"detail": "..."}.
FIELD_ERRORS = OpenApiResponse(
    {"type": "object", "additionalProperties": True},
    description='Field-level messages, e.g. {"night": ["..."]}.',
)
NOT_FOUND = OpenApiResponse(DETAIL, description="Not yours, not there, or not for your account.")
FORBIDDEN = OpenApiResponse(
    DETAIL, description="Yours to see, not to change: someone else entered it."
)
UNAUTHORIZED = OpenApiResponse(DETAIL, description="No credentials, or a bad token.")
CSV_FILE = OpenApiResponse(
    OpenApiTypes.STR, description="With ?format=csv: every matching row, streamed (section 5)."
)

RANGE_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First night, inclusive (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last night, inclusive (YYYY-MM-DD)."),
    OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=["json", "csv"],
        description="csv: the whole list as a CSV download instead of a JSON page.",
    ),
]
NIGHT_IN_PATH = OpenApiParameter(
    "night",
    {"type": "string", "format": "date"},
    OpenApiParameter.PATH,
    description="The night's date, YYYY-MM-DD.",
)

# Optimistic concurrency on one entry (issue 13): see diary.api.views.versioned.
PRECONDITION_FAILED = OpenApiResponse(
    DETAIL,
    description="If-Match names a version that is no longer the stored one: someone changed "
    "or replaced the entry since you read it. GET it again (its ETag is in this answer too).",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you read with GET (e.g. "3f2a…", quoted), or *: the change is made '
    "only if the entry is still that version, else 412. Without it the change is made anyway.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    response=[200],
    description="The entry's version, a strong quoted ETag: send it back as If-Match.",
)
