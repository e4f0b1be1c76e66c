"""Amazon's prohibited content blocks: coupons and discounts, invitations to follow the brand
elsewhere, thank-you-only messages and proactive shipping or delivery confirmations.

Each kind blocks in every marketplace language, next to a look-alike that stays allowed: a
product title or free shipping beside a coupon, an instruction to follow beside "follow us",
thanks that come with real content, a shipping question in a critical message, a confirmation
with its day, date and carrier beside a delay message that names the new day.
"""

import pytest

from campaigns.policy import BLOCKING, RULES, WARNING, lint
from campaigns.policy.phrases.delivery_details import DELIVERY_DETAILS

LANGUAGES = {"en", "de", "fr", "it", "es", "nl", "pl", "sv", "tr", "ja", "pt", "ar"}


def blocking(source, **kwargs):
    return [(f.rule, f.text) for f in lint(source, **kwargs).blocking]


def found(source, **kwargs):
    report = lint(source, **kwargs)
    return [(f.rule, f.text) for f in report.blocking + report.warnings]


# --- coupons and discounts ------------------------------------------------------------------------

# language -> (a promotion, the text the finding quotes, a look-alike that must stay clean)
COUPONS = {
    "en": (
        "Use the code SPRING10 to get 10% off your next order.",
        "10% off your next order",
        "Your Discount Tire Gauge is ready to ship. Free shipping was already included; please confirm the "
        "delivery address.",
    ),
    "de": (
        "Als Dankeschön erhalten Sie 10 % Rabatt auf Ihre nächste Bestellung mit dem Gutscheincode DANKE10.",
        "10 % Rabatt",
        "Der Versand war bereits kostenfrei. Bitte bestätigen Sie vor dem Versand den Gravurtext.",
    ),
    "fr": (
        "Pour vous remercier, profitez de 10 % de réduction sur votre prochaine commande avec le code MERCI10.",
        "10 % de réduction",
        "La livraison gratuite était déjà incluse. Avant l'expédition, merci de confirmer le texte de la gravure.",
    ),
    "it": (
        "Per ringraziarti, ecco un codice sconto del 10% sul tuo prossimo acquisto: GRAZIE10.",
        "codice sconto",
        "La spedizione gratuita era già inclusa. Prima della spedizione, conferma il testo dell'incisione.",
    ),
    "es": (
        "Como agradecimiento, le regalamos un cupón de descuento del 10 % para su próxima compra.",
        "cupón de descuento",
        "El envío gratuito ya estaba incluido. Antes del envío, confirme el texto del grabado.",
    ),
    "nl": (
        "Als dank ontvangt u 10% korting op uw volgende bestelling met de kortingscode BEDANKT10.",
        "10% korting",
        "De verzending was al gratis. Bevestig de graveertekst voordat we verzenden.",
    ),
    "pl": (
        "W podziękowaniu otrzymasz 10% rabatu na kolejne zakupy z kodem DZIEKUJE10.",
        "10% rabatu",
        "Darmowa wysyłka była już wliczona w cenę. Przed wysyłką prosimy o potwierdzenie treści grawerunku.",
    ),
    "sv": (
        "Som tack får du 10 % rabatt på ditt nästa köp med rabattkoden TACK10.",
        "10 % rabatt",
        "Fri frakt ingick redan. Bekräfta gärna gravyrtexten innan vi skickar.",
    ),
    "tr": (
        "Teşekkür olarak bir sonraki siparişinizde geçerli %10 indirim kodu: TESEKKUR10",
        "bir sonraki siparişinizde geçerli %10 indirim",
        "Ücretsiz kargo zaten dahildi. Göndermeden önce lütfen gravür metnini onaylayın.",
    ),
    "ja": (
        "次回のお買い物で使える10%オフのクーポンをプレゼントいたします。",
        "10%オフ",
        "送料は無料です。発送前に刻印の内容をご確認ください。",
    ),
    "pt": (
        "Como agradecimento, ganhe 10% de desconto na sua próxima compra com o cupom OBRIGADO10.",
        "10% de desconto",
        "O frete grátis já estava incluído. Antes do envio, confirme o texto da gravação.",
    ),
    "ar": (
        "شكرًا لك! استخدم كود الخصم SHUKRAN10 للحصول على خصم 10٪ على طلبك القادم.",
        "كود الخصم",
        "الشحن المجاني كان مشمولًا بالفعل. قبل الشحن، يرجى تأكيد نص النقش.",
    ),
}


@pytest.mark.parametrize("language", sorted(COUPONS))
def test_a_coupon_or_discount_blocks_and_free_shipping_or_a_product_title_do_not(language):
    promotion, quote, look_alike = COUPONS[language]

    assert ("coupon_or_discount", quote) in blocking(promotion)
    assert found(look_alike) == []


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        ("Enjoy a free gift with your next order!", "Enjoy a free gift with your next order"),
        ("Here is your voucher: WELCOME5.", "Here is your voucher"),
        ("Save 15% with promo code LAMP15 at checkout.", "Save 15%"),
        ("Sie erhalten einen Gutschein für Ihre nächste Bestellung.", "Sie erhalten einen Gutschein"),
        ("Profitez d'une réduction sur votre prochaine commande !", "Profitez d'une réduction"),
    ],
)
def test_more_shapes_of_a_promotion_block(source, quote):
    assert ("coupon_or_discount", quote) in blocking(source)


