"""The policy linter: seller-written templates checked against Amazon's communication guidelines.

Each rule fires on realistic wording in several of the twelve marketplace languages; honest
review requests and delivery messages in every language pass clean; order ids, dates, prices,
SKUs, Amazon's own links and template expressions are never findings.
"""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.policy import BLOCKING, RULES, WARNING, Finding, LintReport, lint


def found(source, **kwargs):
    """(rule, text) of every finding, blocking first."""
    report = lint(source, **kwargs)
    return [(f.rule, f.text) for f in report.blocking + report.warnings]


def rules(source, **kwargs):
    return {rule for rule, _text in found(source, **kwargs)}


# --- clean messages in every language -------------------------------------------------------------

REVIEW_REQUESTS = {
    "en": """Hello,

your order {{ order_id }} of {{ product_title }} was delivered a few days ago. We hope everything arrived in good condition.
Would you take a minute to share your experience with other customers by writing a review on Amazon? Your honest opinion helps other buyers choose.
If there is a problem with the product, please reply to this message and we will help.

Best regards,
{{ seller_name }}""",
    "de": """Hallo,

Ihre Bestellung {{ order_id }} ({{ product_title }}) wurde vor einigen Tagen zugestellt. Wir hoffen, dass alles in Ordnung angekommen ist.
Wir würden uns freuen, wenn Sie Ihre Erfahrungen in einer Rezension auf Amazon mit anderen Kunden teilen. Ihre ehrliche Meinung hilft anderen beim Einkauf.
Sollte es ein Problem mit dem Artikel geben, antworten Sie bitte einfach auf diese Nachricht.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

votre commande {{ order_id }} ({{ product_title }}) a été livrée il y a quelques jours. Nous espérons que tout est arrivé en bon état.
Auriez-vous un instant pour partager votre expérience avec d'autres clients en laissant un commentaire sur Amazon ? Votre avis sincère aide les autres acheteurs.
En cas de problème avec l'article, répondez simplement à ce message et nous vous aiderons.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

il tuo ordine {{ order_id }} ({{ product_title }}) è stato consegnato qualche giorno fa. Speriamo che sia arrivato tutto in perfette condizioni.
Ti andrebbe di condividere la tua esperienza con altri clienti scrivendo una recensione su Amazon? La tua opinione sincera aiuta gli altri acquirenti.
Se c'è un problema con l'articolo, rispondi a questo messaggio e ti aiuteremo.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

su pedido {{ order_id }} ({{ product_title }}) se entregó hace unos días. Esperamos que todo haya llegado en buen estado.
¿Tendría un momento para compartir su experiencia con otros clientes escribiendo una reseña en Amazon? Su opinión sincera ayuda a otros compradores.
Si hay algún problema con el artículo, responda a este mensaje y le ayudaremos.

Un saludo,
{{ seller_name }}""",
    "nl": """Hallo,

uw bestelling {{ order_id }} ({{ product_title }}) is een paar dagen geleden bezorgd. We hopen dat alles in goede staat is aangekomen.
Wilt u uw ervaring met andere klanten delen door een review op Amazon te schrijven? Uw eerlijke mening helpt andere kopers.
Is er een probleem met het artikel, antwoord dan gewoon op dit bericht en we helpen u verder.

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

zamówienie {{ order_id }} ({{ product_title }}) zostało dostarczone kilka dni temu. Mamy nadzieję, że wszystko dotarło w dobrym stanie.
Czy zechciałby Pan/Pani podzielić się wrażeniami z innymi klientami, pisząc recenzję na Amazon? Szczera opinia pomaga innym kupującym.
Jeśli z produktem jest jakiś problem, prosimy odpowiedzieć na tę wiadomość, a chętnie pomożemy.

Pozdrawiamy,
{{ seller_name }}""",
    "sv": """Hej,

din beställning {{ order_id }} ({{ product_title }}) levererades för några dagar sedan. Vi hoppas att allt kom fram i gott skick.
Har du en minut över att dela din upplevelse med andra kunder genom att skriva en recension på Amazon? Din ärliga åsikt hjälper andra köpare.
Om något är fel med produkten, svara bara på det här meddelandet så hjälper vi dig.

Med vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

{{ order_id }} numaralı siparişiniz ({{ product_title }}) birkaç gün önce teslim edildi. Her şeyin sorunsuz ulaştığını umuyoruz.
Deneyiminizi Amazon'da bir değerlendirme yazarak diğer müşterilerle paylaşmak ister misiniz? Dürüst görüşünüz diğer alıcılara yardımcı olur.
Ürünle ilgili bir sorun varsa lütfen bu mesaja yanıt verin, size yardımcı olalım.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """{{ buyer_name }}様

ご注文（{{ order_id }}）の{{ product_title }}は数日前にお届けしました。商品が無事に届いていることを願っております。
お時間があれば、Amazonにレビューを投稿して、商品の使い心地をほかのお客様に共有していただけますと幸いです。率直なご意見は、ほかのお客様の商品選びに役立ちます。
商品に問題がございましたら、このメッセージにご返信ください。

よろしくお願いいたします。
{{ seller_name }}""",
    "pt": """Olá,

seu pedido {{ order_id }} ({{ product_title }}) foi entregue há alguns dias. Esperamos que tudo tenha chegado em perfeito estado.
Você poderia compartilhar sua experiência com outros clientes escrevendo uma avaliação na Amazon? Sua opinião sincera ajuda outros compradores.
Se houver algum problema com o produto, basta responder a esta mensagem que nós ajudaremos.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحبًا،

تم توصيل طلبك رقم {{ order_id }} ({{ product_title }}) قبل بضعة أيام. نأمل أن يكون كل شيء قد وصل بحالة جيدة.
هل يمكنك مشاركة تجربتك مع العملاء الآخرين بكتابة مراجعة على أمازون؟ رأيك الصادق يساعد المشترين الآخرين.
إذا واجهت أي مشكلة في المنتج، يرجى الرد على هذه الرسالة وسنساعدك.

مع أطيب التحيات،
{{ seller_name }}""",
}

DELIVERY_DETAILS = {
    "en": """Hello,

your order {{ order_id }} is ready to ship. The carrier can deliver it on {{ delivery_date }} between 8:00 and 12:00 or between 13:00 and 18:00.
Please reply to this message with the time slot that suits you, and tell us whether the parcel may be left with a neighbour.

Kind regards,
{{ seller_name }}""",
    "de": """Guten Tag,

Ihre Bestellung {{ order_id }} ist versandbereit. Die Spedition kann am {{ delivery_date }} zwischen 8 und 12 Uhr oder zwischen 13 und 18 Uhr liefern.
Bitte teilen Sie uns per Antwort auf diese Nachricht mit, welches Zeitfenster Ihnen passt und ob die Sendung bei einem Nachbarn abgegeben werden darf.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

votre commande {{ order_id }} est prête à être expédiée. Le transporteur peut la livrer le {{ delivery_date }} entre 8 h et 12 h ou entre 14 h et 18 h.
Merci de nous indiquer en réponse à ce message le créneau qui vous convient et si le colis peut être remis à un voisin.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

il tuo ordine {{ order_id }} è pronto per la spedizione. Il corriere può consegnarlo il {{ delivery_date }} dalle 9:00 alle 13:00 oppure dalle 14:00 alle 18:00.
Rispondi a questo messaggio indicando la fascia oraria che preferisci e se il pacco può essere lasciato a un vicino.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

su pedido {{ order_id }} está listo para el envío. La empresa de transporte puede entregarlo el {{ delivery_date }} entre las 9:00 y las 14:00 o entre las 16:00 y las 20:00.
Responda a este mensaje indicando la franja horaria que prefiera y si podemos dejar el paquete a un vecino.

Un saludo,
{{ seller_name }}""",
    "nl": """Hallo,

uw bestelling {{ order_id }} staat klaar voor verzending. De vervoerder kan deze op {{ delivery_date }} bezorgen tussen 8:00 en 12:00 of tussen 13:00 en 18:00.
Laat ons via een antwoord op dit bericht weten welk tijdvak u schikt en of het pakket bij de buren mag worden afgegeven.

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

zamówienie {{ order_id }} jest gotowe do wysyłki. Kurier może je dostarczyć {{ delivery_date }} w godzinach 8:00–12:00 lub 13:00–18:00.
Prosimy o odpowiedź na tę wiadomość z informacją, który przedział czasowy Panu/Pani odpowiada i czy paczkę można zostawić u sąsiada.

Pozdrawiamy,
{{ seller_name }}""",
    "sv": """Hej,

din beställning {{ order_id }} är redo att skickas. Transportören kan leverera den {{ delivery_date }} mellan 08:00 och 12:00 eller mellan 13:00 och 17:00.
Svara på det här meddelandet och berätta vilken tid som passar dig och om paketet får lämnas hos en granne.

Med vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

{{ order_id }} numaralı siparişiniz gönderime hazır. Kargo firması {{ delivery_date }} tarihinde 09:00-12:00 veya 13:00-18:00 saatleri arasında teslimat yapabilir.
Lütfen bu mesaja yanıt vererek size uygun saat aralığını ve paketin bir komşunuza bırakılıp bırakılamayacağını bildirin.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """{{ buyer_name }}様

ご注文（{{ order_id }}）の発送準備が整いました。配送業者は{{ delivery_date }}の午前中（8時〜12時）または14時〜18時にお届けできます。
ご希望の時間帯と、不在の場合に宅配ボックスへの配達でよいかを、このメッセージへのご返信でお知らせください。

よろしくお願いいたします。
{{ seller_name }}""",
    "pt": """Olá,

seu pedido {{ order_id }} está pronto para envio. A transportadora pode entregá-lo em {{ delivery_date }} entre 8h e 12h ou entre 13h e 18h.
Responda a esta mensagem informando o horário que preferir e se o pacote pode ser deixado com um vizinho.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحبًا،

طلبك رقم {{ order_id }} جاهز للشحن. يمكن لشركة الشحن توصيله يوم {{ delivery_date }} بين الساعة 9:00 و13:00 أو بين 16:00 و20:00.
يرجى الرد على هذه الرسالة لإخبارنا بالموعد المناسب لك، وهل يمكن ترك الطرد لدى أحد الجيران.

مع أطيب التحيات،
{{ seller_name }}""",
}


