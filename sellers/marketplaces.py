"""Amazon's marketplaces as the product needs them: region, language, currency and time zone."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Marketplace:
    id: str
    code: str
    region: str
    name: str
    language: str
    currency: str
    time_zone: str


_ROWS = [
    ("ATVPDKIKX0DER", "US", "NA", "Amazon.com", "en-US", "USD", "America/Los_Angeles"),
    ("A2EUQ1WTGCTBG2", "CA", "NA", "Amazon.ca", "en-CA", "CAD", "America/Los_Angeles"),
    ("A1AM78C64UM0Y8", "MX", "NA", "Amazon.com.mx", "es-MX", "MXN", "America/Mexico_City"),
    ("A2Q3Y263D00KWC", "BR", "NA", "Amazon.com.br", "pt-BR", "BRL", "America/Sao_Paulo"),
    ("A1F83G8C2ARO7P", "UK", "EU", "Amazon.co.uk", "en-GB", "GBP", "Europe/London"),
    ("A1PA6795UKMFR9", "DE", "EU", "Amazon.de", "de-DE", "EUR", "Europe/Berlin"),
    ("A13V1IB3VIYZZH", "FR", "EU", "Amazon.fr", "fr-FR", "EUR", "Europe/Paris"),
    ("APJ6JRA9NG5V4", "IT", "EU", "Amazon.it", "it-IT", "EUR", "Europe/Rome"),
    ("A1RKKUPIHCS9HS", "ES", "EU", "Amazon.es", "es-ES", "EUR", "Europe/Madrid"),
    ("A1805IZSGTT6HS", "NL", "EU", "Amazon.nl", "nl-NL", "EUR", "Europe/Amsterdam"),
    ("A2NODRKZP88ZB9", "SE", "EU", "Amazon.se", "sv-SE", "SEK", "Europe/Stockholm"),
    ("A1C3SOZRARQ6R3", "PL", "EU", "Amazon.pl", "pl-PL", "PLN", "Europe/Warsaw"),
    ("A33AVAJ2PDY3EV", "TR", "EU", "Amazon.com.tr", "tr-TR", "TRY", "Europe/Istanbul"),
    ("AMEN7PMS3EDWL", "BE", "EU", "Amazon.com.be", "fr-BE", "EUR", "Europe/Brussels"),
    ("A28R8C7NBKEWEA", "IE", "EU", "Amazon.ie", "en-IE", "EUR", "Europe/Dublin"),
    ("A2VIGQ35RCS4UG", "AE", "EU", "Amazon.ae", "ar-AE", "AED", "Asia/Dubai"),
    ("A17E79C6D8DWNP", "SA", "EU", "Amazon.sa", "ar-SA", "SAR", "Asia/Riyadh"),
    ("ARBP9OOSHTCHU", "EG", "EU", "Amazon.eg", "ar-EG", "EGP", "Africa/Cairo"),
    ("A21TJRUUN4KGV", "IN", "EU", "Amazon.in", "en-IN", "INR", "Asia/Kolkata"),
    ("AE08WJ6YKNBMC", "ZA", "EU", "Amazon.co.za", "en-ZA", "ZAR", "Africa/Johannesburg"),
    ("A1VC38T7YXB528", "JP", "FE", "Amazon.co.jp", "ja-JP", "JPY", "Asia/Tokyo"),
    ("A39IBJ37TRP1C6", "AU", "FE", "Amazon.com.au", "en-AU", "AUD", "Australia/Sydney"),
    ("A19VAU5U5O7RUS", "SG", "FE", "Amazon.sg", "en-SG", "SGD", "Asia/Singapore"),
]
MARKETPLACES = {row[0]: Marketplace(*row) for row in _ROWS}
BY_NAME = {m.name: m for m in MARKETPLACES.values()}


def marketplace(marketplace_id: str) -> Marketplace | None:
    return MARKETPLACES.get(marketplace_id)
