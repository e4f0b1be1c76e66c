"""Campaign settings: contradictions are refused, activation waits for clean templates."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import Campaign, MessageTemplate

from ..factories import CampaignFactory, MessageTemplateFactory, SellerFactory

pytestmark = pytest.mark.django_db

CLEAN_TEXT = (
    "Hello, your order {{ order_id }} is ready to ship. Our courier needs a delivery window: "
    "please reply with the day and time that suit you best."
)


def create(seller, **values):
    return services.campaign_create(seller=seller, name="Test", **values)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"include_asins": ["B01"], "exclude_asins": ["B01"]}, "exclude_asins", "both included and excluded"),
        ({"include_skus": ["S1"], "exclude_skus": ["S1"]}, "exclude_skus", "both included and excluded"),
        ({"min_total": Decimal("50"), "max_total": Decimal("10")}, "max_total", "below the minimum"),
        ({"send_days": []}, "send_days", "at least one day"),
        ({"send_from_hour": 18, "send_until_hour": 9}, "send_until_hour", "end after it starts"),
        ({"fulfillment": "AMAZON", "trigger": "shipped"}, "trigger", "FBA"),
        ({"delay_minutes": 31 * 24 * 60}, "delay_minutes", "would never send"),
        (
            {"kind": "confirm_delivery", "delay_minutes": 45 * 24 * 60},
            "delay_minutes",
            "30 days after the order is completed",
        ),
        (
            {"kind": "unexpected_problem", "trigger": "shipped", "delay_minutes": 60 * 24 * 60},
            "delay_minutes",
            "would never send",
        ),
        ({"marketplaces": ["NOPE"]}, "marketplaces", "Unknown marketplace"),
    ],
)
def test_a_contradictory_or_impossible_setting_is_refused_with_a_clear_message(values, field, message):
    seller = SellerFactory()
    with pytest.raises(ValidationError) as refused:
        create(seller, **values)
    assert message in " ".join(refused.value.message_dict[field])


def test_a_long_delay_that_fits_amazons_window_on_some_days_of_the_week_is_accepted():
    # 29 days after delivery, weekends only: an order delivered on a Saturday morning still fits.
    campaign = create(
        SellerFactory(), delay_minutes=29 * 24 * 60, send_days=[5, 6], send_from_hour=9, send_until_hour=18
    )

    assert campaign.pk


def test_every_new_seller_starts_with_a_draft_review_request_campaign():
    seller = SellerFactory()

    starter = Campaign.objects.for_seller(seller).get()

    assert starter.kind == "review_request"
    assert starter.state == Campaign.State.DRAFT
    assert services.activation_problems(starter) == []


def test_a_message_campaign_cannot_be_activated_without_text_in_its_fallback_language():
    campaign = CampaignFactory(kind="confirm_delivery", default_language="de")

    with pytest.raises(ValidationError) as refused:
        services.campaign_activate(campaign=campaign)

    assert "fallback language (Deutsch)" in " ".join(refused.value.messages)


def test_a_broken_template_is_refused_on_save_with_its_line():
    campaign = CampaignFactory(kind="confirm_delivery")

    template, check = services.template_save(
        campaign=campaign, language="en", body="Hello,\nyour order {{ order_id }\nThanks"
    )

    assert template is None
    assert check.problems[0].line == 2
    assert not MessageTemplate.objects.filter(campaign=campaign).exists()


def test_an_unknown_variable_is_refused_on_save_with_its_name_and_line():
    campaign = CampaignFactory(kind="confirm_delivery")

    template, check = services.template_save(
        campaign=campaign, language="en", body="Hello {{ buyer_name }},\nplease confirm."
    )

    assert template is None
    assert check.problems[0].line == 1
    assert "buyer_name" in check.problems[0].message


def test_a_blocking_policy_finding_is_saved_but_stops_activation():
    campaign = CampaignFactory(kind="confirm_delivery")
    body = CLEAN_TEXT + "\nCall us on +1 (555) 123-4567."

    template, check = services.template_save(campaign=campaign, language="en", body=body)

    assert template is not None
    assert [f.rule for f in check.blocking] == ["phone_number"]
    with pytest.raises(ValidationError) as refused:
        services.campaign_activate(campaign=campaign)
    assert "line 2" in " ".join(refused.value.messages)


def test_fixing_the_finding_lets_the_campaign_activate():
    campaign = CampaignFactory(kind="confirm_delivery")
    services.template_save(campaign=campaign, language="en", body=CLEAN_TEXT + "\nCall us on +1 (555) 123-4567.")

    services.template_save(campaign=campaign, language="en", body=CLEAN_TEXT)
    services.campaign_activate(campaign=campaign)

    assert campaign.state == Campaign.State.ACTIVE


def test_a_review_request_hidden_in_a_critical_message_type_stops_activation():
    campaign = CampaignFactory(kind="confirm_customization")
    services.template_save(
        campaign=campaign, language="en", body=CLEAN_TEXT + "\nAnd please leave us a review once it arrives!"
    )

    assert any(
        "critical" in problem or "review" in problem.lower() for problem in services.activation_problems(campaign)
    )


def test_duplicating_copies_settings_and_texts_as_a_new_draft():
    template = MessageTemplateFactory(body=CLEAN_TEXT)
    original = template.campaign
    services.campaign_update(campaign=original, exclude_asins=["B0X"], priority=7)
    original.state = Campaign.State.ACTIVE
    original.save()

    copy = services.campaign_duplicate(campaign=original)

    assert copy.state == Campaign.State.DRAFT
    assert (copy.exclude_asins, copy.priority, copy.kind) == (["B0X"], 7, original.kind)
    assert copy.templates.get().body == CLEAN_TEXT


def test_an_archived_campaign_cannot_be_edited():
    campaign = services.campaign_archive(campaign=CampaignFactory())

    with pytest.raises(ValidationError):
        services.campaign_update(campaign=campaign, priority=1)


def test_only_an_active_campaign_can_be_paused():
    with pytest.raises(ValidationError):
        services.campaign_pause(campaign=CampaignFactory(state="draft"))


def test_a_link_assembled_by_template_expressions_is_found_in_the_rendered_text():
    campaign = CampaignFactory(kind="confirm_delivery")

    check = services.template_check(campaign, CLEAN_TEXT + '\nMore at {{ "www.exam" ~ "ple.com" }}')

    assert [f.rule for f in check.blocking] == ["external_link"]
    assert "as it renders" in check.blocking[0].message


def test_an_active_campaign_keeps_its_text_when_a_new_one_breaks_the_guidelines():
    template = MessageTemplateFactory(body=CLEAN_TEXT)
    campaign = services.campaign_activate(campaign=template.campaign)

    saved, check = services.template_save(campaign=campaign, language="en", body=CLEAN_TEXT + "\nCall +1 555 123 4567")

    assert saved is None and "pause the campaign" in check.problems[-1].message
    template.refresh_from_db()
    assert template.body == CLEAN_TEXT


def test_an_active_campaigns_fallback_text_cannot_be_deleted():
    template = MessageTemplateFactory(body=CLEAN_TEXT)
    services.campaign_activate(campaign=template.campaign)

    with pytest.raises(ValidationError):
        services.template_delete(template=template)