@pytest.mark.parametrize("language", REVIEW_REQUESTS)
def test_an_honest_review_request_passes_clean(language):
    assert found(REVIEW_REQUESTS[language]) == []


@pytest.mark.parametrize("language", DELIVERY_DETAILS)
def test_a_delivery_details_message_passes_clean(language):
    assert found(DELIVERY_DETAILS[language]) == []


@pytest.mark.parametrize("language", DELIVERY_DETAILS)
def test_a_delivery_details_message_is_fine_as_a_critical_message(language):
    assert found(DELIVERY_DETAILS[language], critical_kind=True) == []


def test_every_language_is_covered():
    assert (
        set(REVIEW_REQUESTS)
        == set(DELIVERY_DETAILS)
        == {"en", "de", "fr", "it", "es", "nl", "pl", "sv", "tr", "ja", "pt", "ar"}
    )


# --- links ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "link"),
    [
        ("The manual is at https://myshop.com/manuals/lamp.pdf.", "https://myshop.com/manuals/lamp.pdf"),
        ("Die Anleitung finden Sie auf www.meinshop.de/anleitung", "www.meinshop.de/anleitung"),
        ("Retrouvez nos conseils sur maboutique.fr !", "maboutique.fr"),
        ("説明書はmyshop.jp/manualをご覧ください。", "myshop.jp/manual"),
        ("يمكنك زيارة https://myshop.sa/help للمزيد", "https://myshop.sa/help"),
        ("Short link: bit.ly/3xYzAbc", "bit.ly/3xYzAbc"),
    ],
)
def test_a_link_outside_amazon_is_blocking(source, link):
    report = lint(source)

    assert [(f.rule, f.text) for f in report.blocking] == [("external_link", link)]


