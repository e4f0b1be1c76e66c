"""Business rules for campaigns: creating, editing, checking and switching them on and off."""

import hashlib
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eventlog import types as event_types
from eventlog.services import record_event
from optouts.suppression import SELLER_BLOCKLIST, suppression_reasons_by_seller
from sellers.models import Order

from . import finding_groups, kinds, planner, policy, templating
from .events import campaign_paused_by_policy
from .models import LANGUAGE_CODES, Campaign, Dispatch, MessageTemplate
from .rule_problems import rule_problems

logger = logging.getLogger(__name__)

STARTER_NAME = "Request a Review after delivery"
EDITABLE_FIELDS = [
    "name",
    "kind",
    "priority",
    "trigger",
    "delay_minutes",
    "send_days",
    "send_from_hour",
    "send_until_hour",
    "marketplaces",
    "fulfillment",
    "include_asins",
    "exclude_asins",
    "include_skus",
    "exclude_skus",
    "min_total",
    "max_total",
    "exclude_returned",
    "exclude_cancelled",
    "exclude_replaced",
    "exclude_refunded",
    "exclude_promotions",
    "buyers",
    "business_orders",
    "skip_if_messaged",
    "default_language",
]


def _check(campaign: Campaign) -> None:
    problems = rule_problems(campaign)
    if problems:
        raise ValidationError(problems)


def campaign_create(*, seller, **values) -> Campaign:
    values.setdefault("send_days", list(range(7)))
    campaign = Campaign(seller=seller, **values)
    _check(campaign)
    campaign.save()
    return campaign


def _not_by_hand(campaign: Campaign) -> None:
    if campaign.by_hand:
        raise ValidationError("Review requests by hand are not a campaign to change.")


def campaign_update(*, campaign: Campaign, **values) -> Campaign:
    """Change a campaign's settings. An active campaign re-plans its window under the new rules;
    orders it already handled keep their dispatch and are never sent again."""
    _not_by_hand(campaign)
    if campaign.state == Campaign.State.ARCHIVED:
        raise ValidationError("An archived campaign cannot be edited; duplicate it instead.")
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not editable")
        setattr(campaign, name, value)
    _check(campaign)
    campaign.updated_at = timezone.now()
    campaign.planned_until = None
    campaign.save()
    return campaign


@dataclass
class TemplateCheck:
    problems: list = field(default_factory=list)  # templating.TemplateProblem: refuse to save
    blocking: list = field(default_factory=list)  # linter findings that stop activation
    warnings: list = field(default_factory=list)

    @property
    def savable(self) -> bool:
        return not self.problems


def template_check(campaign: Campaign, body: str) -> TemplateCheck:
    if len(body) > templating.MAX_SOURCE:  # refused whole: no check reads more than a template can hold
        return TemplateCheck(
            problems=[templating.TemplateProblem(1, f"The text is longer than {templating.MAX_SOURCE:,} characters.")]
        )
    try:
        problems = templating.validate(body)
    except templating.RenderPoolUnavailable:
        problems = [templating.TemplateProblem(1, "The text could not be checked just now; try again in a moment.")]
    kind = campaign.kind_info
    if kind.max_chars and len(body) > kind.max_chars * 3:
        problems.append(
            templating.TemplateProblem(1, f"The text is far longer than Amazon's {kind.max_chars} characters.")
        )
    report = policy.lint(body, critical_kind=kind.critical)
    check = TemplateCheck(problems=problems, blocking=list(report.blocking), warnings=list(report.warnings))
    if not problems:
        _lint_rendered(body, kind, check)
    return check


def _lint_rendered(body: str, kind, check: TemplateCheck) -> None:
    """Lint the text as a buyer would read it too: template expressions can assemble what the
    source hides ({{ "www.exam" ~ "ple.com" }}), and a branch can show only for orders other than
    the sample ({% if order_id != ... %}): the synthetic order's text is linted as well."""
    seen = {(f.rule, f.text) for f in check.blocking + check.warnings}
    try:
        renders = templating.render_many(
            [(body, templating.sample_context(), "en-US", "America/Los_Angeles"), templating.synthetic_job(body)]
        )
    except templating.RenderPoolUnavailable:
        return
    for rendered in renders:
        if not rendered.ok:
            continue
        report = lint_text(rendered.text, critical=kind.critical)
        for findings, into in ((report.blocking, check.blocking), (report.warnings, check.warnings)):
            for finding in findings:
                if (finding.rule, finding.text) not in seen and not any(finding.text in f.text for f in into):
                    into.append(replace(finding, message=f"{finding.message} (in the message as it renders)"))
                    seen.add((finding.rule, finding.text))


