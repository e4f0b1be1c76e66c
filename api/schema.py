"""The OpenAPI schema's house rules (drf-spectacular): the key's security scheme, the
Idempotency-Key header on every write, and the problem responses every operation can give."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter

from .idempotency import HEADER, MAX_KEY_LENGTH
from .problems import CONTENT_TYPE, PROBLEM_TYPES
from .serializers import ProblemSerializer

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class APIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.APIKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key an owner created under Team and settings → API keys (`fh_…`).",
        }


IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        f"Up to {MAX_KEY_LENGTH} printable ASCII characters (a UUID, say) naming this request for 24 hours: "
        "a retry with the same key, method, path and body gets the first response again (with "
        "`Idempotent-Replayed: true`) and does nothing twice; the same key with another request is refused (422)."
    ),
)


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in WRITE_METHODS:
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _problem_codes(self) -> list[str]:
        codes = ["400", "401", "403", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITE_METHODS:
            codes += ["413", "415", "422"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        by_status = {}
        for kind in PROBLEM_TYPES.values():
            by_status.setdefault(str(kind.status), []).append(kind.title)
        for code in self._problem_codes():
            if code in responses:
                continue
            response = self._get_response_for_code(ProblemSerializer, code, media_types=[CONTENT_TYPE])
            response["description"] = " / ".join(by_status[code])
            if code == "429":
                response["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}
                }
            responses[code] = response
        return responses
