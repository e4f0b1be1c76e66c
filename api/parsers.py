"""Request bodies: JSON, at most API_MAX_BODY_BYTES, refused unread when larger."""

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
        except ValueError:
            length = 0  # Django reads no body then either
        if length > settings.API_MAX_BODY_BYTES:
            raise BodyTooLarge(f"The request body is larger than {settings.API_MAX_BODY_BYTES:,} bytes.")
        return super().parse(stream, media_type, parser_context)
