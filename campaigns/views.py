import time
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import DetailView, TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from sellers import selectors as sellers_selectors
from sellers.models import AmazonConnection, Order
from sellers.tenancy import SellerObjectActionView, SellerView, error_text

from . import editor, selectors, services, templating
from . import messages as buyer_messages
from .forms import CampaignForm
from .models import LANGUAGES, Campaign, MessageTemplate


class CampaignCreateView(SellerView, TemplateView):
    template_name = "campaigns/campaign_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CampaignForm(initial={"kind": self.request.GET.get("kind", "review_request")}))
        return context

    def post(self, request):
        form = CampaignForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        campaign = services.campaign_create(seller=self.seller, **form.values())
        messages.success(request, f"Campaign “{campaign.name}” created as a draft.")
        return redirect("campaign_detail", pk=campaign.pk)


class CampaignDetailView(SellerView, DetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        context.setdefault("form", CampaignForm(instance=campaign))
        templates = {t.language: t for t in campaign.templates.all()}
        rows = []
        for code, label in LANGUAGES:
            template = templates.get(code)
            check = services.template_check(campaign, template.body) if template else None
            problems = len(check.problems) + len(check.blocking) if check else 0
            rows.append({"code": code, "label": label, "template": template, "check": check, "problems": problems})
        context["language_rows"] = rows
        context["activation_problems"] = services.activation_problems(campaign)
        context["refunds_unknowable"] = sellers_selectors.connections(self.seller).filter(
            finance_role=AmazonConnection.FinanceRole.MISSING, status=AmazonConnection.Status.ACTIVE
        )
        return context

    def post(self, request, pk):
        self.object = campaign = self.get_object()
        form = CampaignForm(request.POST, instance=campaign)
        if not form.is_valid():
            campaign.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.campaign_update(campaign=campaign, **form.values())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                "Saved."
                + (
                    " Orders it already handled keep their message; the rest of Amazon's window is planned again."
                    if campaign.state == "active"
                    else ""
                ),
            )
        return redirect("campaign_detail", pk=campaign.pk)


class TemplateEditView(SellerView, DetailView):
    """The seller's text in one language: a starter text to begin with, a variable picker, a check
    and a preview as they type (TemplateCheckView), refused with the line when broken."""

    model = Campaign
    template_name = "campaigns/template_edit.html"
    context_object_name = "campaign"

    def language(self):
        code = self.request.GET.get("language") or self.request.POST.get("language") or ""
        return code if code in dict(LANGUAGES) else self.object.default_language

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, language = self.object, self.language()
        template = campaign.templates.filter(language=language).first()
        body, is_starter = editor.starting_text(campaign, language)
        body = kwargs.get("body", body)
        picked = self.request.GET.get("sample") or self.request.POST.get("sample") or ""
        orders, sample = editor.chosen_sample(self.seller, language, picked)
        context.update(
            language=language,
            language_label=dict(LANGUAGES)[language],
            body=body,
            is_starter=is_starter and "body" not in kwargs,
            template=template,
            orders=[(order, editor.sample_label(order)) for order in orders],
            sample=sample,
            check=editor.check(campaign, language, body, sample),
            variables=editor.variables(campaign, language, sample),
        )
        return context

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.kind_info.seller_text:
            messages.info(request, "Amazon writes this message in the buyer's language; there is no text to edit.")
            return redirect("campaign_detail", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, pk):
        self.object = campaign = self.get_object()
        if request.POST.get("language") not in dict(LANGUAGES):
            return HttpResponseBadRequest("Unknown language.")
        language, body = self.language(), request.POST.get("body", "")
        try:
            template, check = services.template_save(campaign=campaign, language=language, body=body)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("campaign_detail", pk=campaign.pk)
        if template is None:
            messages.error(request, "Not saved: the text has errors (see the check).")
            return self.render_to_response(self.get_context_data(body=body), status=400)
        if check.blocking:
            messages.warning(request, "Saved, but the policy check found problems that stop activation.")
        else:
            messages.success(request, "Saved.")
        query = urlencode(
            {"language": language, **({"sample": request.POST["sample"]} if request.POST.get("sample") else {})}
        )
        return redirect(f"{reverse('campaign_template', args=[campaign.pk])}?{query}")


class TemplateCheckView(SellerView, SingleObjectMixin, View):
    """The editor's live check: the text as typed, checked and rendered for the chosen sample order,
    nothing saved. Answers the check panel's HTML for htmx to swap in."""

    model = Campaign
    http_method_names = ["post"]
    CHECKS_PER_MINUTE = 60  # per member: typing, debounced, asks about one a second at most

    def post(self, request, pk):
        campaign = self.get_object()
        language = request.POST.get("language", "")
        if language not in dict(LANGUAGES) or not campaign.kind_info.seller_text:
            return HttpResponseBadRequest("Unknown language, or a message type without text.")
        if not self._allowed():
            return render(request, "campaigns/_check_paused.html", {"per_minute": self.CHECKS_PER_MINUTE}, status=429)
        body = request.POST.get("body", "")
        orders, sample = editor.chosen_sample(self.seller, language, request.POST.get("sample", ""))
        context = {
            "campaign": campaign,
            "check": editor.check(campaign, language, body, sample),
            "sample": sample,
            "oob": True,
            "can_write": self.can_write,
        }
        if request.POST.get("picker"):
            context["variables"] = editor.variables(campaign, language, sample)
        return render(request, "campaigns/_template_check.html", context)

    def _allowed(self) -> bool:
        key = f"campaigns:template-check:{self.request.user.pk}:{int(time.time() // 60)}"
        cache.add(key, 0, timeout=120)
        try:
            return cache.incr(key) <= self.CHECKS_PER_MINUTE
        except ValueError:  # the key expired between the two calls
            return True