@pytest.mark.parametrize(
    "link",
    [
        "https://www.amazon.com/dp/B08XYZ1234",
        "https://www.amazon.de/review/create-review?asin=B08XYZ1234",
        "amazon.co.uk",
        "www.amazon.co.jp/gp/css/order-history",
        "amazon.com.br",
        "amazon.com.tr",
        "amazon.sa",
        "amazon.ae",
        "Amazon.fr",
        "amazon.nl",
        "amazon.se",
        "amazon.pl",
        "https://sellercentral.amazon.de",
        "https://amzn.to/3AbCdEf",
        "amzn.eu/d/4xYz",
        "https://a.co/d/abc123",
    ],
)
def test_links_to_amazon_are_fine(link):
    assert found(f"You can find your order on {link} at any time.") == []


@pytest.mark.parametrize(
    "link",
    [
        "amazon.com.evil.io",
        "amazon-deals.com",
        "myamazon.com",
        "https://amazon.com@evil.io/",
        "https://www.amazon.de.example.net/login",
    ],
)
def test_a_look_alike_of_amazon_is_an_external_link(link):
    assert rules(f"Please check {link} for details.") == {"external_link"}


def test_a_link_built_from_a_template_value_is_judged_by_its_literal_part():
    assert found("Your files: https://{{ download_host }}/{{ order_id }}") == []
    assert rules("Your files: https://{{ region }}.myshop.com/files") == {"external_link"}
    assert found("Your order: https://{{ region }}.amazon.de/orders") == []