def test_a_bare_discount_word_is_a_product_title_not_a_promotion():
    # "Discount" alone names things ("Discount Tire Gauge"); an offer has a shape: a code, a
    # percentage or amount off, a discount on the next order, "get a discount".
    assert found("Your Discount Tire Gauge ships with a discount card holder and a free carry bag.") == []
    assert found("Your Discount Tire Gauge has arrived. We would appreciate a review on Amazon.") == []
    assert blocking("Get a discount on your next order!") == [
        ("coupon_or_discount", "Get a discount on your next order")
    ]
    assert blocking("Leave a review and get a discount!") == [("review_incentive", "a discount")]


# --- invitations to follow the brand elsewhere ----------------------------------------------------

FOLLOW = {
    "en": (
        "Follow us on Instagram for tips and new arrivals!",
        "Follow us on Instagram",
        "Please follow the instructions in the manual to pair the headset.",
    ),
    "de": (
        "Folgen Sie uns auf Instagram, um nichts zu verpassen!",
        "Folgen Sie uns auf Instagram",
        "Bitte folgen Sie der Anleitung, um das Headset zu koppeln.",
    ),
    "fr": (
        "Suivez-nous sur Instagram pour ne rien manquer !",
        "Suivez-nous sur Instagram",
        "Suivez les instructions du manuel pour appairer le casque.",
    ),
    "it": (
        "Seguici su Instagram per non perderti nulla!",
        "Seguici su Instagram",
        "Segui le istruzioni del manuale per associare le cuffie.",
    ),
    "es": (
        "Síguenos en Instagram para no perderte nada.",
        "Síguenos en Instagram",
        "Siga las instrucciones del manual para emparejar los auriculares.",
    ),
    "nl": (
        "Volg ons op Instagram voor handige tips!",
        "Volg ons op Instagram",
        "Volg de instructies in de handleiding om de koptelefoon te koppelen.",
    ),
    "pl": (
        "Obserwuj nas na Instagramie, aby być na bieżąco!",
        "Obserwuj nas na Instagramie",
        "Postępuj zgodnie z instrukcją, aby sparować słuchawki.",
    ),
    "sv": (
        "Följ oss på Instagram för fler tips!",
        "Följ oss på Instagram",
        "Följ instruktionerna i manualen för att para ihop hörlurarna.",
    ),
    "tr": (
        "Fırsatlardan haberdar olmak için bizi Instagram'da takip edin!",
        "bizi Instagram'da takip edin",
        "Kulaklığı eşleştirmek için kılavuzdaki talimatları takip edin.",
    ),
    "ja": (
        "Instagramもぜひフォローしてください！",
        "Instagramもぜひフォロー",
        "ご不明点がございましたら、しっかりフォローいたします。",
    ),
    "pt": (
        "Siga-nos no Instagram para não perder nenhuma novidade!",
        "Siga-nos no Instagram",
        "Siga as instruções do manual para parear o fone de ouvido.",
    ),
    "ar": (
        "تابعونا على إنستغرام لمعرفة كل جديد!",
        "تابعونا على إنستغرام",
        "لقد تابعنا طلبك مع شركة الشحن، ويمكنك الرد على هذه الرسالة إذا احتجت إلى تغيير العنوان.",
    ),
}


@pytest.mark.parametrize("language", sorted(FOLLOW))
def test_an_invitation_to_follow_the_brand_blocks_and_following_instructions_does_not(language):
    invitation, quote, look_alike = FOLLOW[language]

    assert ("follow_invitation", quote) in blocking(invitation)
    assert found(look_alike) == []


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        ("Visit our website for more lamps.", "Visit our website"),
        ("Join our newsletter to hear about new lamps first.", "Join our newsletter"),
        ("Besuchen Sie unseren Onlineshop!", "Besuchen Sie unseren Onlineshop"),
        ("Abonnez-vous à notre newsletter.", "Abonnez-vous à notre newsletter"),
        ("ぜひ当店のホームページもご覧ください。", "当店のホームページもご覧"),
        ("زوروا متجرنا لمزيد من المنتجات.", "زوروا متجرنا"),
    ],
)
def test_an_invitation_to_a_website_store_or_newsletter_blocks(source, quote):
    assert ("follow_invitation", quote) in blocking(source)


@pytest.mark.parametrize(
    ("mention", "call"),
    [
        ("We have new products coming soon.", "Follow us on Instagram to see our new products first."),
        ("Our brand stands for careful packaging.", "Visit our store to see the whole range."),
        ("Unsere Marke steht für Qualität.", "Folgen Sie uns auf Facebook."),
    ],
)
def test_a_mention_of_the_brand_or_new_products_is_only_a_warning_a_call_to_follow_blocks(mention, call):
    report = lint(mention)

    assert report.blocking == [] and [f.rule for f in report.warnings] == ["marketing"]
    assert [rule for rule, _text in blocking(call)] == ["follow_invitation"]


# --- messages that only thank ---------------------------------------------------------------------

