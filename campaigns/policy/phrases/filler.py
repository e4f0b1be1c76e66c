"""What says nothing about the order, per marketplace language, as data for the linter.

None of these makes a finding. campaigns/policy/prohibited.py sets them aside, together with
thanks, greetings and sign-offs (thanks.py) and confirmations (confirmations.py), and a message
with no word of substance left is thanks only or a confirmation only, which Amazon prohibits.
The pattern syntax is campaigns/policy/phrases/__init__.py's.

A pattern here must be complete in itself ("it should arrive tomorrow", not "it should arrive"
followed by anything): whatever it leaves over counts as substance, and substance is what keeps a
message allowed. So no negation, question word, request or verb of action belongs here.
"""

# What a confirmation says around the statement: good news, the carrier, the day, the expected
# arrival, where to track it. Filler. Days, dates, arrival clauses and carriers in full are in
# delivery_details.py, read next to a confirmation only.
CONFIRMATION_DETAILS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:good|great|exciting) news",
        r"(?:we are|we're|i am|i'm) (?:happy|pleased|glad|excited|delighted|writing) to (?:let you know|inform you|tell you|confirm|say)(?: that)?",
        r"(?:just )?(?:a )?(?:quick |short )?(?:note|update|heads up|message) to (?:let you know|inform you|confirm|say)(?: that)?",
        r"(?:this is )?(?:just )?to (?:let you know|inform you|confirm)(?: that)?",
        r"(?:we )?(?:wanted|want) to let you know(?: that)?",
        r"(?:via|with|by|through) (?:dhl|ups|fedex|usps|royal mail|dpd|gls|hermes|evri|yodel|parcelforce|amazon logistics|amazon shipping|canada post|australia post|the carrier|our carrier|courier|standard shipping|express shipping|priority mail)(?: express| ground)?",
        r"(?:dhl|ups|fedex|usps|royal mail|dpd|gls|evri|yodel)(?: express| ground)?",
        r"(?:today|yesterday|this (?:morning|afternoon|evening)|just now|recently)",
        r"(?:a few|a couple of|two|three|several|some) days ago",
        r"(?:it|they|your (?:order|package|parcel|item|items|shipment|delivery)) (?:should|will|is expected to|are expected to|is scheduled to|are scheduled to|is due to) (?:arrive|reach you|be delivered|be with you|get to you)(?: (?:soon|shortly|today|tomorrow|within \d+ (?:to |- ?)?(?:\d+ )?(?:business |working )?days|in \d+ (?:to |- ?)?(?:\d+ )?(?:business |working )?days))?",
        r"(?:estimated|expected|scheduled|planned) (?:delivery|arrival)(?: date| time| window)?(?: is)?",
        r"(?:you can|you may|please|feel free to) (?:also )?track (?:it|them|your (?:order|package|parcel|shipment|delivery)|the (?:package|parcel|shipment|delivery))(?: (?:here|online|on amazon|in your (?:amazon )?account|in your orders|at any time|anytime)){0,2}",
        r"(?:on|at|via|through|in) amazon(?:'s)?(?: (?:website|app|account))?",
        r"(?:here is|here's|below is|please find|you'll find|you will find) (?:your|the) (?:tracking|shipment|shipping) (?:number|link|information|info|details)(?: below)?",
    ),
    "de": (
        r"(?:gute|tolle) (?:nachrichten|neuigkeiten)",
        r"(?:wir freuen uns|es freut uns),? (?:ihnen|dir) mit(?:zu)?teilen(?: zu (?:können|dürfen))?,?(?: dass)?",
        r"(?:wir möchten|hiermit möchten wir) (?:sie|dich) (?:darüber )?informieren,?(?: dass)?",
        r"(?:mit|per|über|durch) (?:dhl|dpd|ups|gls|hermes|fedex|deutsche post|der deutschen post|amazon logistics|dem paketdienst|der spedition|unserem versanddienstleister)(?: express)?",
        r"(?:dhl|dpd|ups|gls|hermes|fedex)(?: express)?",
        r"(?:heute|gestern|soeben|heute morgen)",
        r"(?:sie|es|er|die sendung|das paket|die bestellung|ihre bestellung|ihr paket|die lieferung) (?:sollte|wird|soll) (?:voraussichtlich )?(?:morgen |bald |in kürze |in \d+ (?:bis \d+ )?(?:werk|arbeits|liefer)?tagen |innerhalb von \d+ (?:bis \d+ )?(?:werk|arbeits|liefer)?tagen )?(?:bei ihnen |bei dir )?(?:ankommen|eintreffen|zugestellt werden|geliefert werden)",
        r"voraussichtliche[rs]? (?:lieferdatum|liefertermin|zustelltermin|zustellung|lieferung|ankunft)(?: ist)?",
        r"(?:sie können|können sie|du kannst) (?:ihre |deine |die )?(?:sendung|bestellung|lieferung|paket) (?:jederzeit |hier |online |bei amazon ){0,2}(?:verfolgen|nachverfolgen)",
    ),
    "fr": (
        r"(?:bonne|excellente) nouvelle",
        r"nous (?:sommes (?:heureux|heureuses|ravis|ravies) de|avons le plaisir de) vous (?:informer|annoncer|confirmer|dire)(?: que)?",
        r"nous vous (?:informons|confirmons)(?: que)?",
        r"(?:par|via|avec) (?:colissimo|chronopost|la poste|dhl|ups|dpd|gls|fedex|mondial relay|relais colis|amazon logistics|notre transporteur|le transporteur)",
        r"(?:colissimo|chronopost|dhl|ups|dpd|gls|fedex|mondial relay)",
        r"(?:aujourd'hui|hier|ce matin)",
        r"(?:elle|il|ils|elles|votre commande|votre colis|le colis) (?:devrait|devraient|sera|seront|doit|doivent) (?:vous )?(?:être livrée?s?|arriver|parvenir|vous parvenir)(?: (?:sous|dans|d'ici) \d+ (?:à \d+ )?jours(?: ouvrés| ouvrables)?| demain| bientôt| prochainement| rapidement)?",
        r"(?:elle|il|votre commande|votre colis|le colis) (?:arrivera|arriveront|vous parviendra) (?:sous|dans|d'ici) \d+ (?:à \d+ )?jours(?: ouvrés| ouvrables)?",
        r"(?:date de )?livraison (?:prévue|estimée)",
        r"vous pouvez (?:suivre|le suivre|la suivre)(?: (?:votre|son|le) (?:colis|commande|envoi|acheminement))?(?: (?:ici|à tout moment|en ligne|sur amazon|dans votre compte))?",
        r"(?:voici|ci dessous) (?:votre|le) (?:numéro|lien) de suivi",
    ),
    "it": (
        r"(?:buone|ottime) notizie",
        r"(?:siamo lieti|siamo felici|ci fa piacere) di (?:informarti|informarla|comunicarti|comunicarle)(?: che)?",
        r"(?:ti|la|vi) (?:informiamo|comunichiamo)(?: che)?",
        r"(?:con|tramite|via) (?:brt|gls|sda|dhl|ups|tnt|fedex|poste italiane|il corriere|corriere espresso|amazon logistics)",
        r"(?:brt|gls|sda|dhl|ups|tnt|fedex|poste italiane)",
        r"(?:oggi|ieri|stamattina)",
        r"(?:dovrebbe|dovrebbero) (?:arrivare|essere consegnat[oaie])(?: (?:entro|in) \d+ (?:- ?|a )?(?:\d+ )?giorni(?: lavorativi)?| domani| a breve| presto)?",
        r"(?:arriverà|arriveranno|sarà consegnat[oa]|verrà consegnat[oa])(?: (?:entro|in) \d+ (?:- ?|a )?(?:\d+ )?giorni(?: lavorativi)?| domani| a breve| presto)?",
        r"(?:data di )?consegna (?:prevista|stimata)",
        r"(?:puoi|può|potete) (?:seguire|tracciare|monitorare) (?:la|il) (?:spedizione|pacco|ordine)(?: (?:qui|online|su amazon|in qualsiasi momento))?",
    ),
    "es": (
        r"(?:buenas|excelentes) noticias",
        r"nos (?:complace|alegra) (?:informarle|informarte|comunicarle|comunicarte|confirmarle)(?: que)?",
        r"(?:le|te) (?:informamos|comunicamos|confirmamos)(?: que)?",
        r"(?:con|por|mediante|a través de) (?:correos(?: express)?|seur|mrw|gls|dhl|ups|nacex|dpd|fedex|amazon logistics|la empresa de transporte|el transportista|mensajería)",
        r"(?:correos express|seur|mrw|nacex|gls|dhl|ups|dpd|fedex)",
        r"(?:hoy|ayer|esta mañana)",
        r"(?:debería|deberían) (?:llegar|ser entregad[oa]s?)(?: (?:en|dentro de) \d+ (?:- ?|a )?(?:\d+ )?días(?: hábiles| laborables)?| mañana| pronto| en breve)?",
        r"(?:llegará|llegarán|será entregad[oa]|serán entregad[oa]s)(?: (?:en|dentro de) \d+ (?:- ?|a )?(?:\d+ )?días(?: hábiles| laborables)?| mañana| pronto| en breve)?",
        r"(?:fecha de )?entrega (?:prevista|estimada)",
        r"(?:puede|puedes) (?:seguir|rastrear|consultar) (?:su|tu|el) (?:pedido|paquete|envío)(?: (?:aquí|en línea|en amazon|en cualquier momento))?",
    ),
    "nl": (
        r"(?:goed|leuk) nieuws",
        r"(?:wij|we) (?:laten (?:u|je) (?:graag )?weten|willen (?:u|je) (?:graag )?laten weten|informeren (?:u|je))(?: dat)?",
        r"(?:met|via|door) (?:postnl|dhl|dpd|gls|ups|bpost|de vervoerder|amazon logistics)",
        r"(?:postnl|dhl|dpd|gls|ups|bpost)",
        r"(?:vandaag|gisteren|vanochtend)",
        r"(?:het|hij|ze|uw bestelling|het pakket|uw pakket) (?:zal|zou|wordt) (?:naar verwachting )?(?:binnen \d+ (?:tot \d+ )?(?:werk)?dagen |morgen |spoedig )?(?:bij (?:u|je) )?(?:bezorgd|geleverd)(?: worden)?",
        r"(?:verwachte|geschatte) (?:bezorgdatum|leverdatum|levering|bezorging)(?: is)?",
        r"(?:u kunt|je kunt|kunt u|kun je) (?:uw|je|de) (?:bestelling|zending|pakket) (?:hier |online |altijd )?volgen",
    ),
    "pl": (
        r"(?:dobra|świetna) wiadomość",
        r"(?:z przyjemnością|miło nam) (?:informujemy|poinformować)(?: że)?",
        r"informujemy(?: że)?",
        r"(?:kurierem|przez|za pośrednictwem) (?:inpost|dpd|dhl|ups|gls|poczty polskiej|firmy kurierskiej|kuriera)",
        r"pocztą polską",
        r"(?:inpost|dpd|dhl|ups|gls|poczta polska)",
        r"(?:dzisiaj|dziś|wczoraj)",
        r"(?:przesyłka|paczka|zamówienie) (?:powinna|powinno) (?:dotrzeć|zostać dostarczon[ae])(?: do (?:ciebie|pana|pani|państwa))?(?: w ciągu \d+(?: ?- ?\d+)? dni(?: roboczych)?| jutro| wkrótce)?",
        r"(?:dotrze|zostanie dostarczon[ae])(?: do (?:ciebie|pana|pani|państwa))?(?: w ciągu \d+(?: ?- ?\d+)? dni(?: roboczych)?| jutro| wkrótce)",
        r"(?:przewidywany|szacowany|planowany) (?:termin|czas|dzień) (?:dostawy|doręczenia)",
        r"(?:możesz|może pan|może pani|mogą państwo) (?:śledzić|sprawdzić status) (?:przesyłk|paczk|zamówieni)\w*(?: (?:tutaj|online|na amazon|w dowolnym momencie))?",
    ),
    "sv": (
        r"(?:goda|glada|roliga) nyheter",
        r"(?:vi vill (?:bara )?meddela|vi meddelar|vi är glada att (?:kunna )?meddela)(?: dig)?(?: att)?",
        r"(?:med|via) (?:postnord|dhl|db schenker|schenker|bring|budbee|instabox|ups|dpd|early bird|amazon logistics|transportören)",
        r"(?:postnord|dhl|budbee|instabox|bring|schenker)",
        r"(?:idag|i dag|igår|i går|i morse)",
        r"(?:det|den|de|paketet|beställningen|din beställning|ditt paket) (?:bör|ska|kommer att|beräknas) (?:komma fram|levereras|anlända|vara hos dig)(?: (?:inom \d+(?: ?- ?\d+)? (?:arbets)?dagar|imorgon|i morgon|snart))?",
        r"(?:beräknad|förväntad|planerad) (?:leverans|leveransdag|leveranstid|ankomst)(?: är)?",
        r"(?:du kan|kan du) (?:följa|spåra) (?:din|ditt|dina|försändelsen|paketet|beställningen)(?: (?:beställning|paket|försändelse|order))?(?: (?:här|online|på amazon|när som helst))?",
    ),
    "tr": (
        r"(?:güzel|harika|iyi) (?:bir )?haber(?:imiz var|lerimiz var)?",
        r"(?:size )?(?:bildirmekten|haber vermekten) (?:mutluluk duyarız|memnuniyet duyarız|mutluyuz)",
        r"bilgilerinize sunarız",
        r"(?:bilgilendirmek|bildirmek) isteriz",
        r"(?:yurtiçi kargo|aras kargo|mng kargo|ptt kargo|sürat kargo|ups|dhl|hepsijet|trendyol express|amazon lojistik|kargo firması)(?: ile| aracılığıyla)?",
        r"(?:bugün|dün|bu sabah)",
        r"(?:tahmini|beklenen|planlanan) (?:teslim(?:at)?|varış) (?:tarihi|süresi)\w*",
        r"(?:\d+(?: ?- ?\d+)? (?:iş )?gün (?:içinde|içerisinde) )?(?:size )?(?:ulaşması|teslim edilmesi) (?:bekleniyor|beklenmektedir|planlanıyor)",
        r"(?:siparişinizi|kargonuzu|paketinizi) (?:\w+ )?(?:takip edebilirsiniz|izleyebilirsiniz)",
    ),
    "ja": (
        r"(?:ご注文(?:いただきました|頂きました|いただいた|頂いた)?の?)?(?:商品|お品物|お荷物|荷物|品物)(?:を|は|が)?",
        r"(?:本日|昨日|先ほど|無事に?|ただいま|現在)",
        r"(?:ご利用|お買い上げ|お買い求め)(?:いただき|頂き)?(?:まして)?",
        r"(?:ヤマト運輸|佐川急便|日本郵便|ゆうパック|ゆうパケット|クロネコヤマト|西濃運輸|福山通運|amazon配送|配送業者)(?:にて|で|より|の)?",
        r"(?:お届け|到着|配達)予定(?:日)?(?:は)?",
        r"(?:下記|以下)(?:の)?(?:番号|url|リンク)?(?:より|から|で)?(?:配送状況|お荷物の状況)?(?:を)?(?:ご確認(?:いただけます|ください)|確認できます)",
        r"(?:お知らせ|ご連絡|ご案内)(?:いたします|致します|します|申し上げます)",
    ),
    "pt": (
        r"(?:boas|ótimas) notícias",
        r"(?:temos o prazer de|é com prazer que|estamos felizes em) (?:informar|comunicar|avisar)(?: que)?",
        r"(?:informamos|avisamos|confirmamos)(?: que)?",
        r"(?:pelos|pela|pelo|via|com a|com o) (?:correios|sedex|jadlog|loggi|total express|transportadora|amazon logistics|dhl|ups|fedex)",
        r"(?:correios|sedex|jadlog|loggi)",
        r"(?:hoje|ontem|hoje de manhã)",
        r"(?:deve|devem|deverá|deverão|vai|vão|será|serão) (?:chegar|ser entregue?s?)(?: (?:em|dentro de|em até|até) \d+ (?:a \d+ )?dias(?: úteis)?| amanhã| em breve)?",
        r"(?:previsão|prazo|data) de entrega(?: (?:é|prevista|estimada))?",
        r"(?:você )?(?:pode|poderá) (?:rastrear|acompanhar) (?:o |a )?(?:seu |sua )?(?:pedido|pacote|encomenda|entrega)(?: (?:aqui|online|na amazon|a qualquer momento))?",
    ),
    "ar": (
        r"(?:أخبار|خبر) (?:سارة|سار|رائعة|جيدة)",
        r"(?:يسعدنا|يسرنا|نود) (?:أن )?(?:نعلمك|نخبرك|إبلاغك|إعلامك|إخبارك)(?: بأن| أن| بأنه)?",
        r"(?:عبر|مع|بواسطة|من خلال) (?:أرامكس|سمسا|dhl|ups|fedex|البريد السعودي|سبل|ناقل|شركة الشحن|أمازون للشحن)",
        r"(?:أرامكس|سمسا)",
        r"(?:اليوم|أمس|هذا الصباح)",
        r"(?:من المتوقع|يتوقع|نتوقع) (?:أن )?(?:يصل|يصلك|تصل|تصلك|وصوله|وصولها|توصيله)(?: إليك)?(?: (?:خلال|في غضون) \d+(?: ?- ?\d+)? (?:أيام|يوم)(?: عمل)?| غدا| قريبا)?",
        r"(?:موعد|تاريخ) (?:التوصيل|التسليم|الوصول) (?:المتوقع|المقدر)",
        r"(?:يمكنك|بإمكانك) (?:تتبع|متابعة) (?:طلبك|شحنتك|الشحنة|طردك)(?: (?:هنا|عبر أمازون|في أي وقت|من حسابك))?",
    ),
}

