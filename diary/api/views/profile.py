from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import RetrieveUpdateAPIView

from diary.api.parsers import SafeJSONParser
from diary.api.permissions import signed_in_user
from diary.api.schema import FIELD_ERRORS, UNAUTHORIZED
from diary.api.serializers import ProfileSerializer
from diary.models import User


@extend_schema_view(
    get=extend_schema(responses={200: ProfileSerializer, 401: UNAUTHORIZED}, tags=["profile"]),
    patch=extend_schema(
        responses={200: ProfileSerializer, 400: FIELD_ERRORS, 401: UNAUTHORIZED},
        tags=["profile"],
    ),
)
class ProfileView(RetrieveUpdateAPIView):
    """The signed-in user's settings: time zone and sleep need; the account type is fixed."""

    serializer_class = ProfileSerializer
    parser_classes = [SafeJSONParser]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        return signed_in_user(self.request)
