"""`Authorization: Bearer <key>`: the only way into the API (no session, so no CSRF to forge)."""

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from . import services


class APIKeyAuthentication(BaseAuthentication):
    """request.user is the key's creator and request.auth its services.KeyAccess."""

    def authenticate(self, request):
        header = get_authorization_header(request)
        if not header:
            return None
        scheme, _, credentials = header.partition(b" ")
        if scheme.lower() != b"bearer":
            raise AuthenticationFailed("Send the API key as `Authorization: Bearer <key>`.")
        try:
            presented = credentials.strip().decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed("This API key is not valid. Check that it was copied whole.") from error
        try:
            access = services.api_key_authenticate(presented)
        except services.KeyRefused as error:
            raise AuthenticationFailed(str(error)) from error
        return access.membership.user, access

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