# "If you have any questions, just let us know": Amazon counts a message that only offers help
# like one that only thanks. Filler.
HELP_OFFERS: dict[str, tuple[str, ...]] = {
    "en": (
        r"if you (?:have|had) (?:any )?(?:further |other |more )?(?:questions?|problems?|issues?|concerns?|queries|trouble)(?: (?:about|with|regarding) (?:your |the |this )?(?:order|item|product|purchase|delivery|it))?",
        r"(?:please )?(?:do not|don't) hesitate to (?:contact|message|reach|write to|ask) (?:us|me)(?: out)?",
        r"(?:please )?(?:feel free to|you can always) (?:contact|message|reach|write to|ask) (?:us|me)(?: out)?",
        r"(?:please |simply |just )?(?:contact us|reach out|let us know|reply to this (?:message|email))(?: at any time| anytime)?(?: (?:via|through) amazon(?: messaging| messages)?)?",
        r"(?:we are|we're|i am|i'm) (?:always )?(?:here|happy|glad|available) (?:to help|for you|to assist(?: you)?)",
        r"(?:we are|we're) (?:always )?at your (?:service|disposal)",
        r"we(?: will|'ll) (?:gladly |happily )?help(?: you)?",
    ),
    "de": (
        r"(?:bei|für) (?:fragen|problemen|rückfragen|anliegen)(?: (?:zu|zur|zum) (?:ihrer |deiner )?(?:bestellung|lieferung|artikel|produkt))?",
        r"(?:wenn|falls|sollten) (?:sie|du) (?:noch )?(?:fragen|probleme|rückfragen|anliegen) (?:haben|hast)",
        r"(?:stehen|steht) (?:wir )?(?:ihnen |dir |euch )?(?:jederzeit |gerne |gern ){0,2}(?:zur verfügung|bereit)",
        r"(?:kontaktieren|schreiben) sie uns(?: gerne| jederzeit| einfach)?(?: über amazon)?",
        r"(?:melden sie sich|meld dich) (?:gerne |einfach |jederzeit ){0,2}bei uns",
        r"(?:zögern sie nicht|zögere nicht),? uns zu kontaktieren",
        r"(?:wir helfen|helfen wir) (?:ihnen |dir )?(?:gerne|gern)(?: weiter)?",
        r"antworten sie (?:bitte |einfach |gerne ){0,2}auf diese nachricht",
    ),
    "fr": (
        r"(?:si vous avez|pour toute|en cas de) (?:des |la moindre |une )?(?:questions?|problèmes?|souci|soucis|interrogation)s?",
        r"n'hésitez pas à nous (?:contacter|écrire|joindre)(?: via amazon)?",
        r"(?:nous restons|nous sommes|je reste) (?:à votre (?:entière )?disposition|là pour vous aider|disponibles?)",
        r"(?:contactez|écrivez) ?nous(?: via amazon)?",
        r"répondez (?:simplement )?à ce message",
        r"nous (?:vous aiderons|serons ravis de vous aider|serons heureux de vous aider)",
    ),
    "it": (
        r"(?:se hai|se ha|per qualsiasi|in caso di) (?:domande|dubbi|problemi|bisogno)",
        r"non esit(?:are|i) a contattarci",
        r"(?:siamo|restiamo) (?:sempre )?(?:a (?:tua|sua|vostra) (?:completa )?disposizione|qui per aiutarti)",
        r"(?:contattaci|ci contatti)(?: tramite amazon| pure)?",
        r"rispondi (?:pure )?a questo messaggio",
        r"(?:saremo|siamo) (?:felici|lieti) di aiutarti",
        r"ti aiuteremo",
    ),
    "es": (
        r"(?:si tiene|si tienes|para cualquier|ante cualquier|en caso de) (?:alguna |cualquier )?(?:duda|pregunta|problema|consulta|incidencia)s?",
        r"no (?:dude|dudes) en (?:contactarnos|escribirnos|ponerse en contacto con nosotros|ponerte en contacto con nosotros)",
        r"(?:estamos|quedamos) (?:a (?:su|tu) (?:entera |completa )?disposición|aquí para ayudar(?:le|te)?)",
        r"(?:contáctenos|contáctanos|escríbanos|escríbenos)(?: a través de amazon)?",
        r"(?:responda|responde) a este mensaje",
        r"(?:le|te) (?:ayudaremos|atenderemos)(?: encantados| con gusto)?",
    ),
    "nl": (
        r"(?:heeft u|hebt u|heb je|mocht u|mocht je|als u|als je) (?:nog )?(?:vragen|problemen|opmerkingen)(?: hebben| heeft| hebt)?",
        r"(?:aarzel|schroom) niet (?:om )?(?:contact met ons op te nemen|ons te contacteren)",
        r"neem (?:gerust |dan )?contact (?:met ons )?op",
        r"(?:wij|we) (?:staan|zijn) (?:altijd )?(?:voor (?:u|je) )?klaar(?: om (?:u|je) te helpen)?",
        r"(?:wij|we) helpen (?:u|je) graag(?: verder)?",
        r"(?:antwoord|reageer) (?:gewoon |dan )?op dit bericht",
    ),
    "pl": (
        r"(?:w razie|w przypadku) (?:jakichkolwiek )?(?:pytań|problemów|wątpliwości)",
        r"(?:jeśli|jeżeli) (?:ma pan|ma pani|masz|mają państwo) (?:jakieś )?(?:pytania|problemy|wątpliwości)",
        r"(?:prosimy o kontakt|zapraszamy do kontaktu|skontaktuj się z nami|prosimy się z nami skontaktować)(?: przez amazon)?",
        r"jesteśmy (?:do (?:twojej|pana|pani|państwa) dyspozycji|zawsze gotowi do pomocy)",
        r"(?:chętnie|z przyjemnością) (?:pomożemy|odpowiemy)",
        r"(?:wystarczy )?odpowiedz\w* na (?:tę|tą) wiadomość",
    ),
    "sv": (
        r"(?:om du har|har du|vid) (?:några |eventuella )?(?:frågor|problem|funderingar)",
        r"(?:tveka inte|dra dig inte för) att (?:kontakta|höra av dig till) oss",
        r"(?:hör av dig|kontakta oss)(?: gärna)?(?: via amazon)?",
        r"(?:vi finns här|vi hjälper (?:dig )?gärna|vi står till din tjänst)(?: för att hjälpa dig)?",
        r"svara (?:bara |gärna )?på det här meddelandet",
    ),
    "tr": (
        r"(?:herhangi bir )?(?:sorunuz|sorularınız|sorun|probleminiz)(?: olursa| olması durumunda| varsa)",
        r"(?:bizimle )?iletişime geçmekten çekinmeyin",
        r"bize (?:amazon üzerinden )?(?:yazabilirsiniz|ulaşabilirsiniz)",
        r"bizimle iletişime geçebilirsiniz",
        r"(?:size )?yardımcı olmaktan (?:mutluluk|memnuniyet) duyarız",
        r"(?:her zaman )?yardıma hazırız",
        r"hizmetinizdeyiz",
        r"bu mesaja yanıt verin",
        r"bu mesajı yanıtlayabilirsiniz",
    ),
    "ja": (
        r"(?:何か|なにか)?(?:ご不明(?:な)?点|ご質問|問題|不具合)(?:など)?(?:が)?(?:ございましたら|ありましたら|あれば)",
        r"(?:お気軽に|ご遠慮なく)(?:お問い合わせ|ご連絡)(?:ください|くださいませ)",
        r"このメッセージに(?:ご)?返信(?:ください|くださいませ)",
        r"(?:対応|サポート)(?:させていただきます|いたします)",
    ),
    "pt": (
        r"(?:se (?:você )?tiver|em caso de|para qualquer) (?:alguma |qualquer )?(?:dúvida|pergunta|problema)s?",
        r"não hesite em (?:nos contatar|entrar em contato)",
        r"fique à vontade para (?:nos contatar|entrar em contato)",
        r"(?:estamos|ficamos) (?:sempre )?(?:à (?:sua )?disposição|aqui para ajudar)",
        r"entre em contato(?: conosco)?(?: pela amazon)?",
        r"(?:basta )?responder (?:a )?esta mensagem",
        r"(?:nós )?(?:ajudaremos|teremos prazer em ajudar)",
    ),
    "ar": (
        r"(?:إذا|إن|في حال) (?:كان (?:لديك|لديكم)|كانت (?:لديك|لديكم)|واجهت|كان عندك|لديك|لديكم) (?:أي )?(?:استفسار|سؤال|أسئلة|مشكلة|استفسارات)",
        r"لا تتردد(?:وا)? في (?:التواصل|الاتصال|مراسلتنا)(?: معنا)?",
        r"(?:نحن )?(?:في خدمتك|في خدمتكم|هنا لمساعدتك|هنا لمساعدتكم|سعداء بمساعدتك)",
        r"(?:تواصل|تواصلوا) معنا(?: عبر أمازون)?",
        r"(?:يرجى|الرجاء) الرد على هذه الرسالة",
        r"(?:سنساعدك|سنكون سعداء بمساعدتك)",
    ),
}

