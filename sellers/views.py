from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView, View

from common import words

from . import selectors, services, tasks
from .forms import InvitationForm, SellerForm
from .models import AmazonConnection, Invitation, Membership, Order, Region, Role
from .tenancy import SellerObjectActionView, SellerView, error_text, switch_seller


class SellerCreateView(LoginRequiredMixin, CreateView):
    """Onboarding: a user with no seller creates one (or accepts an invitation waiting for them)."""

    tenant_exempt = "creates a new tenant for the logged-in user"
    form_class = SellerForm
    template_name = "sellers/seller_create.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_invitations"] = selectors.open_invitations_for_email(self.request.user.email)
        return context

    def form_valid(self, form):
        seller = services.seller_create(user=self.request.user, name=form.cleaned_data["name"])
        switch_seller(self.request, seller.pk)
        messages.success(self.request, f"{seller.name} is ready. Next: connect your Amazon account.")
        return redirect("dashboard")


class SellerSwitchView(LoginRequiredMixin, View):
    tenant_exempt = "switches among the user's own memberships only"
    http_method_names = ["post"]

    def post(self, request):
        if not switch_seller(request, request.POST.get("seller_id", "")):
            messages.error(request, "You are not a member of that seller.")
        return redirect("dashboard")


class SellerSettingsView(SellerView, UpdateView):
    write_role = Role.OWNER
    form_class = SellerForm
    template_name = "sellers/settings.html"
    success_url = reverse_lazy("seller_settings")

    def get_object(self, queryset=None):
        return self.seller

    def form_valid(self, form):
        services.seller_rename(seller=self.seller, name=form.cleaned_data["name"])
        messages.success(self.request, "Settings saved.")
        return redirect(self.success_url)


class TeamView(SellerView, FormView):
    write_role = Role.OWNER
    form_class = InvitationForm
    template_name = "sellers/team.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.team_members(self.seller)
        context["invitations"] = selectors.pending_invitations(self.seller)
        context["roles"] = Role.choices
        return context

    def form_valid(self, form):
        try:
            invitation = services.invitation_create(
                seller=self.seller, invited_by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Invitation sent to {invitation.email}.")
        return redirect("team")


class MembershipRoleView(SellerObjectActionView):
    model = Membership
    write_role = Role.OWNER
    success_url = reverse_lazy("team")
    success_message = "{obj.user.email} is now {obj.role}."

    def perform(self, membership):
        role = self.request.POST.get("role", "")
        if role not in Role.values:
            raise ValidationError("Choose owner, manager or viewer.")
        services.membership_change_role(membership=membership, role=role)


class MembershipRemoveView(SellerObjectActionView):
    model = Membership
    write_role = Role.OWNER
    success_url = reverse_lazy("team")
    success_message = "{obj.user.email} was removed from the team."

    def perform(self, membership):
        services.membership_remove(membership=membership)


class InvitationRevokeView(SellerObjectActionView):
    model = Invitation
    write_role = Role.OWNER
    success_url = reverse_lazy("team")
    success_message = "The invitation to {obj.email} was revoked."

    def perform(self, invitation):
        services.invitation_revoke(invitation=invitation)


class InvitationAcceptView(LoginRequiredMixin, TemplateView):
    """Addressed by the secret token in the emailed link, not by id; only the invitee may accept."""

    tenant_exempt = "addressed by an unguessable token and bound to the invitee's email"
    template_name = "sellers/invitation_accept.html"

    def get_invitation(self):
        return get_object_or_404(Invitation.objects.select_related("seller", "invited_by"), token=self.kwargs["token"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.get_invitation()
        context["invitation"] = invitation
        context["email_matches"] = invitation.email.lower() == self.request.user.email.lower()
        return context

    def post(self, request, token):
        invitation = self.get_invitation()
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(reverse("invitation_accept", args=[token]))
        switch_seller(request, membership.seller_id)
        messages.success(request, f"Welcome to {words.before_period(membership.seller.name)}.")
        return redirect("dashboard")


class AmazonAccountsView(SellerView, TemplateView):
    template_name = "sellers/amazon_accounts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["connections"] = selectors.connections(self.seller)
        context["alerts"] = selectors.connection_alerts(self.seller)
        context["regions"] = Region.choices
        return context


class AmazonConnectView(SellerView, View):
    """Start Amazon's website authorization workflow for one region."""

    http_method_names = ["post"]

    def post(self, request):
        region = request.POST.get("region", "")
        if region not in Region.values:
            messages.error(request, "Choose the region of the Seller Central account to connect.")
            return redirect("amazon_accounts")
        return redirect(services.amazon_connect_start(request=request, seller=self.seller, region=region))


class AmazonCallbackView(LoginRequiredMixin, View):
    """Amazon redirects here after consent; the signed state names the seller and the user."""

    tenant_exempt = "the seller comes from the signed, single-use state, checked against the user's memberships"

    def get(self, request):
        if request.GET.get("error"):
            messages.warning(request, "The authorization was cancelled on Amazon. Nothing was connected.")
            return redirect("amazon_accounts")
        try:
            connection, created = services.amazon_connect_complete(
                request=request,
                state=request.GET.get("state", ""),
                selling_partner_id=request.GET.get("selling_partner_id", ""),
                code=request.GET.get("spapi_oauth_code", ""),
            )
        except services.ConnectError as error:
            messages.error(request, str(error))
            return redirect("amazon_accounts")
        tasks.enqueue_sync(connection)
        switch_seller(request, connection.seller_id)
        verb = "connected" if created else "re-authorized"
        messages.success(request, f"{connection} is {verb}. Your orders are being synced now.")
        return redirect("amazon_accounts")


class AmazonDisconnectView(SellerObjectActionView):
    model = AmazonConnection
    success_url = reverse_lazy("amazon_accounts")
    success_message = "{obj} is disconnected and its authorization deleted."

    def perform(self, connection):
        services.amazon_disconnect(connection=connection)


class AmazonSyncNowView(SellerObjectActionView):
    model = AmazonConnection
    success_url = reverse_lazy("amazon_accounts")
    success_message = "A sync of {obj} has started."

    def perform(self, connection):
        if not connection.is_active:
            raise ValidationError("Only a connected account can be synced. Authorize it again first.")
        tasks.enqueue_sync(connection)


class OrderListView(SellerView, TemplateView):
    template_name = "sellers/order_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")
        rows, next_cursor = selectors.orders_page(self.seller, query=query, after=self.request.GET.get("after", ""))
        context.update(
            orders=rows,
            next_cursor=next_cursor,
            query=query,
            has_connections=selectors.connections(self.seller).exists(),
        )
        return context


class OrderDetailView(SellerView, DetailView):
    model = Order
    template_name = "sellers/order_detail.html"
    context_object_name = "order"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = self.object.items
        return context