# language -> (thanks only, the text quoted, thanks with real content that stays clean)
THANKS_ONLY = {
    "en": (
        "Hi {{ buyer_name }},\n\nThank you so much for your order! We really appreciate your business.\n\n"
        "Best regards,\nAcme Lighting",
        "Thank you so much for your order! We really appreciate your business",
        "Hi {{ buyer_name }},\n\nthank you for your order! The lamp needs an E27 bulb, which is not included in "
        "the box.\n\nBest regards,\nAcme Lighting",
    ),
    "de": (
        "Hallo {{ buyer_name }},\n\nvielen Dank für Ihre Bestellung und Ihr Vertrauen!\n\nMit freundlichen Grüßen\n"
        "Ihr Lampenwelt-Team",
        "vielen Dank für Ihre Bestellung",
        "Hallo {{ buyer_name }},\n\nvielen Dank für Ihre Bestellung! Die Lampe benötigt ein E27-Leuchtmittel, das "
        "nicht im Lieferumfang enthalten ist.\n\nMit freundlichen Grüßen\nIhr Lampenwelt-Team",
    ),
    "fr": (
        "Bonjour {{ buyer_name }},\n\nmerci beaucoup pour votre commande et pour votre confiance !\n\n"
        "Cordialement,\nL'équipe Lumière & Co",
        "merci beaucoup pour votre commande",
        "Bonjour {{ buyer_name }},\n\nmerci pour votre commande ! La lampe nécessite une ampoule E27, qui n'est pas "
        "fournie.\n\nCordialement,\nL'équipe Lumière & Co",
    ),
    "it": (
        "Ciao {{ buyer_name }},\n\ngrazie mille per il tuo acquisto e per la tua fiducia!\n\nCordiali saluti,\n"
        "Il team di Casa Luce",
        "grazie mille per il tuo acquisto",
        "Ciao {{ buyer_name }},\n\ngrazie per il tuo acquisto! La lampada richiede una lampadina E27, non inclusa "
        "nella confezione.\n\nCordiali saluti,\nIl team di Casa Luce",
    ),
    "es": (
        "Hola {{ buyer_name }}:\n\n¡Muchas gracias por su compra y por confiar en nosotros!\n\nUn saludo,\n"
        "El equipo de Casa Luz",
        "Muchas gracias por su compra",
        "Hola {{ buyer_name }}:\n\n¡Gracias por su compra! La lámpara necesita una bombilla E27, que no viene "
        "incluida.\n\nUn saludo,\nEl equipo de Casa Luz",
    ),
    "nl": (
        "Hallo {{ buyer_name }},\n\nhartelijk dank voor uw bestelling en uw vertrouwen!\n\nMet vriendelijke groet,\n"
        "Het team van Lampenhuis",
        "hartelijk dank voor",
        "Hallo {{ buyer_name }},\n\nbedankt voor uw bestelling! Voor de lamp is een E27-lichtbron nodig, die niet "
        "is meegeleverd.\n\nMet vriendelijke groet,\nHet team van Lampenhuis",
    ),
    "pl": (
        "Dzień dobry,\n\nserdecznie dziękujemy za zakup w naszym sklepie!\n\nPozdrawiamy,\nZespół Lampy24",
        "serdecznie dziękujemy za zakup w naszym sklepie",
        "Dzień dobry,\n\ndziękujemy za zakup! Lampa wymaga żarówki E27, która nie jest dołączona do zestawu.\n\n"
        "Pozdrawiamy,\nZespół Lampy24",
    ),
    "sv": (
        "Hej {{ buyer_name }},\n\nstort tack för ditt köp och ditt förtroende!\n\nMed vänliga hälsningar\nLampbutiken",
        "stort tack för ditt köp",
        "Hej {{ buyer_name }},\n\ntack för ditt köp! Lampan behöver en E27-glödlampa, som inte ingår i "
        "förpackningen.\n\nMed vänliga hälsningar\nLampbutiken",
    ),
    "tr": (
        "Merhaba {{ buyer_name }},\n\nsiparişiniz için çok teşekkür ederiz!\n\nSaygılarımızla,\nLamba Dünyası",
        "siparişiniz için çok teşekkür ederiz",
        "Merhaba {{ buyer_name }},\n\nsiparişiniz için teşekkür ederiz! Lamba E27 ampul gerektirir ve ampul pakete "
        "dahil değildir.\n\nSaygılarımızla,\nLamba Dünyası",
    ),
    "ja": (
        "{{ buyer_name }}様\n\nこの度は当店をご利用いただき、誠にありがとうございます。\n\n今後ともよろしくお願いいたします。\n"
        "ライト商店",
        "当店をご利用いただき、誠にありがとうございます",
        "{{ buyer_name }}様\n\nこの度はご購入いただき、誠にありがとうございます。本製品にはE26電球が必要ですが、"
        "同梱されておりませんのでご注意ください。\n\nライト商店",
    ),
    "pt": (
        "Olá {{ buyer_name }},\n\nmuito obrigado pela sua compra e pela confiança!\n\nAtenciosamente,\nEquipe Casa Luz",
        "muito obrigado pela sua compra",
        "Olá {{ buyer_name }},\n\nobrigado pela sua compra! A luminária precisa de uma lâmpada E27, que não "
        "acompanha o produto.\n\nAtenciosamente,\nEquipe Casa Luz",
    ),
    "ar": (
        "مرحبًا {{ buyer_name }}،\n\nشكرًا جزيلًا لطلبك!\n\nمع أطيب التحيات،\nفريق متجر الأضواء",
        "شكرًا جزيلًا لطلبك",
        "مرحبًا {{ buyer_name }}،\n\nشكرًا لطلبك! يحتاج المصباح إلى لمبة E27 غير مرفقة في العلبة.\n\n"
        "مع أطيب التحيات،\nفريق متجر الأضواء",
    ),
}


