"""Which template a buyer gets, and the text it renders to for one order."""

from sellers.marketplaces import marketplace

from . import templating

# The locale we format dates and money in when the buyer's own locale is not known.
DEFAULT_LOCALES = {
    "en": "en-US",
    "de": "de-DE",
    "fr": "fr-FR",
    "it": "it-IT",
    "es": "es-ES",
    "nl": "nl-NL",
    "pl": "pl-PL",
    "sv": "sv-SE",
    "tr": "tr-TR",
    "ja": "ja-JP",
    "pt-BR": "pt-BR",
    "ar": "ar-AE",
}


def language_of(locale: str) -> str:
    """Our template language for a locale such as Amazon's buyerLocale ("de_DE", "pt-BR")."""
    locale = (locale or "").replace("_", "-")
    if locale.lower().startswith("pt"):
        return "pt-BR"
    return locale.split("-")[0].lower()


def buyer_locale(order, given: str = "") -> str:
    """The buyer's locale from Amazon (GetAttributes) when we have it, else the marketplace's."""
    if given:
        return given.replace("_", "-")
    place = marketplace(order.marketplace_id)
    return place.language if place else "en-US"


def choose_template(campaign, templates, locale: str):
    """The template in the buyer's language, else the campaign's fallback language."""
    by_language = {t.language: t for t in templates}
    return by_language.get(language_of(locale)) or by_language.get(campaign.default_language)


def formatting_locale(language: str, order) -> str:
    """Format in the marketplace's own locale when it speaks the template's language (en-GB on
    Amazon.co.uk), else in the language's usual locale."""
    place = marketplace(order.marketplace_id)
    if place and language_of(place.language) == language:
        return place.language
    return DEFAULT_LOCALES.get(language, "en-US")


def render_for_order(template, order, *, seller_name: str) -> str:
    """The text of `template` for `order`, or TemplateRenderError."""
    return render_for_orders([(template, order, seller_name)])[0].text_or_raise()


def render_for_orders(items) -> list[templating.Rendered]:
    """(template, order, seller name) triples rendered in one batch in the render pool, in order.
    Raises RenderPoolUnavailable when no render process can be had (try again later)."""
    jobs = []
    for template, order, seller_name in items:
        place = marketplace(order.marketplace_id)
        jobs.append(
            (
                template.body,
                templating.order_context(order, seller_name=seller_name),
                formatting_locale(template.language, order),
                place.time_zone if place else "UTC",
            )
        )
    return templating.render_many(jobs)
