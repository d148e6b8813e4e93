"""Helpers shared by the API views: CSV negotiation, lookups that answer 404."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from diary.api.renderers import CSVRenderer
from diary.api.schema import CSV_FILE, FIELD_ERRORS, NOT_FOUND, UNAUTHORIZED

LIST_RENDERERS: list[type[BaseRenderer]] = [*APIView.renderer_classes, CSVRenderer]

M = TypeVar("M", bound=Model)


class CsvAwareMixin(GenericAPIView):
    """For views offering `?format=csv` on GET: an answer that is not the CSV file goes out
    as JSON, and other methods (POST) don't offer CSV at all."""

    renderer_classes = LIST_RENDERERS

    def get_renderers(self) -> list[BaseRenderer]:
        renderers = super().get_renderers()
        if self.request is not None and self.request.method not in ("GET", "HEAD"):
            renderers = [r for r in renderers if not isinstance(r, CSVRenderer)]
        return renderers

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        # The CSV file itself (a streaming response) passes through untouched.
        if isinstance(response, Response) and wants_csv(request):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def json_only(responses: dict[Any, Any]) -> dict[Any, Any]:
    """Schema responses of a CSV-capable view: everything but the file itself is JSON."""
    return {
        (key if isinstance(key, tuple) else (key, "application/json")): value
        for key, value in responses.items()
    }


def list_responses(rows: Serializer) -> dict[Any, Any]:
    """Schema responses of a CSV-capable list: a JSON page of `rows`, or the whole CSV file."""
    return json_only(
        {
            (200, "application/json"): rows,
            (200, "text/csv"): CSV_FILE,
            400: FIELD_ERRORS,
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        }
    )


def wants_csv(request: Request) -> bool:
    return isinstance(getattr(request, "accepted_renderer", None), CSVRenderer)


def get_by_id(queryset: QuerySet[M], pk: int) -> M:
    # Django answers a lookup past the database's integer range with no row, so a huge id
    # is a plain 404 here too.
    return get_object_or_404(queryset, pk=pk)