@pytest.mark.parametrize("language", sorted(THANKS_ONLY))
def test_a_message_that_only_thanks_blocks_and_thanks_with_real_content_do_not(language):
    thanks_only, quote, with_content = THANKS_ONLY[language]

    assert blocking(thanks_only) == [("thank_you_only", quote)]
    assert found(with_content) == []


def test_order_ids_and_template_values_are_no_substance():
    source = "Thank you for order 123-1234567-1234567 ({{ product_title }}, SKU LAMP-E27-BLK)!"

    assert blocking(source) == [("thank_you_only", "Thank you")]


def test_a_message_that_only_offers_help_besides_thanks_blocks():
    source = (
        "Hello {{ buyer_name }},\nthanks again for shopping with us! If you have any questions, "
        "don't hesitate to contact us. We are always here to help.\nCheers,\n{{ seller_name }}"
    )

    assert [rule for rule, _text in blocking(source)] == ["thank_you_only"]


def test_thanks_with_a_little_more_is_only_a_warning():
    thanks_to_someone = lint("Thank you for your order, Anna and Tom!")
    thanks_only = lint("Thank you for your order!")

    assert thanks_to_someone.blocking == [] and [f.rule for f in thanks_to_someone.warnings] == ["mostly_thanks"]
    assert [f.rule for f in thanks_only.blocking] == ["thank_you_only"]


# --- proactive shipping and delivery confirmations ------------------------------------------------

# language -> (a confirmation, the text quoted, a critical customization message that mentions shipping)
CONFIRMATIONS = {
    "en": (
        "Hello {{ buyer_name }},\n\ngood news: your order {{ order_id }} has shipped! Tracking number: "
        "{{ tracking_number }}.\n\nBest regards,\n{{ seller_name }}",
        "your order {{ order_id }} has shipped",
        "Hello {{ buyer_name }},\n\nbefore this is shipped, please confirm the engraving text: "
        '"{{ engraving }}".\n\nBest regards,\n{{ seller_name }}',
    ),
    "de": (
        "Hallo {{ buyer_name }},\n\nIhre Bestellung wurde heute mit DHL versandt. Die Sendungsnummer lautet "
        "{{ tracking_number }}.\n\nViele Grüße\n{{ seller_name }}",
        "Ihre Bestellung wurde heute mit DHL versandt",
        "Hallo {{ buyer_name }},\n\nbevor wir Ihre Bestellung versenden, bestätigen Sie bitte den Gravurtext "
        "„{{ engraving }}“.\n\nViele Grüße\n{{ seller_name }}",
    ),
    "fr": (
        "Bonjour {{ buyer_name }},\n\nbonne nouvelle : votre commande a été expédiée aujourd'hui par Colissimo. "
        "Votre numéro de suivi : {{ tracking_number }}.\n\nCordialement,\n{{ seller_name }}",
        "votre commande a été expédiée",
        "Bonjour {{ buyer_name }},\n\navant l'expédition de votre commande, merci de confirmer le texte de la "
        "gravure : « {{ engraving }} ».\n\nCordialement,\n{{ seller_name }}",
    ),
    "it": (
        "Ciao {{ buyer_name }},\n\nil tuo ordine è stato spedito oggi con BRT. Puoi seguire la spedizione con il "
        "numero di tracciamento {{ tracking_number }}.\n\nCordiali saluti,\n{{ seller_name }}",
        "il tuo ordine è stato spedito",
        "Ciao {{ buyer_name }},\n\nprima della spedizione, conferma il testo dell'incisione: «{{ engraving }}».\n\n"
        "Cordiali saluti,\n{{ seller_name }}",
    ),
    "es": (
        "Hola {{ buyer_name }}:\n\nsu pedido ha sido enviado hoy con SEUR. Puede seguir su paquete con el número "
        "de seguimiento {{ tracking_number }}.\n\nUn saludo,\n{{ seller_name }}",
        "su pedido ha sido enviado",
        "Hola {{ buyer_name }}:\n\nantes de enviar su pedido, confirme el texto del grabado: «{{ engraving }}».\n\n"
        "Un saludo,\n{{ seller_name }}",
    ),
    "nl": (
        "Hallo {{ buyer_name }},\n\nuw bestelling is vandaag met PostNL verzonden. Uw track & trace-code is "
        "{{ tracking_number }}.\n\nMet vriendelijke groet,\n{{ seller_name }}",
        "uw bestelling is vandaag met PostNL verzonden",
        "Hallo {{ buyer_name }},\n\nvoordat we uw bestelling verzenden: wilt u de graveertekst "
        "„{{ engraving }}” bevestigen?\n\nMet vriendelijke groet,\n{{ seller_name }}",
    ),
    "pl": (
        "Dzień dobry,\n\nTwoje zamówienie zostało dziś wysłane kurierem InPost. Numer przesyłki: "
        "{{ tracking_number }}.\n\nPozdrawiamy,\n{{ seller_name }}",
        "Twoje zamówienie zostało dziś wysłane",
        "Dzień dobry,\n\nzanim wyślemy zamówienie, prosimy o potwierdzenie treści grawerunku: „{{ engraving }}”.\n\n"
        "Pozdrawiamy,\n{{ seller_name }}",
    ),
    "sv": (
        "Hej {{ buyer_name }},\n\ndin beställning har skickats idag med PostNord. Spårningsnumret är "
        "{{ tracking_number }}.\n\nMed vänliga hälsningar\n{{ seller_name }}",
        "din beställning har skickats",
        "Hej {{ buyer_name }},\n\ninnan vi skickar din beställning, bekräfta gärna gravyrtexten: "
        "”{{ engraving }}”.\n\nMed vänliga hälsningar\n{{ seller_name }}",
    ),
    "tr": (
        "Merhaba {{ buyer_name }},\n\nsiparişiniz bugün Yurtiçi Kargo ile kargoya verildi. Kargo takip "
        "numaranız: {{ tracking_number }}\n\nSaygılarımızla,\n{{ seller_name }}",
        "siparişiniz bugün Yurtiçi Kargo ile kargoya verildi",
        "Merhaba {{ buyer_name }},\n\nsiparişinizi kargoya vermeden önce lütfen gravür metnini onaylayın: "
        '"{{ engraving }}".\n\nSaygılarımızla,\n{{ seller_name }}',
    ),
    "ja": (
        "{{ buyer_name }}様\n\nご注文の商品を本日ヤマト運輸にて発送いたしました。お問い合わせ番号は"
        "{{ tracking_number }}です。\n\nよろしくお願いいたします。\n{{ seller_name }}",
        "発送いたしました",
        "{{ buyer_name }}様\n\n発送前に、刻印内容「{{ engraving }}」をご確認ください。\n\nよろしくお願いいたします。\n"
        "{{ seller_name }}",
    ),
    "pt": (
        "Olá {{ buyer_name }},\n\nseu pedido foi enviado hoje pelos Correios. O código de rastreamento é "
        "{{ tracking_number }}.\n\nAtenciosamente,\n{{ seller_name }}",
        "seu pedido foi enviado",
        "Olá {{ buyer_name }},\n\nantes de enviarmos o seu pedido, confirme o texto da gravação: "
        '"{{ engraving }}".\n\nAtenciosamente,\n{{ seller_name }}',
    ),
    "ar": (
        "مرحبًا {{ buyer_name }}،\n\nتم شحن طلبك اليوم عبر أرامكس. رقم التتبع: {{ tracking_number }}.\n\n"
        "مع أطيب التحيات،\n{{ seller_name }}",
        "تم شحن طلبك",
        "مرحبًا {{ buyer_name }}،\n\nقبل شحن طلبك، يرجى تأكيد نص النقش: «{{ engraving }}».\n\n"
        "مع أطيب التحيات،\n{{ seller_name }}",
    ),
}