def test_a_sentence_missing_a_space_after_its_full_stop_is_not_a_link():
    assert found("We packed it for you.It arrives on Monday.") == []


def test_abbreviations_and_file_names_are_not_links():
    assert found("Use the cable, i.e. the black one, z.B. for the lamp; see manual.pdf inside the box.") == []


# --- email addresses --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "address"),
    [
        ("Questions? Write to support@myshop.com.", "support@myshop.com"),
        ("Écrivez-nous à service.client@maboutique.fr", "service.client@maboutique.fr"),
        ("お問い合わせはinfo@myshop.jpまでご連絡ください。", "info@myshop.jp"),
        ("Schreiben Sie an info [at] meinshop.de", "info [at] meinshop.de"),
    ],
)
def test_an_email_address_is_blocking(source, address):
    assert [(f.rule, f.text) for f in lint(source).blocking] == [("email_address", address)]


# --- phone numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "number"),
    [
        ("Call us at +1 (555) 123-4567 if anything is missing.", "+1 (555) 123-4567"),
        ("Our hotline: 555-123-4567", "555-123-4567"),
        ("Telefon: 030 12345678", "030 12345678"),
        ("Appelez-nous au 06 12 34 56 78.", "06 12 34 56 78"),
        ("Llámenos al (91) 1234567.", "(91) 1234567"),
        ("電話：03-1234-5678", "03-1234-5678"),
        ("اتصل بنا على 0501234567", "0501234567"),
        ("Tel. 0049 30 1234567", "0049 30 1234567"),
    ],
)
def test_a_phone_number_is_blocking(source, number):
    assert [(f.rule, f.text) for f in lint(source).blocking] == [("phone_number", number)]


def test_order_ids_dates_times_skus_prices_and_quantities_are_not_phone_numbers():
    source = (
        "Order 123-1234567-1234567 (SKU-2231-BLK, ASIN B08XYZ1234, EAN 4006381333931): 3 x 19,99 € = 59,97 €.\n"
        "Shipped 2026-11-23, also written 23.11.2026 or 11/23/2026, at 14:30; delivery 10.00-12.00 Uhr.\n"
        "Prices: $1,299.00, 1.299,00 €, R$ 199,90, ¥12,800, 1 299,00 zł, 12.345.678 units in stock, sizes 38 40 42 44."
    )

    assert found(source) == []


@pytest.mark.parametrize(
    "source",
    [
        "Batch 2231-44-19 was checked twice.",
        "Rechnung Nr. 2026-0815-11 liegt bei.",
        "Order no 030 1234 5678",
        "ご注文番号：123-4567-8901",
        "Commande n° 12 34 56 78 90",
    ],
)
def test_a_labelled_number_is_an_identifier_not_a_phone_number(source):
    assert found(source) == []