def lint_text(text: str, *, critical: bool) -> policy.LintReport:
    """Lint a message as rendered: braces in it are the buyer's text, not template syntax."""
    return policy.lint(text.replace("{", "(").replace("}", ")"), critical_kind=critical)


def sent_text_findings(text: str, *, kind: str, language: str, order_id: str) -> list[dict]:
    """The blocking findings in a message about to be sent, as the policy re-check records them.
    A template can hide a branch from every check before the send (`{% if order_id != ... %}`):
    the outbox lints what each buyer would get."""
    report = lint_text(text, critical=kinds.KINDS[kind].critical)
    return [
        {
            "language": language,
            "rule": f.rule,
            "line": f.line,
            "text": f.text,
            "message": f"{f.message} (in the message for order {order_id})",
        }
        for f in report.blocking
    ]


def template_save(*, campaign: Campaign, language: str, body: str) -> tuple[MessageTemplate | None, TemplateCheck]:
    """Save the text for one language unless it is broken; return it with what the checks found."""
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": "Choose a language we support."})
    if not campaign.kind_info.seller_text:
        raise ValidationError("Amazon writes the text of this message type; there is nothing to edit.")
    check = template_check(campaign, body)
    if not check.savable:
        return None, check
    if campaign.state == Campaign.State.ACTIVE and check.blocking:
        # An active campaign would send it: keep the text it has until this one passes.
        check.problems.append(
            templating.TemplateProblem(
                check.blocking[0].line,
                "This campaign is active and the text breaks Amazon's guidelines (see the "
                "policy check): fix it, or pause the campaign to save a draft.",
            )
        )
        return None, check
    template, _ = MessageTemplate.objects.update_or_create(
        seller=campaign.seller,
        campaign=campaign,
        language=language,
        defaults={"body": body, "updated_at": timezone.now()},
    )
    return template, check


def template_delete(*, template: MessageTemplate) -> None:
    campaign = template.campaign
    if campaign.state == Campaign.State.ACTIVE and template.language == campaign.default_language:
        raise ValidationError(
            "This is the active campaign's fallback text; buyers in other languages get it. "
            "Choose another fallback language or pause the campaign first."
        )
    template.delete()


def activation_problems(campaign: Campaign) -> list[str]:
    """Why this campaign cannot be activated now; empty when it can."""
    problems = [f"{message}" for message in rule_problems(campaign).values()]
    if campaign.state == Campaign.State.ARCHIVED:
        problems.append("The campaign is archived.")
    if campaign.kind_info.seller_text:
        templates = {t.language: t for t in campaign.templates.all()}
        if campaign.default_language not in templates:
            problems.append(f"Write the message in the fallback language ({campaign.get_default_language_display()}).")
        for _code, template in sorted(templates.items()):
            label = f"{template.get_language_display()} text"
            check = template_check(campaign, template.body)
            problems += [f"{label}, {str(problem)[0].lower()}{str(problem)[1:]}" for problem in check.problems]
            problems += [f"{label}: {finding_groups.summary(entry)}" for entry in finding_groups.group(check.blocking)]
    return problems


def campaign_activate(*, campaign: Campaign, past_orders: bool = True, now: datetime | None = None) -> Campaign:
    """Switch a campaign on. past_orders: message every order Amazon still allows, the ones placed
    before now included (the planner schedules those due on its next pass); False: only orders
    placed from now on. The answer is kept on the campaign (orders_placed_from), and the planner's
    rules honour it."""
    _not_by_hand(campaign)
    problems = activation_problems(campaign)
    if problems:
        raise ValidationError(problems)
    now = now or timezone.now()
    campaign.state = Campaign.State.ACTIVE
    campaign.paused_reason = ""
    campaign.activated_at = campaign.updated_at = now
    campaign.orders_placed_from = None if past_orders else now
    campaign.planned_until = None  # the next pass reads the whole lookback under the answer
    campaign.save(
        update_fields=["state", "paused_reason", "activated_at", "updated_at", "orders_placed_from", "planned_until"]
    )
    return campaign


