"""The API's public addresses: the OpenAPI schema, its browsable docs (Swagger UI from our own
static files), the problem types' descriptions, and the 404 of every address it does not have."""

from django.http import JsonResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .problems import PROBLEM_TYPES, problem_json_response, type_uri


class SchemaView(SpectacularAPIView):
    tenant_exempt = "the OpenAPI schema: the same public description for everyone, no seller's data"
    authentication_classes: list = []  # public: a key sent along (Swagger UI does) is not checked here


class DocsView(SpectacularSwaggerView):
    tenant_exempt = "the browsable docs of the public schema; requests made from it carry a key"
    authentication_classes: list = []


@extend_schema(exclude=True)
def problem_type(request, slug):
    kind = PROBLEM_TYPES.get(slug)
    if kind is None:
        return not_found(request)
    return JsonResponse(
        {"type": type_uri(slug), "title": kind.title, "status": kind.status, "description": kind.description}
    )


problem_type.tenant_exempt = "describes a kind of error; no seller's data"  # type: ignore[attr-defined]


def not_found(request, rest=""):
    """Any address under /api/v1/ the API does not have: a problem, never an HTML page."""
    return problem_json_response(request, "not-found", "The API has no such address. /api/v1/docs/ lists them.")


not_found.tenant_exempt = "answers 404 to every address the API does not have"  # type: ignore[attr-defined]
