"""Starter texts for "Confirm order details": a detail needed to fulfil the order, here the most
common one, an incomplete shipping address. A critical kind (it reaches buyers who opted out):
nothing but the question."""

TEXTS = {
    "en": """Hello,

We are getting your order {{ order_id }} ({{ product_title }}) ready to ship, and we need to check the shipping address first: it seems to be incomplete.

Could you reply to this message with your full address, including the house or apartment number? We will send the order as soon as we have it.

Best regards,
{{ seller_name }}""",
    "de": """Guten Tag,

wir bereiten Ihre Bestellung {{ order_id }} ({{ product_title }}) für den Versand vor. Vorher müssen wir die Lieferadresse prüfen, da sie unvollständig zu sein scheint.

Könnten Sie uns in einer Antwort auf diese Nachricht Ihre vollständige Adresse mitteilen, einschließlich Hausnummer und gegebenenfalls Wohnungsnummer? Sobald sie uns vorliegt, versenden wir die Bestellung.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

Nous préparons votre commande {{ order_id }} ({{ product_title }}) et devons vérifier l'adresse de livraison avant l'expédition, car elle semble incomplète.

Pourriez-vous nous indiquer votre adresse complète en répondant à ce message, y compris le numéro de rue et, le cas échéant, le numéro d'appartement ? Nous expédierons la commande dès que nous l'aurons reçue.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

Stiamo preparando il Suo ordine {{ order_id }} ({{ product_title }}) e, prima della spedizione, dobbiamo verificare l'indirizzo di consegna, che sembra incompleto.

Può indicarci l'indirizzo completo rispondendo a questo messaggio, compresi il numero civico ed eventualmente l'interno? Spediremo l'ordine non appena lo avremo ricevuto.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

Estamos preparando su pedido {{ order_id }} ({{ product_title }}) y, antes de enviarlo, necesitamos comprobar la dirección de entrega, ya que parece estar incompleta.

¿Podría indicarnos su dirección completa respondiendo a este mensaje, incluido el número de la casa o del apartamento? Enviaremos el pedido en cuanto la recibamos.

Saludos cordiales,
{{ seller_name }}""",
    "nl": """Beste klant,

We maken uw bestelling {{ order_id }} ({{ product_title }}) klaar voor verzending, maar moeten eerst het bezorgadres controleren, omdat het onvolledig lijkt.

Wilt u ons in een antwoord op dit bericht uw volledige adres sturen, inclusief huisnummer en eventuele toevoeging? Zodra we het hebben, versturen we de bestelling.

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

Przygotowujemy zamówienie {{ order_id }} ({{ product_title }}) do wysyłki, ale najpierw musimy sprawdzić adres dostawy, ponieważ wydaje się niepełny.

Czy mogą Państwo w odpowiedzi na tę wiadomość podać pełny adres, łącznie z numerem domu i ewentualnie mieszkania? Wyślemy zamówienie, gdy tylko go otrzymamy.

Z poważaniem
{{ seller_name }}""",
    "sv": """Hej,

Vi förbereder din beställning {{ order_id }} ({{ product_title }}) för leverans, men vi behöver först kontrollera leveransadressen eftersom den verkar vara ofullständig.

Kan du svara på det här meddelandet med din fullständiga adress, inklusive gatunummer och eventuellt lägenhetsnummer? Vi skickar beställningen så snart vi har fått den.

Vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

{{ order_id }} numaralı siparişinizi ({{ product_title }}) gönderime hazırlıyoruz; ancak teslimat adresi eksik göründüğü için göndermeden önce adresi kontrol etmemiz gerekiyor.

Bu mesajı yanıtlayarak bina ve daire numarası dahil tam adresinizi bize iletebilir misiniz? Adresinizi alır almaz siparişinizi göndereceğiz.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """お客様

ご注文（注文番号：{{ order_id }}、{{ product_title }}）の発送準備を進めておりますが、お届け先のご住所が不完全なようですので、発送前に確認させていただけますでしょうか。

番地、建物名、部屋番号を含む正しいご住所を、このメッセージへのご返信でお知らせください。確認でき次第、発送いたします。

よろしくお願いいたします。
{{ seller_name }}""",
    "pt-BR": """Olá,

Estamos preparando seu pedido {{ order_id }} ({{ product_title }}) para envio, mas antes precisamos verificar o endereço de entrega, pois ele parece estar incompleto.

Você pode responder a esta mensagem com o endereço completo, incluindo o número e, se houver, o complemento (apartamento, bloco)? Enviaremos o pedido assim que o recebermos.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحباً،

نقوم بتجهيز طلبك رقم {{ order_id }} ({{ product_title }}) للشحن، ولكننا نحتاج أولاً إلى التحقق من عنوان التوصيل لأنه يبدو غير مكتمل.

هل يمكنك الرد على هذه الرسالة بعنوانك الكامل، بما في ذلك رقم المبنى ورقم الشقة إن وُجد؟ سنشحن الطلب فور استلامنا للعنوان.

مع أطيب التحيات،
{{ seller_name }}""",
}
