"""The words around numbers, per marketplace language: those that announce a phone number, and
the labels of numbers that are not one. Pattern syntax: campaigns/policy/phrases/__init__.py.
"""

# Words that announce a phone number: a 7-15 digit number right after one is a phone number,
# whatever its shape.
PHONE_WORDS: dict[str, tuple[str, ...]] = {
    "en": (r"tel", r"phone\w*", r"telephone", r"call(?: us| me)?(?: at| on)?", r"mobile", r"cell(?:phone)?", r"whatsapp", r"hotline", r"fax", r"text us", r"sms"),
    "de": (r"telefon\w*", r"anruf\w*", r"rufen sie (?:uns|mich) (?:\w+ ){0,2}?an", r"handy\w*", r"mobil\w*", r"hotline"),
    "fr": (r"téléphone\w*", r"tél", r"appelez(?: nous)?", r"appeler", r"portable"),
    "it": (r"telefono", r"chiamaci", r"chiamare", r"chiama", r"cellulare", r"cell"),
    "es": (r"teléfono", r"llámanos", r"llámenos", r"llame", r"llamar", r"móvil", r"celular"),
    "nl": (r"telefoon\w*", r"bel (?:ons|me|mij)", r"bellen", r"mobiel"),
    "pl": (r"telefon\w*", r"zadzwoń", r"dzwoń", r"komórk\w*"),
    "sv": (r"telefon\w*", r"ring oss", r"ring", r"mobil\w*"),
    "tr": (r"telefon\w*", r"arayın", r"arayabilirsiniz", r"gsm"),
    "ja": (r"電話", r"携帯", r"ケータイ", r"連絡先"),
    "pt": (r"telefone", r"ligue", r"ligar", r"celular", r"zap"),
    "ar": (r"هاتف", r"جوال", r"اتصل", r"واتساب", r"موبايل"),
}

# Labels of numbers that are not phone numbers: digit groups right after one ("Batch 2231-44-19",
# "Rechnung 2026-0815-11") are an identifier, not a phone number with spaces or dashes.
IDENTIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "en": (r"order", r"invoice", r"tracking", r"batch", r"lot", r"serial", r"code", r"sku", r"asin", r"ean",
           r"isbn", r"gtin", r"upc", r"model", r"part", r"item", r"article", r"ref(?:erence)?", r"ticket", r"case"),
    "de": (r"bestell\w*", r"rechnung\w*", r"sendung\w*", r"charge", r"seriennummer", r"artikel\w*", r"modell",
           r"teilenummer", r"kundennummer", r"vorgang\w*"),
    "fr": (r"commande", r"facture", r"suivi", r"colis", r"série", r"article", r"modèle", r"référence", r"dossier"),
    "it": (r"ordine", r"fattura", r"spedizione", r"tracciamento", r"serie", r"articolo", r"modello", r"codice",
           r"riferimento", r"pratica"),
    "es": (r"pedido", r"factura", r"seguimiento", r"envío", r"serie", r"artículo", r"modelo", r"código",
           r"referencia"),
    "nl": (r"bestelling\w*", r"factuur\w*", r"zending\w*", r"serienummer", r"artikel\w*", r"model", r"referentie"),
    "pl": (r"zamówieni\w*", r"faktur\w*", r"przesyłk\w*", r"seri\w*", r"artykuł\w*", r"model\w*", r"kod\w*"),
    "sv": (r"beställning\w*", r"order\w*", r"faktura\w*", r"försändelse\w*", r"serienummer", r"artikel\w*",
           r"modell"),
    "tr": (r"sipariş\w*", r"fatura\w*", r"kargo\w*", r"takip", r"seri", r"ürün", r"model\w*", r"kod\w*"),
    "ja": (r"注文", r"請求", r"追跡", r"問い合わせ番号", r"型番", r"品番", r"シリアル", r"ロット"),
    "pt": (r"pedido", r"fatura", r"nota fiscal", r"rastreamento", r"rastreio", r"série", r"modelo", r"código"),
    "ar": (r"طلب", r"فاتورة", r"شحنة", r"تتبع", r"رقم التسلسل", r"موديل", r"كود", r"رمز"),
}