# Well-wishing that says nothing about the order. Filler.
PLEASANTRIES: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:we |i )?hope (?:that )?(?:you(?:'ll| will)? (?:enjoy|like|love) (?:it|them|your (?:new )?(?:purchase|order|item|product)s?)|you(?:'re| are) (?:happy|pleased|satisfied|well)|everything (?:arrived|arrives|is|was) (?:safely|well|fine|ok|okay|in (?:good|perfect) (?:condition|order|shape))|it (?:arrives|arrived) (?:safely|soon|in (?:good|perfect) (?:condition|shape)))",
        r"(?:we )?(?:hope|look forward) to (?:see(?:ing)? you again|serv(?:e|ing) you again|hearing from you)(?: soon)?",
        r"(?:we )?wish you (?:a (?:nice|great|good|wonderful|lovely) (?:day|week|weekend)|(?:lots of |much )?(?:fun|joy) with (?:it|your (?:new )?(?:purchase|order|item|product)))",
        r"happy shopping",
        r"(?:we're|we are|i'm|i am) (?:so |very |really )?(?:glad|happy|delighted|thrilled) (?:that )?you (?:chose|picked|found|ordered from|shopped with) us",
        r"(?:and )?(?:your|the) (?:trust|support|patience|business)",
    ),
    "de": (
        r"(?:wir )?(?:hoffen|wünschen),? (?:dass )?(?:sie|du) (?:viel )?(?:freude|spaß) (?:mit|an) (?:ihrem|ihrer|deinem|deiner|dem|der) (?:neuen )?(?:einkauf|bestellung|kauf|artikel|produkt) (?:haben|hast|werden)",
        r"(?:wir hoffen|hoffentlich),? (?:dass )?(?:alles|es|der artikel|die ware|ihre bestellung) (?:gut|wohlbehalten|unbeschädigt|sicher|heil) (?:angekommen ist|ankommt|bei ihnen ankommt)",
        r"(?:wir )?(?:freuen uns|würden uns freuen),? (?:sie|dich) (?:bald )?wieder (?:bei uns )?(?:begrüßen|zu sehen)(?: zu dürfen| zu können)?",
        r"bis bald",
        r"(?:und )?(?:ihr|dein|das) vertrauen",
    ),
    "fr": (
        r"(?:nous )?espérons que (?:tout est (?:bien )?arrivé|votre (?:commande|colis|article) (?:est (?:bien )?arrivée?|arrivera)|vous (?:en )?serez satisfaite?s?|cela vous plaira|l'article vous plaira)(?: en (?:bon|parfait) état| rapidement)?",
        r"au plaisir de vous revoir",
        r"à très bientôt",
        r"(?:et )?(?:pour )?(?:votre|ta) confiance",
    ),
    "it": (
        r"speriamo che (?:tutto sia arrivato|il pacco sia arrivato|l'ordine sia arrivato|ti piaccia|le piaccia)(?: in (?:perfette|buone) condizioni)?",
        r"speriamo di rivederti presto",
        r"(?:e )?(?:per )?(?:la tua|la sua|la vostra) fiducia",
    ),
    "es": (
        r"esperamos que (?:todo (?:haya llegado|llegue) (?:bien|en (?:buen|perfecto) estado)|(?:lo|la|los|las) disfrute|le guste|te guste|disfrute de su compra)",
        r"esperamos (?:verle|verte) (?:de nuevo|pronto)",
        r"hasta pronto",
        r"(?:y )?(?:por )?(?:su|tu) confianza",
    ),
    "nl": (
        r"(?:wij|we) hopen dat (?:alles (?:goed|in goede staat) (?:is aangekomen|aankomt)|(?:u|je) (?:er )?(?:veel )?plezier (?:van|aan) (?:zult |zal )?hebben|het (?:u|je) bevalt)",
        r"tot (?:ziens|snel)",
        r"(?:en )?(?:uw|je) vertrouwen",
    ),
    "pl": (
        r"(?:mamy nadzieję|liczymy),? że (?:wszystko dotarło|przesyłka dotarła|produkt (?:się )?spodoba|zakup (?:się )?spodoba)(?: w (?:dobrym|idealnym) stanie)?",
        r"do (?:zobaczenia|usłyszenia)",
        r"(?:i )?(?:za )?zaufanie",
    ),
    "sv": (
        r"vi hoppas (?:att )?(?:allt (?:har )?kom(?:mit)? fram (?:i (?:gott|fint) skick|som det ska)|du (?:kommer att )?(?:bli nöjd|gilla|tycka om)(?: den| det| produkten| ditt köp)?)",
        r"(?:hoppas )?vi ses(?: igen| snart)?",
        r"(?:och )?(?:för )?(?:ditt|ert) förtroende",
    ),
    "tr": (
        r"(?:ürünü|ürününüzü|siparişinizi) (?:keyifle|güzel günlerde) kullanmanızı dileriz",
        r"(?:her şeyin|ürünün|paketin) (?:sorunsuz|sağlam|güvenle) (?:ulaştığını|ulaşmasını) umuyoruz",
        r"(?:tekrar )?görüşmek üzere",
    ),
    "ja": (
        r"(?:商品|お品物)(?:が)?(?:無事に)?(?:届いて|届き)(?:いる|おります)?(?:ことを)?(?:願って|祈って)(?:おります|います)",
        r"(?:末永く)?(?:ご愛用|お使い)(?:いただけ|頂け)(?:ましたら|れば)幸いです",
        r"またのご利用を(?:心より)?お待ちしております",
    ),
    "pt": (
        r"esperamos que (?:tudo (?:tenha chegado|chegue) (?:bem|em perfeito estado|em perfeitas condições)|(?:você )?(?:goste|aproveite)(?: (?:do|da) (?:seu|sua) (?:compra|produto|pedido))?)",
        r"até (?:breve|logo|a próxima)",
        r"(?:e )?(?:pela )?(?:sua )?confiança",
    ),
    "ar": (
        r"نأمل أن (?:يكون كل شيء قد وصل|يصلك الطلب|ينال إعجابك|تستمتع)(?: بحالة جيدة| بمنتجك)?",
        r"نتطلع (?:إلى|الى) خدمتك (?:مرة أخرى|مجددا)",
    ),
}