# --- marketing --------------------------------------------------------------------------------------------------


# Coupons and invitations to follow the brand block: tests/campaigns/test_prohibited_content.py.
@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Check out our other products on our storefront!", "Check out our other products"),
        ("Entdecken Sie unser Sortiment im Shop.", "Entdecken Sie unser Sortiment"),
        ("ただいまセール開催中です。", "セール"),
    ],
)
def test_marketing_is_a_warning(source, text):
    report = lint(source)

    assert report.blocking == []
    assert ("marketing", text) in [(f.rule, f.text) for f in report.warnings]


def test_feel_free_and_free_shipping_are_not_incentives():
    source = (
        "Your order shipped with free shipping. Feel free to contact us with any question.\n"
        "We would appreciate a review of the product on Amazon."
    )

    assert found(source) == []


# --- reviews: positive only, incentives, diversion ------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Please leave us a 5-star review on Amazon!", "5-star"),
        ("Über eine positive Bewertung würden wir uns sehr freuen.", "positive Bewertung"),
        ("Un avis positif nous aiderait beaucoup.", "avis positif"),
        ("Una reseña positiva nos ayudaría mucho.", "reseña positiva"),
        ("Ti chiediamo 5 stelle su Amazon.", "5 stelle"),
        ("Wystaw nam pozytywną opinię!", "pozytywną opinię"),
        ("星5のレビューをお願いします。", "星5"),
        ("نرجو منك ترك تقييم إيجابي على أمازون", "تقييم إيجابي"),
        ("Please don't leave a negative review.", "Please don't leave a negative"),
    ],
)
def test_asking_for_a_positive_review_is_blocking(source, text):
    assert ("positive_only_review", text) in [(f.rule, f.text) for f in lint(source).blocking]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("If you are happy with the product, please leave a review on Amazon.", "If you are happy"),
        (
            "Wenn Sie mit dem Artikel zufrieden sind, freuen wir uns über eine Bewertung.",
            "Wenn Sie mit dem Artikel zufrieden sind",
        ),
        ("Si vous êtes satisfait de votre achat, laissez-nous un avis.", "Si vous êtes satisfait"),
        ("ご満足いただけましたら、レビューをお願いします。", "ご満足いただけましたら"),
    ],
)
def test_asking_only_satisfied_buyers_for_a_review_is_blocking(source, text):
    assert [(f.rule, f.text) for f in lint(source).blocking] == [("positive_only_review", text)]


def test_a_template_value_counts_as_a_word():
    source = "If you enjoyed {{ product_title }}, a quick review would mean the world to us!"

    assert found(source) == [("positive_only_review", "If you enjoyed {{ product_title }}")]


def test_a_satisfaction_question_before_a_review_request_is_blocking():
    assert found("Loved your purchase? Leave us a review!") == [("positive_only_review", "Loved your purchase?")]


def test_a_review_request_without_a_condition_is_fine():
    assert found("Please leave a review.") == []


def test_a_satisfaction_condition_without_a_review_is_fine():
    assert found("If you are happy with the colour, we will start engraving tomorrow.") == []


def test_a_negated_satisfaction_condition_is_not_asking_for_positive_reviews():
    report = lint(
        "If you are not satisfied with the product, please contact us through Amazon. "
        "We would love to read your review."
    )

    assert report.blocking == []


@pytest.mark.parametrize(
    ("source", "rewards"),
    [
        ("Leave a review and get a $10 gift card!", ["gift card"]),
        ("Für Ihre Bewertung erhalten Sie einen Gutschein über 10 €.", ["Gutschein"]),
        ("En échange de votre avis, nous vous envoyons un produit gratuit.", ["En échange de", "produit gratuit"]),
        ("レビューを書いていただいた方にギフト券をプレゼントします。", ["ギフト券", "をプレゼント"]),
        ("اترك تقييمًا واحصل على بطاقة هدية", ["بطاقة هدية"]),
        ("Please write a review. As a thank you, you will receive a free sample.", ["free sample"]),
    ],
)
def test_a_reward_for_a_review_is_blocking(source, rewards):
    blocking = lint(source).blocking

    assert [(f.rule, f.text) for f in blocking] == [("review_incentive", reward) for reward in rewards]


