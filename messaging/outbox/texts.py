"""The texts of the messages a pump is about to send, in the buyers' languages.

Rendered in one batch in the render pool (a template that blows its memory or CPU budget fails
its dispatch, never the worker), then linted as the buyer would read them: a blocking finding
fails the dispatch and pauses its campaign. A solicitation has no text.
"""

import time
from datetime import datetime

from campaigns import kinds
from campaigns import messages as buyer_messages
from campaigns import services as campaign_services
from campaigns.finding_groups import RULE_NAMES
from campaigns.models import Campaign, Dispatch, MessageTemplate
from campaigns.templating import RenderPoolUnavailable, TemplateRenderError
from sellers.models import Order

from .. import gateway
from .decisions import held_back
from .jobs import Job, Result

State = Dispatch.State
TEMPLATES_FRESH_FOR = 30.0  # seconds a campaign's templates are reused before being read again


class MessageTexts:
    def __init__(self, buckets):
        self.buckets = buckets
        self._templates: dict = {}

    def prepare(self, checked: list[tuple[Job, gateway.Answer]], now: datetime) -> list[Job | Result]:
        """Each checked job with its text, ready to send, or the result that stops it here."""
        prepared: list[Job | Result] = [job for job, _ in checked if job.kind == kinds.SOLICITATION]
        messages = [(job, answer) for job, answer in checked if job.kind != kinds.SOLICITATION]
        if not messages:
            return prepared
        orders = Order.objects.select_related("seller").in_bulk([job.order_pk for job, _ in messages])
        chosen = []
        for job, answer in messages:
            templates = self._campaign_templates(job.campaign_id)
            order = orders[job.order_pk]
            locale = buyer_messages.buyer_locale(order, answer.locale)
            template = buyer_messages.choose_template(templates["campaign"], templates["all"], locale)
            if template is None:
                prepared.append(
                    self._unsent(
                        job,
                        Result(
                            job,
                            State.FAILED,
                            "The campaign has no text for the buyer's language and no fallback.",
                            error="",
                        ),
                    )
                )
            else:
                chosen.append((job, template, order))
        try:
            texts = buyer_messages.render_for_orders([(t, order, order.seller.name) for _, t, order in chosen])
        except RenderPoolUnavailable as exc:
            return prepared + [self._unsent(job, held_back(job, now, str(exc))) for job, _, _ in chosen]
        for (job, template, _), rendered in zip(chosen, texts, strict=True):
            prepared.append(self._with_text(job, template, rendered))
        return prepared

    def _with_text(self, job: Job, template, rendered) -> Job | Result:
        """The job with its text, if the text rendered within its budget and follows Amazon's
        guidelines as the buyer would read it. Templates are linted when saved, but a branch can
        hide from every check but this one (`{% if order_id != <the sample's> %}`)."""
        if not rendered.ok:
            error = str(TemplateRenderError(rendered.error, rendered.line))
            return self._unsent(job, Result(job, State.FAILED, f"The text could not be rendered: {error}", error=error))
        campaign = self._campaign_templates(job.campaign_id)["campaign"]
        findings = campaign_services.sent_text_findings(
            rendered.text, kind=job.kind, language=template.language, order_id=job.amazon_order_id
        )
        if findings:
            if not campaign_services.campaign_pause_for_policy(campaign, findings):
                campaign.refresh_from_db(fields=["state", "paused_reason"])
            named = "; ".join(f"{RULE_NAMES.get(f['rule'], f['rule'])} \u201c{f['text']}\u201d" for f in findings[:3])
            return self._unsent(
                job,
                Result(
                    job,
                    State.FAILED,
                    f"policy: {named}. Not sent, and the campaign is paused: {findings[0]['message']}",
                    error="",
                ),
            )
        if campaign.state != Campaign.State.ACTIVE:  # paused for another buyer's text in this batch
            return self._unsent(
                job,
                Result(
                    job,
                    State.SCHEDULED,
                    "Waiting: the campaign was paused.",
                    in_doubt=job.doubted_before,
                    requeue=False,
                ),
            )
        job.text, job.language = rendered.text, template.language
        return job

    def _unsent(self, job: Job, result: Result) -> Result:
        """A message that does not go out now: the send's token goes back to its bucket."""
        self.buckets.refund(job.attached_account.partner, [gateway.send_operation(job.kind)])
        return result

    def _campaign_templates(self, campaign_id) -> dict:
        cached = self._templates.get(campaign_id)
        if cached and time.monotonic() - cached["at"] < TEMPLATES_FRESH_FOR:
            return cached
        campaign = Campaign.objects.get(pk=campaign_id)
        entry = {
            "campaign": campaign,
            "all": list(MessageTemplate.objects.filter(campaign_id=campaign_id)),
            "at": time.monotonic(),
        }
        self._templates[campaign_id] = entry
        return entry