@pytest.mark.parametrize("language", sorted(CONFIRMATIONS))
def test_a_shipment_confirmation_blocks_and_asking_before_shipping_does_not(language):
    confirmation, quote, customization = CONFIRMATIONS[language]

    assert blocking(confirmation) == [("shipment_confirmation", quote)]
    assert found(customization, critical_kind=True) == []


@pytest.mark.parametrize(
    ("source", "quote"),
    [
        ("Your package was delivered today. We hope you enjoy your purchase!", "Your package was delivered"),
        (
            "We have dispatched your order via DHL. It should arrive within 2-3 business days.",
            "We have dispatched your order",
        ),
        ("Ihr Paket wurde heute zugestellt. Viel Spaß mit Ihrem Einkauf!", "Ihr Paket wurde heute zugestellt"),
        ("Votre colis a été livré aujourd'hui. Nous espérons que l'article vous plaira !", "Votre colis a été livré"),
        ("Su paquete ha sido entregado hoy. ¡Esperamos que lo disfrute!", "Su paquete ha sido entregado"),
        ("商品のお届けが完了しました。", "お届けが完了しました"),
        ("Your tracking number is {{ tracking_number }}.", "tracking number"),
    ],
)
def test_a_message_that_only_says_the_order_was_dispatched_or_delivered_blocks(source, quote):
    assert blocking(source) == [("shipment_confirmation", quote)]


@pytest.mark.parametrize(
    ("allowed", "kwargs"),
    [
        # unexpected problem (not a critical kind): a delay message is allowed
        (
            "Your order has shipped, but the carrier reports a delay of about two days. We are sorry for the wait.",
            {"critical_kind": False},
        ),
        (
            "Ihre Bestellung wurde versandt, kommt aber wegen eines Streiks zwei Tage später an.",
            {"critical_kind": False},
        ),
        # confirm delivery details (critical): arranging the delivery is allowed
        (
            "Your order has shipped. The carrier can deliver it on Friday between 8:00 and 12:00; please reply with a "
            "time that suits you.",
            {"critical_kind": True},
        ),
        (
            "Votre commande a été expédiée. Le transporteur peut la livrer vendredi : quel créneau vous convient ?",
            {"critical_kind": True},
        ),
        # confirm order details (critical): an address problem
        (
            "Your order is ready to ship, but the house number is missing from the address. Could you send it to us?",
            {"critical_kind": True},
        ),
    ],
)
def test_a_delay_or_a_delivery_question_that_mentions_the_shipment_is_not_a_confirmation(allowed, kwargs):
    merely_delivered = "Your order was delivered."

    assert found(allowed, **kwargs) == []
    assert blocking(merely_delivered, **kwargs) == [("shipment_confirmation", "Your order was delivered")]