class TemplateDeleteView(SellerObjectActionView):
    model = Campaign

    def perform(self, campaign):
        template = (
            MessageTemplate.objects.for_seller(self.seller)
            .filter(campaign=campaign, language=self.request.POST.get("language", ""))
            .first()
        )
        if template is None:
            raise ValidationError("There is no text in that language to delete.")
        services.template_delete(template=template)
        self.success_message = f"The {template.get_language_display()} text was deleted."

    @property
    def success_url(self):
        return reverse("campaign_detail", args=[self.object.pk])


class CampaignActivateView(SellerView, DetailView):
    """Activating asks first: message the past orders Amazon still allows (with the planner's own
    counts), or only orders placed from now on. The answer is kept on the campaign."""

    model = Campaign
    template_name = "campaigns/campaign_activate.html"
    context_object_name = "campaign"
    CHOICES = {"past": True, "new": False}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["question"] = selectors.activation_question(self.object)
        context["activation_problems"] = services.activation_problems(self.object)
        return context

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.state not in (Campaign.State.DRAFT, Campaign.State.PAUSED):
            messages.info(request, f"“{self.object.name}” is {self.object.get_state_display().lower()}.")
            return redirect("campaign_detail", pk=self.object.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, pk):
        self.object = campaign = self.get_object()
        problems = services.activation_problems(campaign)
        if problems:
            messages.error(request, " ".join(problems))
            return redirect("campaign_detail", pk=campaign.pk)
        choice = request.POST.get("orders", "")
        if choice not in self.CHOICES:
            context = self.get_context_data(choice_error="Choose which orders the campaign should message.")
            return self.render_to_response(context, status=400)
        try:
            services.campaign_activate(campaign=campaign, past_orders=self.CHOICES[choice])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            which = (
                "It messages the past orders Amazon still allows, then each new order as it comes due"
                if choice == "past"
                else "It messages only orders placed from now on, each as it comes due"
            )
            messages.success(
                request, f"“{campaign.name}” is active. {which}; the planner picks them up within a minute."
            )
        return redirect("campaign_detail", pk=campaign.pk)


class CampaignPauseView(SellerObjectActionView):
    model = Campaign
    success_message = "“{obj.name}” is paused. Scheduled messages wait until you resume it."

    def perform(self, campaign):
        services.campaign_pause(campaign=campaign)

    @property
    def success_url(self):
        return reverse("campaign_detail", args=[self.object.pk])


class CampaignArchiveView(CampaignPauseView):
    success_message = "“{obj.name}” is archived."

    def perform(self, campaign):
        services.campaign_archive(campaign=campaign)


class CampaignDuplicateView(SellerView, View):
    model = Campaign
    http_method_names = ["post"]

    def post(self, request, pk):
        campaign = self.get_object()
        copy = services.campaign_duplicate(campaign=campaign)
        messages.success(request, f"Duplicated as the draft “{copy.name}”.")
        return redirect("campaign_detail", pk=copy.pk)


class CampaignPreviewView(SellerView, DetailView):
    model = Campaign
    template_name = "campaigns/campaign_preview.html"
    context_object_name = "campaign"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        preview = selectors.campaign_preview(campaign)
        context["preview"] = preview
        context["max_day"] = max((count for _, count in preview.by_day), default=0)
        order_id = self.request.GET.get("order", "").strip()
        sample = None
        if order_id:
            sample = Order.objects.for_seller(self.seller).filter(amazon_order_id=order_id).first()
            if sample is None:
                context["order_error"] = f"No order {order_id} in your synced orders."
        if sample is None:  # an order it would send, else a delivered one: never a pending order
            sends = preview.samples.get("send") or []
            sample = sends[0].order if sends else next(iter(selectors.delivered_orders(self.seller, limit=1)), None)
        context["sample_order"] = sample
        if sample is not None and campaign.kind_info.seller_text:
            templates = list(campaign.templates.all())
            try:  # every language's text in one batch
                texts = buyer_messages.render_for_orders([(t, sample, self.seller.name) for t in templates])
            except templating.RenderPoolUnavailable as error:
                texts = [templating.Rendered(error=str(error))] * len(templates)
            context["rendered"] = [
                (template, text.text, str(templating.TemplateRenderError(text.error, text.line)) if text.error else "")
                for template, text in zip(templates, texts, strict=True)
            ]
        return context


class WhyNotView(SellerView, TemplateView):
    template_name = "campaigns/why_not.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order_id = self.request.GET.get("order", "").strip()
        context["order_id"] = order_id
        if order_id:
            order, explanations = selectors.why_not(self.seller, order_id)
            context["order"], context["explanations"] = order, explanations
        return context