@pytest.mark.parametrize(
    "source",
    [
        "If the size does not fit, you can exchange it for free. We would appreciate a review on Amazon.",
        "Le casque à réduction de bruit active est rechargeable. Laissez-nous un avis sur Amazon.",
        "プレゼント用にご購入いただいた場合も、レビューをお寄せいただけると嬉しいです。",
        "تم الدفع مقابل الاستلام. نرجو ترك تقييم على أمازون.",
    ],
)
def test_ordinary_words_next_to_a_review_request_are_not_rewards(source):
    assert found(source) == []


def test_a_reward_far_from_any_review_is_a_promotion_not_an_incentive():
    source = (
        "Thank you for your order. We would appreciate a review on Amazon.\n\n"
        "Our store has many more lamps.\n\nOur voucher code WINTER gives 10% discount."
    )

    assert [(f.rule, f.text) for f in lint(source).blocking] == [
        ("coupon_or_discount", "voucher code"),
        ("coupon_or_discount", "10% discount"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "If you have a problem, please contact us before leaving feedback.",
        "Bitte kontaktieren Sie uns, bevor Sie eine Bewertung abgeben.",
        "Contactez-nous avant de laisser un avis.",
    ],
)
def test_asking_to_be_contacted_before_feedback_is_a_warning(source):
    report = lint(source)

    assert report.blocking == []
    assert [f.rule for f in report.warnings] == ["feedback_diversion"]


# --- opt-out ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("To unsubscribe from these messages, click here.", "unsubscribe"),
        ("Wenn Sie keine Nachrichten mehr erhalten möchten, können Sie sich hier abmelden.", "abmelden"),
        ("Para darse de baja de estos mensajes, responda STOP.", "darse de baja"),
        ("配信停止をご希望の方はこちら。", "配信停止"),
    ],
)
def test_an_opt_out_is_blocking(source, text):
    assert ("opt_out_link", text) in [(f.rule, f.text) for f in lint(source).blocking]


# --- thank you only --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "Hi {{ buyer_name }},\n\nThank you for your order!\n\nBest regards,\n{{ seller_name }}",
        "Hallo,\n\nvielen Dank für Ihre Bestellung!\n\nViele Grüße\n{{ seller_name }}",
        "Bonjour,\nmerci pour votre commande !\nCordialement,\nL'équipe {{ seller_name }}",
        "{{ buyer_name }}様\n\nこの度はご購入いただき、誠にありがとうございました。\n\n{{ seller_name }}",
        "مرحبا {{ buyer_name }}، شكرًا لطلبك! مع أطيب التحيات",
    ],
)
def test_a_message_that_only_thanks_is_blocking(source):
    report = lint(source)

    assert [f.rule for f in report.blocking] == ["thank_you_only"]
    assert report.warnings == []


def test_thanks_with_real_content_is_fine():
    source = (
        "Hi {{ buyer_name }},\nthank you for your order! The lamp needs an E27 bulb, which is not "
        "included; the manual in the box explains how to mount it.\nBest regards,\n{{ seller_name }}"
    )

    assert found(source) == []


def test_the_thanks_are_quoted_whole():
    assert lint("Thank you for your order!").blocking[0].text == "Thank you for your order"


# --- critical messages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Your delivery is planned for Monday. Please leave a review after it arrives.", "leave a review"),
        ("Bitte bestätigen Sie die Gravur. Über eine Bewertung freuen wir uns.", "Bewertung"),
        ("刻印内容をご確認ください。商品到着後、レビューをお願いします。", "レビュー"),
        ("Please confirm the address. Check out our new products too!", "Check out our new products"),
    ],
)
def test_a_critical_message_must_not_ask_for_reviews_or_promote(source, text):
    report = lint(source, critical_kind=True)

    assert ("non_critical_content_in_critical_kind", text) in [(f.rule, f.text) for f in report.blocking]