def test_a_review_request_that_says_the_order_arrived_is_not_a_confirmation():
    review_request = (
        "Your order {{ order_id }} was delivered a few days ago. Would you share your experience "
        "by writing a review on Amazon?"
    )

    assert found(review_request) == []
    assert blocking("Your order {{ order_id }} was delivered a few days ago.") == [
        ("shipment_confirmation", "Your order {{ order_id }} was delivered")
    ]


def test_a_negated_shipment_is_no_confirmation():
    for source in (
        "We have not shipped your order yet; the engraving is still drying.",
        "Ihre Bestellung wurde noch nicht versandt.",
        "Il tuo ordine non è stato ancora spedito.",
        "Twoje zamówienie nie zostało jeszcze wysłane.",
        "لم يتم شحن طلبك بعد.",
    ):
        assert [rule for rule, _text in found(source)] == [], source
    assert [rule for rule, _text in blocking("Il tuo ordine è stato spedito.")] == ["shipment_confirmation"]


# A confirmation rarely stops at "it has shipped": it names the day, the date, the carrier and
# when the order arrives. language -> confirmations with those details, each blocking.
CONFIRMATIONS_WITH_DETAILS = {
    "en": (
        "Your order has shipped and will arrive on Tuesday.",
        "Your order has shipped. It will arrive on Tuesday.",
        "Your order has shipped. Expected delivery: Tuesday.",
        "Your order has shipped with DHL and will arrive on 2026-10-12.",
        "Your order has shipped and arrives tomorrow.",
        "Your order has been dispatched and arrives on Tuesday.",
    ),
    "de": (
        "Ihre Bestellung wurde versandt und wird am Dienstag zugestellt.",
        "Ihre Bestellung wurde versandt. Sie kommt am Dienstag an.",
        "Ihre Bestellung wurde versandt. Voraussichtliche Zustellung: Dienstag.",
        "Ihre Bestellung wurde mit DHL versandt und kommt am 12.10.2026 an.",
        "Ihre Bestellung wurde versandt und kommt morgen an.",
        "Ihre Bestellung wurde verschickt und trifft am Dienstag bei Ihnen ein.",
    ),
    "fr": (
        "Votre commande a été expédiée et sera livrée mardi.",
        "Votre commande a été expédiée. Elle arrivera mardi.",
        "Votre commande a été expédiée. Livraison prévue : mardi.",
        "Votre commande a été expédiée par Colissimo et arrivera le 12/10/2026 dans la matinée.",
        "Votre commande a été expédiée et arrivera demain.",
        "Votre commande a été expédiée et arrivera mardi.",
    ),
    "it": (
        "Il tuo ordine è stato spedito e arriverà martedì.",
        "Il tuo ordine è stato spedito. Arriverà martedì.",
        "Il tuo ordine è stato spedito. Consegna prevista: martedì.",
        "Il tuo ordine è stato spedito con BRT e arriverà il 12/10/2026 in mattinata.",
        "Il tuo ordine è stato spedito e arriva domani.",
        "Il tuo ordine è stato spedito e sarà consegnato martedì.",
    ),
    "es": (
        "Su pedido ha sido enviado y llegará el martes.",
        "Su pedido ha sido enviado. Llegará el martes.",
        "Su pedido ha sido enviado. Entrega estimada: martes.",
        "Su pedido ha sido enviado con Correos y llegará el 12/10/2026 por la mañana.",
        "Su pedido ha sido enviado y llega mañana.",
        "Su pedido ha sido enviado y será entregado el martes.",
    ),
    "nl": (
        "Uw bestelling is verzonden en wordt dinsdag bezorgd.",
        "Uw bestelling is verzonden. Het pakket zal dinsdag aankomen.",
        "Uw bestelling is verzonden. Verwachte bezorging: dinsdag.",
        "Uw bestelling is met PostNL verzonden en wordt op 12-10-2026 bezorgd.",
        "Uw bestelling is verzonden en komt morgen aan.",
        "Uw bestelling is verzonden en wordt dinsdag geleverd.",
    ),
    "pl": (
        "Twoje zamówienie zostało wysłane i dotrze we wtorek.",
        "Twoje zamówienie zostało wysłane. Paczka dotrze we wtorek.",
        "Twoje zamówienie zostało wysłane. Przewidywana dostawa: wtorek.",
        "Twoje zamówienie zostało wysłane przez InPost i dotrze 12.10.2026.",
        "Twoje zamówienie zostało wysłane i jutro do Ciebie dotrze.",
        "Twoje zamówienie zostało wysłane i zostanie dostarczone we wtorek.",
    ),
    "sv": (
        "Din beställning har skickats och kommer fram på tisdag.",
        "Din beställning har skickats. Den kommer fram på tisdag.",
        "Din beställning har skickats. Beräknad leverans: tisdag.",
        "Din beställning har skickats med PostNord och kommer fram 2026-10-12.",
        "Din beställning har skickats och kommer fram i morgon.",
        "Din beställning har skickats och levereras på tisdag.",
    ),
    "tr": (
        "Siparişiniz kargoya verildi ve salı günü ulaşacak.",
        "Siparişiniz kargoya verildi. Salı günü size ulaşacak.",
        "Siparişiniz kargoya verildi. Tahmini teslimat: salı.",
        "Siparişiniz Yurtiçi Kargo ile kargoya verildi ve 12.10.2026 tarihinde ulaşacak.",
        "Siparişiniz kargoya verildi ve yarın elinize ulaşacak.",
        "Siparişiniz gönderildi ve salı günü teslim edilecek.",
    ),
    "ja": (
        "ご注文の商品を発送いたしました。火曜日にお届け予定です。",
        "ご注文の商品を発送しました。火曜日に届きます。",
        "ご注文の商品を発送いたしました。お届け予定日：火曜日",
        "ご注文の商品をヤマト運輸にて発送いたしました。10月12日に到着予定です。",
        "ご注文の商品を発送いたしました。明日お届けします。",
        "商品を発送しました。火曜日にお手元に届きます。",
    ),
    "pt": (
        "Seu pedido foi enviado e chegará na terça-feira.",
        "Seu pedido foi enviado. Ele chegará na terça-feira.",
        "Seu pedido foi enviado. Previsão de entrega: terça-feira.",
        "Seu pedido foi enviado pelos Correios e chegará em 12/10/2026.",
        "Seu pedido foi enviado e chega amanhã.",
        "Seu pedido foi enviado e será entregue na terça-feira.",
    ),
    "ar": (
        "تم شحن طلبك وسيصل يوم الثلاثاء.",
        "تم شحن طلبك. سيصل يوم الثلاثاء.",
        "تم شحن طلبك. موعد التسليم المتوقع: الثلاثاء.",
        "تم شحن طلبك عبر أرامكس وسيصل في ١٢/١٠/٢٠٢٦.",
        "تم شحن طلبك وسيصلك غدًا.",
        "تم شحن طلبك وستصلك الشحنة يوم الثلاثاء.",
    ),
}


