"""Amazon's marketplaces as the sandbox serves them (ids from Amazon's marketplace-id table)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Marketplace:
    code: str
    id: str
    region: str
    name: str
    country: str
    currency: str
    language: str
    domain: str
    time_zone: str


MARKETPLACES = {
    m.code: m
    for m in [
        Marketplace(
            "US", "ATVPDKIKX0DER", "NA", "Amazon.com", "US", "USD", "en_US", "www.amazon.com", "America/Los_Angeles"
        ),
        Marketplace(
            "CA", "A2EUQ1WTGCTBG2", "NA", "Amazon.ca", "CA", "CAD", "en_CA", "www.amazon.ca", "America/Los_Angeles"
        ),
        Marketplace(
            "MX",
            "A1AM78C64UM0Y8",
            "NA",
            "Amazon.com.mx",
            "MX",
            "MXN",
            "es_MX",
            "www.amazon.com.mx",
            "America/Mexico_City",
        ),
        Marketplace(
            "BR",
            "A2Q3Y263D00KWC",
            "NA",
            "Amazon.com.br",
            "BR",
            "BRL",
            "pt_BR",
            "www.amazon.com.br",
            "America/Sao_Paulo",
        ),
        Marketplace(
            "UK", "A1F83G8C2ARO7P", "EU", "Amazon.co.uk", "GB", "GBP", "en_GB", "www.amazon.co.uk", "Europe/London"
        ),
        Marketplace("DE", "A1PA6795UKMFR9", "EU", "Amazon.de", "DE", "EUR", "de_DE", "www.amazon.de", "Europe/Berlin"),
        Marketplace("FR", "A13V1IB3VIYZZH", "EU", "Amazon.fr", "FR", "EUR", "fr_FR", "www.amazon.fr", "Europe/Paris"),
        Marketplace("IT", "APJ6JRA9NG5V4", "EU", "Amazon.it", "IT", "EUR", "it_IT", "www.amazon.it", "Europe/Rome"),
        Marketplace("ES", "A1RKKUPIHCS9HS", "EU", "Amazon.es", "ES", "EUR", "es_ES", "www.amazon.es", "Europe/Madrid"),
        Marketplace(
            "NL", "A1805IZSGTT6HS", "EU", "Amazon.nl", "NL", "EUR", "nl_NL", "www.amazon.nl", "Europe/Amsterdam"
        ),
        Marketplace(
            "SE", "A2NODRKZP88ZB9", "EU", "Amazon.se", "SE", "SEK", "sv_SE", "www.amazon.se", "Europe/Stockholm"
        ),
        Marketplace("PL", "A1C3SOZRARQ6R3", "EU", "Amazon.pl", "PL", "PLN", "pl_PL", "www.amazon.pl", "Europe/Warsaw"),
        Marketplace(
            "TR", "A33AVAJ2PDY3EV", "EU", "Amazon.com.tr", "TR", "TRY", "tr_TR", "www.amazon.com.tr", "Europe/Istanbul"
        ),
        Marketplace("AE", "A2VIGQ35RCS4UG", "EU", "Amazon.ae", "AE", "AED", "ar_AE", "www.amazon.ae", "Asia/Dubai"),
        Marketplace("SA", "A17E79C6D8DWNP", "EU", "Amazon.sa", "SA", "SAR", "ar_SA", "www.amazon.sa", "Asia/Riyadh"),
        Marketplace(
            "JP", "A1VC38T7YXB528", "FE", "Amazon.co.jp", "JP", "JPY", "ja_JP", "www.amazon.co.jp", "Asia/Tokyo"
        ),
        Marketplace(
            "AU", "A39IBJ37TRP1C6", "FE", "Amazon.com.au", "AU", "AUD", "en_AU", "www.amazon.com.au", "Australia/Sydney"
        ),
        Marketplace("SG", "A19VAU5U5O7RUS", "FE", "Amazon.sg", "SG", "SGD", "en_SG", "www.amazon.sg", "Asia/Singapore"),
    ]
}
BY_ID = {m.id: m for m in MARKETPLACES.values()}

# The marketplaces a seeded seller of each region sells in (most sell in a few, not all).
REGION_PROFILES = {
    "NA": [["US"], ["US", "CA"], ["US", "CA", "MX"]],
    "EU": [["DE"], ["UK", "DE", "FR", "IT", "ES"], ["DE", "FR", "IT", "ES", "NL", "PL", "SE"]],
    "FE": [["JP"], ["AU"]],
}
