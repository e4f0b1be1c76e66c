"""Starter texts for "Confirm delivery details": agree on a delivery appointment with the buyer.
A critical kind (it reaches buyers who opted out): nothing but the question."""

TEXTS = {
    "en": """Hello,

Your order {{ order_id }} ({{ product_title }}) is delivered by appointment, and the carrier needs to agree on a delivery date with you.

Which days and times would suit you? Please reply to this message with two or three options. If the driver needs to know anything to reach your door, such as the floor or how to get into the building, please add it too.

Best regards,
{{ seller_name }}""",
    "de": """Guten Tag,

Ihre Bestellung {{ order_id }} ({{ product_title }}) wird nach Terminvereinbarung zugestellt, und der Zusteller muss einen Liefertermin mit Ihnen abstimmen.

Welche Tage und Uhrzeiten passen Ihnen? Bitte nennen Sie uns in einer Antwort auf diese Nachricht zwei oder drei Möglichkeiten. Falls der Fahrer etwas wissen muss, um zu Ihrer Tür zu gelangen, etwa das Stockwerk oder den Zugang zum Gebäude, geben Sie es bitte ebenfalls an.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

Votre commande {{ order_id }} ({{ product_title }}) est livrée sur rendez-vous, et le transporteur doit convenir d'une date de livraison avec vous.

Quels jours et quels horaires vous conviendraient ? Merci de nous indiquer deux ou trois possibilités en répondant à ce message. Si le livreur doit savoir quelque chose pour accéder à votre porte, comme l'étage ou l'accès à l'immeuble, merci de le préciser également.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

Il Suo ordine {{ order_id }} ({{ product_title }}) viene consegnato su appuntamento e il corriere deve concordare con Lei una data di consegna.

Quali giorni e orari Le andrebbero bene? La preghiamo di indicarci due o tre possibilità rispondendo a questo messaggio. Se il corriere deve sapere qualcosa per raggiungere la Sua porta, ad esempio il piano o come accedere all'edificio, La preghiamo di indicarlo.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

Su pedido {{ order_id }} ({{ product_title }}) se entrega con cita previa, y el transportista necesita acordar con usted una fecha de entrega.

¿Qué días y horarios le vendrían bien? Por favor, indíquenos dos o tres opciones respondiendo a este mensaje. Si el repartidor necesita saber algo para llegar hasta su puerta, como el piso o cómo acceder al edificio, indíquelo también.

Saludos cordiales,
{{ seller_name }}""",
    "nl": """Beste klant,

Uw bestelling {{ order_id }} ({{ product_title }}) wordt op afspraak bezorgd, en de vervoerder moet een bezorgdatum met u afspreken.

Welke dagen en tijden komen u goed uit? Wilt u ons in een antwoord op dit bericht twee of drie mogelijkheden doorgeven? Als de bezorger iets moet weten om bij uw deur te komen, zoals de verdieping of hoe hij het gebouw binnenkomt, vermeld dat dan ook.

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

Zamówienie {{ order_id }} ({{ product_title }}) jest dostarczane po wcześniejszym umówieniu terminu i przewoźnik musi uzgodnić z Państwem datę dostawy.

Jakie dni i godziny będą dla Państwa dogodne? Prosimy o podanie dwóch lub trzech możliwości w odpowiedzi na tę wiadomość. Jeśli kurier powinien coś wiedzieć, aby dotrzeć pod Państwa drzwi, na przykład piętro lub sposób wejścia do budynku, prosimy również o tę informację.

Z poważaniem
{{ seller_name }}""",
    "sv": """Hej,

Din beställning {{ order_id }} ({{ product_title }}) levereras efter tidsbokning, och transportören behöver komma överens med dig om ett leveransdatum.

Vilka dagar och tider passar dig? Svara gärna på det här meddelandet med två eller tre förslag. Om chauffören behöver veta något för att komma fram till din dörr, till exempel våning eller hur man tar sig in i huset, skriv det också.

Vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

{{ order_id }} numaralı siparişiniz ({{ product_title }}) randevulu olarak teslim ediliyor ve kargo firmasının sizinle bir teslimat tarihi belirlemesi gerekiyor.

Hangi gün ve saatler size uygun olur? Lütfen bu mesajı yanıtlayarak bize iki veya üç seçenek bildirin. Kuryenin kapınıza ulaşmak için bilmesi gereken bir şey varsa, örneğin kat numarası veya binaya nasıl girileceği, lütfen bunu da belirtin.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """お客様

ご注文（注文番号：{{ order_id }}、{{ product_title }}）は日時指定でのお届けとなり、配送業者がお客様とお届け日を調整する必要がございます。

ご都合のよい日にちと時間帯を、このメッセージへのご返信で2～3候補お知らせいただけますでしょうか。また、階数や建物への入り方など、配達員がお届けの際に知っておくべきことがございましたら、あわせてお知らせください。

よろしくお願いいたします。
{{ seller_name }}""",
    "pt-BR": """Olá,

Seu pedido {{ order_id }} ({{ product_title }}) é entregue com agendamento, e a transportadora precisa combinar uma data de entrega com você.

Quais dias e horários seriam melhores para você? Responda a esta mensagem com duas ou três opções, por favor. Se o entregador precisar saber algo para chegar até a sua porta, como o andar ou como entrar no prédio, informe também.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحباً،

يتم تسليم طلبك رقم {{ order_id }} ({{ product_title }}) بموعد مسبق، وتحتاج شركة الشحن إلى الاتفاق معك على موعد التسليم.

ما الأيام والأوقات التي تناسبك؟ يرجى الرد على هذه الرسالة باقتراح موعدين أو ثلاثة. وإذا كان هناك ما يجب أن يعرفه المندوب للوصول إلى بابك، مثل رقم الطابق أو طريقة الدخول إلى المبنى، فيرجى ذكره أيضاً.

مع أطيب التحيات،
{{ seller_name }}""",
}