@pytest.mark.parametrize(
    "source",
    [source for language in sorted(CONFIRMATIONS_WITH_DETAILS) for source in CONFIRMATIONS_WITH_DETAILS[language]]
    + [
        "Your order has shipped and is expected to arrive between Monday and Wednesday.",
        "Your order has shipped. Delivery is scheduled for Thursday, Oct. 15 between 8 am and noon.",
        "Ihre Bestellung wurde heute an DHL übergeben und wird voraussichtlich am Mittwoch, den 14.10. zugestellt.",
        "Votre colis est en route et vous sera livré entre le 12 et le 14 octobre.",
        "Je pakket is onderweg en wordt naar verwachting morgen tussen 9:00 en 13:00 bezorgd.",
        "Kargonuz yola çıktı, 2-3 iş günü içinde elinize ulaşacaktır.",
        "本日発送いたしました。お届けは10月14日(水)の予定です。",
    ],
)
def test_a_confirmation_with_its_day_date_carrier_and_arrival_blocks(source):
    assert [rule for rule, _text in blocking(source)] == ["shipment_confirmation"]


def test_a_confirmation_with_its_details_quotes_the_confirmation_and_keeps_a_template_date():
    source = (
        "Hello {{ buyer_name }},\n\nyour order {{ order_id }} has shipped with UPS and should arrive by "
        "Friday, {{ delivery_date }} between 9 am and 5 pm. Tracking: {{ tracking_number }}\n\n"
        "Best regards,\n{{ seller_name }}"
    )

    assert blocking(source) == [("shipment_confirmation", "your order {{ order_id }} has shipped")]


# language -> (a delay message that names the new day, a delivery day question), each after the
# confirmation: the delay and the question are substance, so both stay allowed.
DELAYS_AND_QUESTIONS = {
    "en": (
        "Your order has shipped, but it is delayed and will arrive on Tuesday instead of Monday. We are sorry.",
        "Your order has shipped. Which day suits you for the delivery: Tuesday or Wednesday?",
    ),
    "de": (
        "Ihre Bestellung wurde versandt, verspätet sich aber und kommt erst am Dienstag statt am Montag an. "
        "Das tut uns leid.",
        "Ihre Bestellung wurde versandt. Welcher Tag passt Ihnen für die Zustellung: Dienstag oder Mittwoch?",
    ),
    "fr": (
        "Votre commande a été expédiée, mais elle a du retard et arrivera mardi au lieu de lundi. "
        "Nous en sommes désolés.",
        "Votre commande a été expédiée. Quel jour vous convient pour la livraison : mardi ou mercredi ?",
    ),
    "it": (
        "Il tuo ordine è stato spedito, ma è in ritardo e arriverà martedì invece di lunedì. Ci scusiamo.",
        "Il tuo ordine è stato spedito. Quale giorno preferisci per la consegna: martedì o mercoledì?",
    ),
    "es": (
        "Su pedido ha sido enviado, pero se ha retrasado y llegará el martes en lugar del lunes. Lo sentimos.",
        "Su pedido ha sido enviado. ¿Qué día le viene mejor para la entrega: martes o miércoles?",
    ),
    "nl": (
        "Uw bestelling is verzonden, maar heeft vertraging en wordt dinsdag in plaats van maandag bezorgd. "
        "Excuses daarvoor.",
        "Uw bestelling is verzonden. Welke dag past u het best voor de bezorging: dinsdag of woensdag?",
    ),
    "pl": (
        "Twoje zamówienie zostało wysłane, ale jest opóźnione i dotrze we wtorek zamiast w poniedziałek. Przepraszamy.",
        "Twoje zamówienie zostało wysłane. Który dzień dostawy Ci odpowiada: wtorek czy środa?",
    ),
    "sv": (
        "Din beställning har skickats men är försenad och kommer fram på tisdag i stället för måndag. "
        "Vi ber om ursäkt.",
        "Din beställning har skickats. Vilken dag passar dig bäst för leveransen: tisdag eller onsdag?",
    ),
    "tr": (
        "Siparişiniz kargoya verildi ancak gecikme yaşanıyor; pazartesi yerine salı günü ulaşacak. Özür dileriz.",
        "Siparişiniz kargoya verildi. Teslimat için hangi gün size uygun: salı mı çarşamba mı?",
    ),
    "ja": (
        "ご注文の商品を発送いたしましたが、配送に遅れが生じており、月曜日ではなく火曜日のお届けとなります。"
        "申し訳ございません。",
        "ご注文の商品を発送いたしました。お届けは火曜日と水曜日のどちらがよろしいでしょうか？",
    ),
    "pt": (
        "Seu pedido foi enviado, mas está atrasado e chegará na terça-feira em vez de segunda-feira. "
        "Pedimos desculpas.",
        "Seu pedido foi enviado. Qual dia é melhor para a entrega: terça ou quarta-feira?",
    ),
    "ar": (
        "تم شحن طلبك ولكنه تأخر وسيصل يوم الثلاثاء بدلاً من الاثنين. نعتذر عن ذلك.",
        "تم شحن طلبك. أي يوم يناسبك للتوصيل: الثلاثاء أم الأربعاء؟",
    ),
}