@pytest.mark.parametrize("critical_kind", [None, False])
def test_the_critical_rule_applies_only_to_critical_messages(critical_kind):
    source = "Your delivery is planned for Monday. Please leave a review after it arrives."

    assert "non_critical_content_in_critical_kind" not in rules(source, critical_kind=critical_kind)


def test_customization_wording_is_fine_in_a_critical_message():
    source = (
        "Hello, we attached the proof of your engraving for your review. Please confirm the "
        "spelling or send us your feedback on the design by replying to this message."
    )

    assert found(source, critical_kind=True) == []


# --- template syntax -------------------------------------------------------------------------------------------------


def test_template_expressions_are_not_buyer_text():
    source = (
        "Hello {{ buyer_name }}, order {{ order_id }}: {{ 'visit www.evil.com, call +1 555 123 4567, "
        "mail x@evil.com, 5-star review, gift card, unsubscribe' }}\n"
        "{# leave a 5-star review and get a gift card: shop.example.com #}\n"
        '{% if product_title == "gift card}} for a 5-star review" %}{{ product_title }}{% endif %}\n'
        "{% for p in products %}{{ p.title }} ({{ p.sku }}, {{ p.asin }}){% endfor %}\n"
        "We hope you enjoy {{ product_title }} and look forward to your next visit on {{ marketplace }}."
    )

    assert found(source) == []


def test_text_between_template_tags_is_buyer_text():
    source = "{% if rating %}Please leave a 5-star review!{% endif %}"

    assert [(f.rule, f.text) for f in lint(source).blocking] == [("positive_only_review", "5-star")]


def test_raw_blocks_are_buyer_text():
    source = "{% raw %}Mail us: {{ info@myshop.com }}{% endraw %}"

    assert [f.rule for f in lint(source).blocking] == ["email_address"]


def test_a_template_that_does_not_compile_is_still_linted():
    source = "Hello {{ buyer_name }, call us: +49 30 1234567 {% if %}"

    assert [f.rule for f in lint(source).blocking] == ["phone_number"]


# --- positions -------------------------------------------------------------------------------------------------------


def test_findings_carry_the_line_they_are_on():
    source = (
        "Hello {{ buyer_name }},\n"
        "{# a comment\n   over two lines #}\n"
        "{%- if order_id -%}\n"
        "  Thanks for order {{ order_id }}.\n"
        "{%- endif %}\n"
        "Mail us at help@myshop.com\r\n"
        "or call 030 1234 5678.\n"
        "\n"
        "Leave a 5-star review and get a gift card!\n"
    )
    report = lint(source)

    assert [(f.rule, f.line) for f in report.blocking] == [
        ("email_address", 7),
        ("phone_number", 8),
        ("positive_only_review", 10),
        ("review_incentive", 10),
    ]


def test_a_finding_quotes_the_source_even_when_folding_changes_lengths():
    source = "Straße Grüße ﬁne Ⅻ ß\nBitte geben Sie uns eine GUTE BEWERTUNG."

    finding = lint(source).blocking[0]

    assert (finding.rule, finding.text, finding.line) == ("positive_only_review", "GUTE BEWERTUNG", 2)


def test_accents_are_optional():
    assert rules("Merci de laisser un avis positif, 5 etoiles") == rules("Merci de laisser un avis positif, 5 étoiles")


# --- the report ----------------------------------------------------------------------------------------------------


def test_the_report_as_a_dict():
    report = lint("Mail us: help@myshop.com\nThanks for your order!")

    assert report.to_dict() == {
        "blocking": [
            {"rule": "email_address", "text": "help@myshop.com", "line": 1, "message": RULES["email_address"][1]}
        ],
        "warnings": [],
    }


def test_findings_and_reports_are_immutable():
    report = lint("Call 030 1234 5678")

    with pytest.raises(AttributeError):
        report.blocking = []
    with pytest.raises(AttributeError):
        report.blocking[0].rule = "x"
    assert isinstance(report, LintReport) and isinstance(report.blocking[0], Finding)


