"""Starter texts for "Unexpected problem": the order is delayed. Not a critical kind (suppressed for
buyers who opted out); the apology and the offer to answer questions are its substance, never a
shipping confirmation."""

TEXTS = {
    "en": """Hello,

We are sorry to tell you that your order {{ order_id }} ({{ product_title }}) is delayed because of an unexpected problem on our side.

We are doing all we can to send it as soon as possible, and we will write to you again as soon as we know the new date. If you have any question about your order, please reply to this message.

We apologize for the inconvenience.

Best regards,
{{ seller_name }}""",
    "de": """Guten Tag,

leider müssen wir Ihnen mitteilen, dass sich Ihre Bestellung {{ order_id }} ({{ product_title }}) wegen eines unerwarteten Problems auf unserer Seite verzögert.

Wir tun alles, um sie so schnell wie möglich zu versenden, und melden uns erneut, sobald wir den neuen Termin kennen. Wenn Sie Fragen zu Ihrer Bestellung haben, antworten Sie bitte einfach auf diese Nachricht.

Bitte entschuldigen Sie die Unannehmlichkeiten.

Mit freundlichen Grüßen
{{ seller_name }}""",
    "fr": """Bonjour,

Nous sommes désolés de vous informer que votre commande {{ order_id }} ({{ product_title }}) est retardée en raison d'un problème imprévu de notre côté.

Nous faisons tout notre possible pour l'expédier au plus vite et nous vous écrirons de nouveau dès que nous connaîtrons la nouvelle date. Si vous avez une question sur votre commande, il vous suffit de répondre à ce message.

Veuillez nous excuser pour ce contretemps.

Cordialement,
{{ seller_name }}""",
    "it": """Buongiorno,

Siamo spiacenti di informarLa che il Suo ordine {{ order_id }} ({{ product_title }}) è in ritardo a causa di un problema imprevisto da parte nostra.

Stiamo facendo il possibile per spedirlo al più presto e Le scriveremo di nuovo non appena conosceremo la nuova data. Se ha domande sul Suo ordine, può semplicemente rispondere a questo messaggio.

Ci scusiamo per il disagio.

Cordiali saluti,
{{ seller_name }}""",
    "es": """Hola:

Lamentamos informarle de que su pedido {{ order_id }} ({{ product_title }}) se ha retrasado por un problema imprevisto por nuestra parte.

Estamos haciendo todo lo posible para enviarlo cuanto antes y volveremos a escribirle en cuanto conozcamos la nueva fecha. Si tiene alguna pregunta sobre su pedido, puede responder a este mensaje.

Disculpe las molestias.

Saludos cordiales,
{{ seller_name }}""",
    "nl": """Beste klant,

Helaas moeten we u laten weten dat uw bestelling {{ order_id }} ({{ product_title }}) vertraging heeft door een onverwacht probleem aan onze kant.

We doen er alles aan om de bestelling zo snel mogelijk te verzenden en laten u opnieuw iets weten zodra we de nieuwe datum kennen. Heeft u een vraag over uw bestelling? Beantwoord dan gewoon dit bericht.

Onze excuses voor het ongemak.

Met vriendelijke groet,
{{ seller_name }}""",
    "pl": """Dzień dobry,

Z przykrością informujemy, że realizacja zamówienia {{ order_id }} ({{ product_title }}) jest opóźniona z powodu nieoczekiwanego problemu po naszej stronie.

Robimy wszystko, aby wysłać je jak najszybciej, i odezwiemy się ponownie, gdy tylko poznamy nowy termin. Jeśli mają Państwo pytania dotyczące zamówienia, wystarczy odpowiedzieć na tę wiadomość.

Przepraszamy za niedogodności.

Z poważaniem
{{ seller_name }}""",
    "sv": """Hej,

Tyvärr måste vi meddela att din beställning {{ order_id }} ({{ product_title }}) är försenad på grund av ett oväntat problem hos oss.

Vi gör allt vi kan för att skicka den så snart som möjligt och hör av oss igen så snart vi vet det nya datumet. Om du har frågor om din beställning kan du svara på det här meddelandet.

Vi ber om ursäkt för besväret.

Vänliga hälsningar
{{ seller_name }}""",
    "tr": """Merhaba,

Üzgünüz, {{ order_id }} numaralı siparişiniz ({{ product_title }}) bizden kaynaklanan beklenmedik bir sorun nedeniyle gecikecek.

Siparişinizi en kısa sürede göndermek için elimizden geleni yapıyoruz ve yeni tarihi öğrenir öğrenmez size tekrar yazacağız. Siparişinizle ilgili bir sorunuz olursa bu mesajı yanıtlamanız yeterli.

Yaşattığımız aksaklık için özür dileriz.

Saygılarımızla,
{{ seller_name }}""",
    "ja": """お客様

誠に申し訳ございません。ご注文（注文番号：{{ order_id }}、{{ product_title }}）は、当店で予期せぬ問題が発生したため、発送が遅れております。

一日も早く発送できるよう努めており、新しい発送予定日が分かり次第、改めてご連絡いたします。ご注文についてご不明な点がございましたら、このメッセージにご返信ください。

ご迷惑をおかけしますことを、心よりお詫び申し上げます。
{{ seller_name }}""",
    "pt-BR": """Olá,

Lamentamos informar que seu pedido {{ order_id }} ({{ product_title }}) está atrasado devido a um problema inesperado da nossa parte.

Estamos fazendo todo o possível para enviá-lo o quanto antes e entraremos em contato novamente assim que soubermos a nova data. Se tiver alguma dúvida sobre o seu pedido, basta responder a esta mensagem.

Pedimos desculpas pelo transtorno.

Atenciosamente,
{{ seller_name }}""",
    "ar": """مرحباً،

نأسف لإبلاغك بأن طلبك رقم {{ order_id }} ({{ product_title }}) قد تأخر بسبب مشكلة غير متوقعة من جهتنا.

نبذل قصارى جهدنا لشحنه في أقرب وقت ممكن، وسنتواصل معك مجدداً فور معرفة الموعد الجديد. إذا كان لديك أي سؤال عن طلبك، يكفي الرد على هذه الرسالة.

نعتذر عن هذا الإزعاج.

مع أطيب التحيات،
{{ seller_name }}""",
}