@pytest.mark.parametrize("language", sorted(DELAYS_AND_QUESTIONS))
def test_a_delay_message_or_a_delivery_day_question_naming_the_day_is_not_a_confirmation(language):
    delay, question = DELAYS_AND_QUESTIONS[language]

    assert found(delay, critical_kind=False) == []  # unexpected problem
    assert found(question, critical_kind=True) == []  # confirm delivery details


@pytest.mark.parametrize(
    ("allowed", "kwargs"),
    [
        ("Before your order ships, please confirm the engraving text.", {"critical_kind": True}),
        ("Your order will ship on Tuesday; can you confirm the delivery address?", {"critical_kind": True}),
        (
            "Your parcel is delayed and will arrive on Tuesday instead of Monday; we are sorry.",
            {"critical_kind": False},
        ),
        ("Which day suits you for the delivery: Tuesday or Wednesday?", {"critical_kind": True}),
        (
            "Your order has shipped, but the carrier could not deliver it on Tuesday. Please choose a new delivery day.",
            {"critical_kind": True},
        ),
        (
            "Ihre Bestellung wurde versandt, kommt aber wegen eines Streiks erst am Dienstag an.",
            {"critical_kind": False},
        ),
        ("Your order has shipped and will arrive on Tuesday. The lamp needs an E27 bulb, which is not included.", {}),
        ("Your order has shipped. It may arrive late because of the storm.", {"critical_kind": False}),
        ("Your order has shipped. If it does not arrive by Tuesday, please let us know.", {}),
        ("Il tuo ordine è stato spedito. Se non arriva entro martedì, contattaci.", {}),
        ("Ihre Bestellung wurde versandt. Das Zubehör kommt separat am Dienstag an.", {}),
    ],
)
def test_look_alikes_of_a_confirmation_with_details_stay_allowed(allowed, kwargs):
    assert found(allowed, **kwargs) == []


# --- never crying wolf ------------------------------------------------------------------------------


def test_ids_dates_prices_and_amazon_links_are_never_promotions_or_confirmations():
    source = (
        "Order 123-1234567-1234567 (SKU LAMP-E27-BLK, ASIN B08XYZ1234) of 23.11.2026, total 59,97 €: "
        "please confirm the delivery day. Your invoice is on amazon.de/gp/css/order-history and "
        "www.amazon.co.jp/gp/your-account."
    )

    assert found(source) == []
    assert blocking(source + " Save 10% on your next order!") == [("coupon_or_discount", "Save 10%")]


def test_the_critical_rule_does_not_report_a_promotion_twice():
    source = "Please confirm the address. Use code LAMP10 for 10% off your next order!"

    assert blocking(source, critical_kind=True) == [("coupon_or_discount", "10% off your next order")]


def test_a_coupon_offered_for_a_review_is_reported_once_as_the_incentive():
    for_a_review = "Leave a review and get a coupon code for your next order!"
    for_nothing = "Get a coupon code for your next order!"

    assert [rule for rule, _text in blocking(for_a_review)] == ["review_incentive"]
    assert [rule for rule, _text in blocking(for_nothing)] == ["coupon_or_discount"]


def test_the_new_rules_block_and_the_possible_cases_warn():
    assert {
        rule: RULES[rule][0]
        for rule in (
            "coupon_or_discount",
            "follow_invitation",
            "thank_you_only",
            "shipment_confirmation",
            "mostly_thanks",
            "marketing",
        )
    } == {
        "coupon_or_discount": BLOCKING,
        "follow_invitation": BLOCKING,
        "thank_you_only": BLOCKING,
        "shipment_confirmation": BLOCKING,
        "mostly_thanks": WARNING,
        "marketing": WARNING,
    }
    assert set(COUPONS) == set(FOLLOW) == set(THANKS_ONLY) == set(CONFIRMATIONS) == LANGUAGES
    assert set(CONFIRMATIONS_WITH_DETAILS) == set(DELAYS_AND_QUESTIONS) == set(DELIVERY_DETAILS) == LANGUAGES
