"""The owners' page for API keys (Team and settings → API keys): create, see, revoke."""

from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.views.generic import TemplateView

from sellers.models import Role
from sellers.tenancy import SellerObjectActionView, SellerView

from . import selectors, services
from .forms import APIKeyForm
from .models import APIKey


class APIKeysView(SellerView, TemplateView):
    """Owners only: a key acts for the whole seller. A new key is shown in the answer to the POST
    that created it, once, never stored, and the answer is never cached."""

    template_name = "api/api_keys.html"
    read_role = Role.OWNER
    write_role = Role.OWNER

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", APIKeyForm())
        context["keys"] = selectors.api_keys(self.seller)
        context["max_keys"] = services.MAX_ACTIVE_KEYS
        return context

    def post(self, request):
        form = APIKeyForm(request.POST)
        created = None
        if form.is_valid():
            try:
                created = services.api_key_create(membership=self.membership, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
        if created is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        row, key = created
        response = self.render_to_response(self.get_context_data(new_key=key, new_row=row))
        add_never_cache_headers(response)
        return response


class APIKeyRevokeView(SellerObjectActionView):
    model = APIKey
    read_role = Role.OWNER
    write_role = Role.OWNER
    success_url = reverse_lazy("api_keys")
    success_message = "The key “{obj.name}” is revoked: requests made with it are refused from now on."

    def perform(self, key):
        services.api_key_revoke(key=key, user=self.request.user)