# A mention of the order by its id or a template value: "for order 123-1234567-1234567". The id
# itself never counts as a word. Filler when an id follows.
ORDER_REFERENCES: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:amazon )?order(?: number| no| id)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",
        r"(?:sku|asin|ean|upc|item|article|model)(?: number| no)?\.?(?=[ ]?[:#]?[ ]?[a-z0-9\-]{0,20}\d)",
    ),
    "de": (r"(?:bestellung|bestellnummer|auftrag|auftragsnummer)(?: nr)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "fr": (r"commande(?: n°| no| numéro)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "it": (r"ordine(?: n| nr| numero)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "es": (r"pedido(?: nº| n| número)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "nl": (r"(?:bestelling|bestelnummer|ordernummer|order)(?: nr)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "pl": (r"(?:zamówienie|zamówienia|zamówieniu)(?: nr| numer)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "sv": (r"(?:beställning|ordernummer|order)(?: nr)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "tr": (r"(?:sipariş(?: numarası| no)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])|numaralı)",),
    "ja": (r"ご?注文(?:番号)?[:：]?(?=[\d\ue000(（])", r"[\(（]\ue000+[\)）]"),
    "pt": (r"pedido(?: nº| n| número)?\.?(?=[ ]?[:#]?[ ]?[\d\ue000])",),
    "ar": (r"(?:الطلب )?رقم(?: الطلب)?",),
}

# Closing formulas. A short line or two after the last one (the shop's name) is a signature, not
# substance.
CLOSINGS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:best|kind|warm|warmest|many) (?:regards|wishes)",
        r"regards",
        r"sincerely(?: yours)?",
        r"yours (?:sincerely|truly|faithfully)",
        r"cheers",
        r"all the best",
        r"best",
        r"take care",
    ),
    "de": (
        r"(?:mit )?(?:freundlichen|besten|herzlichen|lieben|vielen|viele|beste|liebe|herzliche|sonnige) grüße?n?",
        r"grüße",
        r"lg",
        r"mfg",
    ),
    "fr": (r"(?:bien )?cordialement", r"bien à vous", r"(?:sincères |meilleures )?salutations", r"à bientôt"),
    "it": (r"(?:cordiali|distinti|cari|tanti) saluti", r"saluti", r"un (?:caro )?saluto", r"a presto"),
    "es": (r"(?:un )?(?:cordial |afectuoso )?saludos?", r"atentamente", r"cordialmente", r"un abrazo"),
    "nl": (r"(?:met )?vriendelijke groet(?:en)?", r"(?:hartelijke )?groet(?:en|jes)?", r"mvg"),
    "pl": (r"pozdrawiam\w*", r"(?:z )?(?:serdeczn\w* )?pozdrowieni\w*", r"z poważaniem"),
    "sv": (r"(?:med )?vänliga hälsningar", r"hälsningar", r"mvh"),
    "tr": (r"saygılarımızla", r"saygılarımla", r"sevgiler", r"iyi günler"),
    "ja": (r"(?:今後とも)?(?:どうぞ)?よろしくお願い(?:いたします|致します|します|申し上げます)", r"敬具", r"以上"),
    "pt": (r"atenciosamente", r"(?:um )?(?:abraço|abraços)", r"cordialmente", r"saudações"),
    "ar": (r"مع (?:أطيب|خالص) (?:التحيات|التمنيات)", r"تحياتنا", r"تحياتي", r"مع التحية", r"مع الشكر"),
}

