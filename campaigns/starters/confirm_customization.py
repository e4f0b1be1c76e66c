"""Starter texts for "Confirm customization details": check a personalised product before making it.
A critical kind (it reaches buyers who opted out): nothing but the question. Amazon allows 800
characters, so the texts stay short enough for a long product title."""

TEXTS = {
    "en": """Hello,

Before we make your order {{ order_id }} ({{ product_title }}), we would like to check the personalization with you.

Could you reply to this message to confirm the text you want, exactly as it should appear (spelling, capital letters, line breaks), and the options you chose, such as the color or the size?

We will start making it as soon as we hear from you.

Best regards,
{{ seller_name }}""",
    "de": """Guten Tag,

bevor wir Ihre Bestellung {{ order_id }} ({{ product_title }}) anfertigen, möchten wir die Personalisierung mit Ihnen abstimmen.

Bitte bestätigen Sie uns in einer Antwort auf diese Nachricht den gewünschten Text genau so, wie er erscheinen soll (Schreibweise, Groß- und Kleinschreibung, Zeilenumbrüche), sowie die gewählten Optionen, zum Beispiel Farbe oder Größe.

Sobald wir Ihre Antwort haben, beginnen wir mit der Anfertigung.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

Avant de réaliser votre commande {{ order_id }} ({{ product_title }}), nous souhaitons vérifier la personnalisation avec vous.

Pourriez-vous nous confirmer, en répondant à ce message, le texte souhaité exactement tel qu'il doit apparaître (orthographe, majuscules, retours à la ligne), ainsi que les options choisies, par exemple la couleur ou la taille ?

Nous lancerons la fabrication dès réception de votre réponse.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

Prima di realizzare il Suo ordine {{ order_id }} ({{ product_title }}), vorremmo verificare con Lei la personalizzazione.

Può confermarci, rispondendo a questo messaggio, il testo desiderato esattamente come deve apparire (ortografia, maiuscole, a capo) e le opzioni scelte, ad esempio il colore o la misura?

Inizieremo la realizzazione non appena riceveremo la Sua risposta.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

Antes de preparar su pedido {{ order_id }} ({{ product_title }}), queremos confirmar con usted los detalles de la personalización.

¿Podría confirmarnos, respondiendo a este mensaje, el texto que desea exactamente como debe aparecer (ortografía, mayúsculas, saltos de línea) y las opciones que eligió, por ejemplo el color o el tamaño?

Empezaremos a prepararlo en cuanto recibamos su respuesta.

Saludos cordiales,
{{ seller_name }}""",
    "nl": """Beste klant,

Voordat we uw bestelling {{ order_id }} ({{ product_title }}) maken, willen we de personalisatie graag met u controleren.

Wilt u in een antwoord op dit bericht de gewenste tekst bevestigen, precies zoals die moet verschijnen (spelling, hoofdletters, regelovergangen), en de gekozen opties, bijvoorbeeld de kleur of de maat?

We beginnen eraan zodra we uw antwoord hebben ontvangen.

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

Zanim przygotujemy zamówienie {{ order_id }} ({{ product_title }}), chcielibyśmy uzgodnić z Państwem szczegóły personalizacji.

Prosimy o potwierdzenie w odpowiedzi na tę wiadomość tekstu dokładnie w takiej formie, w jakiej ma się pojawić (pisownia, wielkie litery, podział wierszy), oraz wybranych opcji, na przykład koloru lub rozmiaru.

Rozpoczniemy realizację, gdy tylko otrzymamy odpowiedź.

Z poważaniem
{{ seller_name }}""",
    "sv": """Hej,

Innan vi tillverkar din beställning {{ order_id }} ({{ product_title }}) vill vi stämma av personaliseringen med dig.

Kan du svara på det här meddelandet och bekräfta texten du vill ha, exakt som den ska se ut (stavning, versaler, radbrytningar), och vilka alternativ du valde, till exempel färg eller storlek?

Vi börjar tillverkningen så snart vi har fått ditt svar.

Vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

{{ order_id }} numaralı siparişinizi ({{ product_title }}) hazırlamadan önce kişiselleştirme ayrıntılarını sizinle teyit etmek istiyoruz.

Bu mesajı yanıtlayarak istediğiniz metni tam olarak görünmesi gereken şekilde (yazım, büyük harfler, satır sonları) ve seçtiğiniz seçenekleri, örneğin rengi veya boyutu, bize onaylayabilir misiniz?

Yanıtınızı alır almaz hazırlamaya başlayacağız.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """お客様

ご注文（注文番号：{{ order_id }}、{{ product_title }}）の製作に入る前に、名入れ・カスタマイズの内容を確認させていただきたく、ご連絡いたしました。

ご希望の文字（表記、大文字・小文字、改行の位置を含め、表示したいとおりに）と、お選びいただいたオプション（色やサイズなど）を、このメッセージへのご返信でお知らせいただけますでしょうか。

ご返信をいただき次第、製作を開始いたします。

よろしくお願いいたします。
{{ seller_name }}""",
    "pt-BR": """Olá,

Antes de produzir seu pedido {{ order_id }} ({{ product_title }}), gostaríamos de confirmar com você os detalhes da personalização.

Você pode responder a esta mensagem confirmando o texto desejado exatamente como ele deve aparecer (grafia, letras maiúsculas, quebras de linha) e as opções escolhidas, como a cor ou o tamanho?

Começaremos a produção assim que recebermos sua resposta.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحباً،

قبل أن نبدأ في تجهيز طلبك رقم {{ order_id }} ({{ product_title }})، نودّ التأكد معك من تفاصيل التخصيص.

هل يمكنك تأكيد النص المطلوب كما يجب أن يظهر تماماً (الإملاء، والأحرف الكبيرة، وفواصل الأسطر) والخيارات التي اخترتها، مثل اللون أو المقاس، بالرد على هذه الرسالة؟

سنبدأ في التجهيز فور وصول ردك.

مع أطيب التحيات،
{{ seller_name }}""",
}