@transaction.atomic
def campaign_pause(*, campaign: Campaign) -> Campaign:
    """A person pauses an active campaign (the policy check pauses through _pause_for_policy)."""
    _not_by_hand(campaign)
    now = timezone.now()
    # The conditional update decides once, also between two people pausing at the same moment.
    paused = Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.ACTIVE).update(
        state=Campaign.State.PAUSED, updated_at=now
    )
    if not paused:
        raise ValidationError("Only an active campaign can be paused.")
    campaign.state, campaign.updated_at = Campaign.State.PAUSED, now
    _record_paused(campaign, by="person", reason="Paused by a person.")
    return campaign


def _record_paused(campaign: Campaign, *, by: str, reason: str, findings: list[dict] | None = None) -> None:
    data: dict[str, object] = {
        "campaign_id": str(campaign.pk),
        "campaign": campaign.name,
        "paused_by": by,
        "reason": reason,
    }
    if findings is not None:
        data["findings"] = findings[:20]
    record_event(campaign.seller_id, event_types.CAMPAIGN_PAUSED, data)


def campaign_archive(*, campaign: Campaign) -> Campaign:
    _not_by_hand(campaign)
    campaign.state = Campaign.State.ARCHIVED
    campaign.updated_at = timezone.now()
    campaign.save(update_fields=["state", "updated_at"])
    return campaign


@transaction.atomic
def campaign_duplicate(*, campaign: Campaign) -> Campaign:
    _not_by_hand(campaign)
    copy = Campaign(
        seller=campaign.seller,
        state=Campaign.State.DRAFT,
        **{name: getattr(campaign, name) for name in EDITABLE_FIELDS},
    )
    copy.name = f"{campaign.name} (copy)"[:120]
    copy.save()
    MessageTemplate.objects.bulk_create(
        [
            MessageTemplate(seller=campaign.seller, campaign=copy, language=t.language, body=t.body)
            for t in campaign.templates.all()
        ]
    )
    return copy


def starter_campaign_create(*, seller) -> Campaign:
    """Every new seller starts with a draft of the campaign nearly every seller runs."""
    return campaign_create(
        seller=seller,
        name=STARTER_NAME,
        kind=kinds.SOLICITATION,
        trigger=Campaign.Trigger.DELIVERED,
        delay_minutes=7 * 24 * 60,
        send_from_hour=9,
        send_until_hour=18,
    )


# -- the policy re-check -----------------------------------------------------------------------
# Amazon's guidelines, and our reading of them, change with deploys: a text that passed when its
# campaign was activated may break a rule today. The re-check lints every active campaign again
# and pauses the ones that would now send a forbidden message, announcing why.
POLICY_RECHECK_STATE = "campaigns:policy-recheck"
POLICY_RECHECK_EVERY = timedelta(days=1)