# Articles, possessives, pronouns, prepositions, auxiliaries and joining words: no substance on
# their own ("Die Sendungsnummer lautet ..."). Set aside only to decide that a message is thanks
# or a confirmation only, never to weigh a warning. No negation, no question word.
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:order|orders|purchase|purchases|the|an|your|our|my|its|their|this|that|these|those|it|they|we|you|us|of|for|to|with|on|at|in|by|from|"
        r"is|are|was|were|has|have|had|been|be|here|now|just|all|as|and|also|too|again|so|very|really|below|"
        r"above|following|once again|as always)",
    ),
    "de": (
        r"(?:bestellung|einkauf|der|die|das|den|dem|des|ein|eine|einen|einem|einer|ihr|ihre|ihren|ihrem|ihrer|dein|deine|deinen|"
        r"deinem|deiner|unser|unsere|unseren|unserem|sie|es|wir|uns|ihnen|dir|du|ist|sind|wurde|wurden|hat|haben|"
        r"lautet|lauten|von|mit|zu|zur|zum|für|auf|an|bei|im|in|am|hier|nun|jetzt|folgende|folgenden|und|auch|"
        r"nochmals|noch einmal|nochmal|sehr|wirklich)",
    ),
    "fr": (
        r"(?:commande|achat|achats|tout|toute|tous|toutes|le|la|les|un|une|des|du|de|votre|vos|ton|ta|tes|notre|nos|il|elle|ils|elles|nous|vous|est|sont|ont|"
        r"été|en|au|aux|par|pour|avec|sur|dans|ce|cet|cette|ci|voici|suivant|et|aussi|encore|très|vraiment)",
    ),
    "it": (
        r"(?:ordine|acquisto|il|lo|la|gli|le|un|uno|una|del|della|dei|di|da|al|alla|in|nel|nella|con|su|per|tuo|tua|tuoi|suo|sua|"
        r"suoi|nostro|nostra|sono|stato|stata|ha|hanno|ecco|qui|ti|vi|ci|ed|anche|ancora|molto|davvero)",
    ),
    "es": (
        r"(?:pedido|compra|el|la|los|las|un|una|unos|del|de|al|en|con|por|para|su|sus|tu|tus|nuestro|nuestra|es|son|ha|han|sido|"
        r"está|le|te|les|nos|aquí|este|esta|siguiente|también|de nuevo|muy|realmente)",
    ),
    "nl": (
        r"(?:bestelling|aankoop|de|het|een|uw|je|jouw|ons|onze|we|wij|is|zijn|werd|werden|heeft|hebben|van|met|op|in|voor|naar|bij|"
        r"hier|dit|deze|volgende|en|ook|nogmaals|erg|echt|zeer)",
    ),
    "pl": (
        r"(?:zamówienie|zamówienia|zakup|zakupy|twoje|twoja|twój|pana|pani|państwa|nasz|nasza|nasze|to|ten|ta|jest|są|został|została|zostało|na|do|"
        r"od|dla|przez|tutaj|oto|poniżej|oraz|także|również|jeszcze raz|bardzo|naprawdę)",
    ),
    "sv": (
        r"(?:beställning|beställningen|köp|köpet|order|ordern|din|ditt|dina|er|ert|vår|vårt|våra|den|det|de|en|ett|är|har|blev|med|på|till|av|för|från|här|nu|"
        r"följande|och|även|också|igen|verkligen|mycket)",
    ),
    "tr": (
        r"(?:sipariş|siparişiniz|alışveriş|alışverişiniz|bu|şu|bir|ile|için|olarak|size|sizin|siz|biz|bizim|da|de|burada|aşağıdaki|ve|ayrıca|tekrar|çok|gerçekten)",
    ),
    "ja": (r"ご注文", r"ご購入", r"お買い物", r"です", r"ます", r"こちら", r"また", r"そして", r"改めて", r"重ねて"),
    "pt": (
        r"(?:pedido|compra|encomenda|os|as|um|uma|do|da|dos|das|de|em|no|na|nos|nas|com|por|pelo|pela|para|seu|sua|seus|suas|teu|tua|nosso|"
        r"nossa|é|são|foi|foram|está|você|lhe|te|aqui|este|esta|seguinte|também|novamente|muito|realmente|"
        r"mais uma vez)",
    ),
    # Arabic is matched inside words: these must stand alone, or "نقدم" would lose its "قد".
    "ar": (r"(?<!\w)(?:طلبك|طلبكم|في|على|من|إلى|الى|عن|مع|هذا|هذه|هو|هي|لك|لكم|أن|قد|هنا|أيضا|مرة أخرى|جدا)(?!\w)",),
}
