"""Starter texts for "Confirm service details": schedule an installation or service visit.
A critical kind (it reaches buyers who opted out): nothing but the question."""

TEXTS = {
    "en": """Hello,

Your order {{ order_id }} ({{ product_title }}) includes an installation or service visit, and we would like to schedule it with you.

Which days and times would suit you? Please reply to this message with two or three options, and tell us if the visit should take place at an address other than the delivery address.

Best regards,
{{ seller_name }}""",
    "de": """Guten Tag,

zu Ihrer Bestellung {{ order_id }} ({{ product_title }}) gehört ein Installations- oder Servicetermin, den wir gern mit Ihnen vereinbaren möchten.

Welche Tage und Uhrzeiten passen Ihnen? Bitte nennen Sie uns in einer Antwort auf diese Nachricht zwei oder drei Möglichkeiten und teilen Sie uns mit, falls der Termin an einer anderen Adresse als der Lieferadresse stattfinden soll.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

Votre commande {{ order_id }} ({{ product_title }}) comprend un rendez-vous d'installation ou d'intervention, que nous souhaitons planifier avec vous.

Quels jours et quels horaires vous conviendraient ? Merci de nous indiquer deux ou trois possibilités en répondant à ce message, et de nous préciser si l'intervention doit avoir lieu à une autre adresse que l'adresse de livraison.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

Il Suo ordine {{ order_id }} ({{ product_title }}) comprende un appuntamento per l'installazione o l'intervento tecnico, che vorremmo fissare con Lei.

Quali giorni e orari Le andrebbero bene? La preghiamo di indicarci due o tre possibilità rispondendo a questo messaggio e di comunicarci se l'intervento deve svolgersi a un indirizzo diverso da quello di consegna.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

Su pedido {{ order_id }} ({{ product_title }}) incluye una cita de instalación o de servicio técnico, y nos gustaría programarla con usted.

¿Qué días y horarios le vendrían bien? Por favor, indíquenos dos o tres opciones respondiendo a este mensaje y díganos si la visita debe realizarse en una dirección distinta de la de entrega.

Saludos cordiales,
{{ seller_name }}""",
    "nl": """Beste klant,

Bij uw bestelling {{ order_id }} ({{ product_title }}) hoort een afspraak voor installatie of service, die we graag met u inplannen.

Welke dagen en tijden komen u goed uit? Wilt u ons in een antwoord op dit bericht twee of drie mogelijkheden doorgeven, en laten weten of de afspraak op een ander adres dan het bezorgadres moet plaatsvinden?

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

Zamówienie {{ order_id }} ({{ product_title }}) obejmuje wizytę instalacyjną lub serwisową, której termin chcielibyśmy z Państwem ustalić.

Jakie dni i godziny będą dla Państwa dogodne? Prosimy o podanie dwóch lub trzech możliwości w odpowiedzi na tę wiadomość oraz o informację, jeśli wizyta ma się odbyć pod innym adresem niż adres dostawy.

Z poważaniem
{{ seller_name }}""",
    "sv": """Hej,

I din beställning {{ order_id }} ({{ product_title }}) ingår ett besök för installation eller service, och vi vill gärna boka en tid med dig.

Vilka dagar och tider passar dig? Svara gärna på det här meddelandet med två eller tre förslag, och berätta om besöket ska ske på en annan adress än leveransadressen.

Vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

{{ order_id }} numaralı siparişiniz ({{ product_title }}) bir kurulum veya servis ziyareti içeriyor ve bu ziyaretin zamanını sizinle birlikte planlamak istiyoruz.

Hangi gün ve saatler size uygun olur? Lütfen bu mesajı yanıtlayarak bize iki veya üç seçenek bildirin ve ziyaretin teslimat adresinden farklı bir adreste yapılması gerekiyorsa bunu da belirtin.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """お客様

ご注文（注文番号：{{ order_id }}、{{ product_title }}）には設置またはサービスのための訪問が含まれておりますので、ご訪問の日時を調整させていただきたく、ご連絡いたしました。

ご都合のよい日にちと時間帯を、このメッセージへのご返信で2～3候補お知らせいただけますでしょうか。お届け先とは別の住所でのご訪問をご希望の場合は、その旨もあわせてお知らせください。

よろしくお願いいたします。
{{ seller_name }}""",
    "pt-BR": """Olá,

Seu pedido {{ order_id }} ({{ product_title }}) inclui uma visita de instalação ou assistência técnica, e gostaríamos de agendá-la com você.

Quais dias e horários seriam melhores para você? Responda a esta mensagem com duas ou três opções, por favor, e nos avise se a visita deve ser feita em um endereço diferente do endereço de entrega.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحباً،

يتضمن طلبك رقم {{ order_id }} ({{ product_title }}) زيارة للتركيب أو الصيانة، ونودّ تحديد موعدها معك.

ما الأيام والأوقات التي تناسبك؟ يرجى الرد على هذه الرسالة باقتراح موعدين أو ثلاثة، وإخبارنا إذا كان يجب أن تتم الزيارة في عنوان غير عنوان التوصيل.

مع أطيب التحيات،
{{ seller_name }}""",
}