def policy_fingerprint() -> str:
    """Changes whenever the policy check's rules or vocabularies change (a deploy that edits them).
    Every module of campaigns/policy/ counts, those added later too: none can be left out by hand."""
    package = Path(policy.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def policy_findings(campaign: Campaign) -> list[dict]:
    """The blocking findings in the campaign's texts, as plain JSON: language, rule, line, text."""
    findings = []
    for template in campaign.templates.all():
        for finding in template_check(campaign, template.body).blocking:
            findings.append(
                {
                    "language": template.language,
                    "rule": finding.rule,
                    "line": finding.line,
                    "text": finding.text,
                    "message": finding.message,
                }
            )
    return findings


def campaigns_policy_recheck(*, seller=None) -> list[tuple[Campaign, list[dict]]]:
    """Lint every active campaign's texts under the rules as they are now; pause each one with a
    blocking finding. Returns the campaigns paused, with their findings."""
    written = [code for code, kind in kinds.KINDS.items() if kind.seller_text]
    campaigns = Campaign.objects.filter(state=Campaign.State.ACTIVE, kind__in=written).select_related("seller")
    if seller is not None:
        campaigns = campaigns.filter(seller=seller)
    paused = []
    for campaign in campaigns.prefetch_related("templates").iterator(chunk_size=200):
        findings = policy_findings(campaign)
        if findings and _pause_for_policy(campaign, findings):
            paused.append((campaign, findings))
    return paused


def campaign_pause_for_policy(campaign: Campaign, findings: list[dict]) -> bool:
    """Pause an active campaign for blocking findings, with the reason and the announcement of the
    daily re-check. False when it was not active (paused, edited or archived meanwhile)."""
    return _pause_for_policy(campaign, findings)


@transaction.atomic
def _pause_for_policy(campaign: Campaign, findings: list[dict]) -> bool:
    locked = Campaign.objects.select_for_update().filter(pk=campaign.pk, state=Campaign.State.ACTIVE).first()
    if locked is None:  # paused, edited or archived meanwhile
        return False
    locked.state = Campaign.State.PAUSED
    locked.paused_reason = policy_pause_reason(findings)
    locked.updated_at = timezone.now()
    locked.save(update_fields=["state", "paused_reason", "updated_at"])
    logger.warning("campaign %s (%s) paused by the policy check: %s", locked.pk, locked.name, locked.paused_reason)
    _record_paused(locked, by="policy", reason=locked.paused_reason, findings=findings)
    campaign_paused_by_policy.send(sender=Campaign, campaign=locked, findings=findings)
    campaign.state, campaign.paused_reason = locked.state, locked.paused_reason
    return True


def policy_pause_reason(findings: list[dict]) -> str:
    lines = "; ".join(f"{f['language']}, line {f['line']}: {f['message']} (\u201c{f['text']}\u201d)" for f in findings)
    return f"Paused by the guidelines check: {lines}"[:1000]


def campaigns_policy_recheck_if_due(*, now: datetime | None = None, force: bool = False) -> list | None:
    """Re-check when the rules changed since the last run (after a deploy) or a day has passed.
    Returns what campaigns_policy_recheck returned, or None when no re-check was due."""
    now = now or timezone.now()
    fingerprint = policy_fingerprint()
    last = cache.get(POLICY_RECHECK_STATE) or {}
    if (
        not force
        and last.get("fingerprint") == fingerprint
        and last.get("at")
        and now - datetime.fromisoformat(last["at"]) < POLICY_RECHECK_EVERY
    ):
        return None
    paused = campaigns_policy_recheck()
    cache.set(POLICY_RECHECK_STATE, {"fingerprint": fingerprint, "at": now.isoformat()}, timeout=None)
    return paused


# -- the seller's blocklist ----------------------------------------------------------------------
BLOCKLIST_REASON = "The buyer is on your blocklist."


def dispatches_follow_blocklist(*, seller, order_ids, buyer_keys, added: bool, now=None) -> int:
    """Make the seller's dispatches agree with its blocklist at once, not only at the send gate.

    An entry added blocks what is scheduled for its order and its buyer's other orders, whatever
    the message kind. An entry removed re-plans the orders it blocked that no other entry still
    blocks, as far as Amazon's window still allows. Returns how many dispatches changed."""
    now = now or timezone.now()
    orders = Order.objects.for_seller(seller).filter(
        Q(amazon_order_id__in=list(order_ids)) | Q(buyer_key__in=[k for k in buyer_keys if k])
    )
    if added:
        return (
            Dispatch.objects.for_seller(seller)
            .filter(order__in=orders, state=Dispatch.State.SCHEDULED)
            .update(state=Dispatch.State.BLOCKED_SELLER, reason=BLOCKLIST_REASON, finished_at=now, updated_at=now)
        )
    candidates = list(orders.filter(dispatches__state=Dispatch.State.BLOCKED_SELLER).distinct())
    still = suppression_reasons_by_seller(candidates)
    freed = [o.pk for o in candidates if still.get(o.pk) != SELLER_BLOCKLIST]
    if not freed:
        return 0
    # An ended dispatch is never reopened (the rollups count each once): the blocked record goes,
    # and the planner decides afresh under today's rules and Amazon's window.
    removed, _ = (
        Dispatch.objects.for_seller(seller).filter(order_id__in=freed, state=Dispatch.State.BLOCKED_SELLER).delete()
    )
    planner.plan_orders(freed, now=now)
    return removed
