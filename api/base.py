"""The base of every API view: the API's SellerView.

The key's seller scopes every read (`get_queryset` starts from `for_seller`, so another seller's
object is a 404), and its role every method: `read_role` for reads, `write_role` for writes."""

from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from sellers.models import Role, SellerOwned

from .problems import InvalidParameter


class SellerAPIView(APIView):
    model: type[SellerOwned] | None = None  # the tenant model a `pk` in the URL refers to
    object_label = "object"
    read_role = Role.VIEWER
    write_role = Role.MANAGER

    @property
    def seller(self):
        return self.request.auth.seller

    def get_queryset(self):
        assert self.model is not None, f"{type(self).__name__} names no model"
        return self.model.objects.for_seller(self.seller)

    def get_object(self):
        found = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise self.not_found()
        return found

    def not_found(self) -> NotFound:
        return NotFound(f"Your seller has no {self.object_label} with the id {self.kwargs['pk']}.")

    def query(self, serializer_class) -> dict:
        """The query string, parsed and bounded by `serializer_class`; a 400 problem naming each bad parameter."""
        serializer = serializer_class(data=self.request.query_params.dict())
        if not serializer.is_valid():
            raise InvalidParameter(serializer.errors)
        return serializer.validated_data

    def body(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