def test_which_rules_block_and_which_warn():
    assert {rule for rule, (severity, _m) in RULES.items() if severity == BLOCKING} == {
        "external_link",
        "email_address",
        "phone_number",
        "review_incentive",
        "positive_only_review",
        "opt_out_link",
        "non_critical_content_in_critical_kind",
        "coupon_or_discount",
        "follow_invitation",
        "thank_you_only",
        "shipment_confirmation",
    }
    assert {rule for rule, (severity, _m) in RULES.items() if severity == WARNING} == {
        "marketing",
        "mostly_thanks",
        "feedback_diversion",
    }


def test_every_rule_explains_itself_in_one_sentence():
    for _severity, message in RULES.values():
        assert message.endswith(".") and message[0].isupper()


def test_an_empty_template_has_no_findings():
    assert lint("") == LintReport(blocking=[], warnings=[])


# --- robustness and speed ----------------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_lint_answers_any_text(source):
    report = lint(source)

    assert isinstance(report, LintReport)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "{{",
                "}}",
                "{%",
                "%}",
                "{#",
                "#}",
                "{% raw %}",
                "{% endraw %}",
                "'",
                '"',
                "-",
                "\n",
                "\r\n",
                " ",
                "@",
                ".",
                "www.",
                "https://",
                "com",
                "amazon",
                "5",
                "0",
                "+",
                "(",
                ")",
                "review",
                "★",
                "ß",
                "ı",
                "İ",
                "\u0301",
                "ﬁ",
                "شكرا",
                "レビュー",
                "\ue000",
                "\x00",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_lint_answers_any_template_like_text(source):
    report = lint(source)

    for finding in report.blocking + report.warnings:
        assert finding.text and finding.text in source.replace("\r\n", "\n").replace("\r", "\n")
        assert 1 <= finding.line <= source.count("\n") + source.count("\r") + 1


@pytest.mark.parametrize(
    "source",
    [
        "9" * 50_000,
        "a." * 25_000,
        "{{" * 25_000,
        "{{ x " * 10_000,
        "@" * 50_000,
        "a@" * 25_000,
        "+1 " * 20_000,
        "www." * 12_000,
        "-1" * 25_000,
        "review " * 7_000,
        "x" * 50_000 + ".com",
        "0 " * 25_000,
        "1." * 25_000,
        "(1)" * 15_000,
        # the prohibited-content vocabularies and the thanks-only walk
        "thank you " * 10_000,
        "your order has " * 5_000,
        "1% " * 20_000,
        "follow us " * 5_000,
        "sku" + "-" * 50_000,
        "regards" + " " * 50_000 + "x",
        "تم " * 15_000,
        "خصم" + " " * 50_000,
        "発送" * 20_000,
        "bir sonraki siparişiniz " + "x" * 50_000,
        ("Thank you for your order! " + "{{ x }} ") * 2_000,
        "Leave a review and get a coupon code for your next order! " * 2_000,
        # a confirmation's details: numbers in Japanese or Arabic text, a split verb, template values
        "発送しました。" + "1" * 50_000,
        "تم شحن طلبك " + "1" * 50_000,
        "ご注文を発送しました" + "1/" * 25_000,
        "Ihre Bestellung wurde versandt und kommt " + "-" * 50_000 + " an",
        "Your order has shipped " + "{{ x }}" * 7_000,
        "Uw bestelling is verzonden en wordt" + " op" * 110 + " " * 40_000,
    ],
)
def test_pathological_input_takes_linear_time(source):
    started = time.perf_counter()
    lint(source)

    assert time.perf_counter() - started < 2.0


def test_a_typical_template_lints_in_about_a_millisecond():
    source = (REVIEW_REQUESTS["en"] + "\n" + REVIEW_REQUESTS["de"])[:2048]
    lint(source)
    started = time.perf_counter()
    for _ in range(20):
        lint(source)

    assert (time.perf_counter() - started) / 20 < 0.01  # generous: about 0.3 ms on a laptop
