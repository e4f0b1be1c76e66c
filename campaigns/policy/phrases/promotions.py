"""Promotions Amazon prohibits, per marketplace language: coupons and discounts, and invitations
to follow the brand outside Amazon. campaigns/policy/prohibited.py reads these tables; the
pattern syntax is campaigns/policy/phrases/__init__.py's (lower case, natural spelling with
accents, a space matches spaces or hyphens, bounded repetition only, every pattern applies to
every template whatever its language).

Blocking tables hold shapes that offer or invite, never a bare word: "discount" alone is a
product title ("Discount Tire Gauge") as often as an offer.
"""

# A coupon, a discount or a free gift offered to the buyer. Blocking.
COUPONS: dict[str, tuple[str, ...]] = {
    "*": (r"[$€£¥₺] ?\d+ off",),
    "en": (
        r"(?:coupon|discount|promo|promotional|promotion|voucher|rebate|savings) codes?",
        r"\d+ ?% (?:off|discount)(?: (?:on |off )?your next (?:order|purchase))?",
        r"\d+ ?(?:dollars?|euros?|pounds?) off",
        r"save \d+ ?%",
        r"(?:discount|coupon|voucher|rebate|savings|free gift|money off)s? (?:\w+ ){0,2}?(?:on|off|for|with|towards?) (?:your|the) next (?:order|purchase|visit)",
        r"free (?:gift|sample|product|item)s? (?:for (?:you|our customers|every|each)|with (?:your|every|each) (?:next )?(?:order|purchase))",
        r"(?:get|receive|claim|enjoy|use) (?:a |an |your |this |our )?(?:exclusive |special |little )?(?:free gift|coupon|voucher|discount(?= (?:on|of|for|code|when)))(?: codes?)?(?: (?:on|for|with) (?:your|the) next (?:order|purchase))?",
        r"(?:here is|here's|we have|we've got) (?:a |an |your )?(?:exclusive |special |little )?(?:coupon|voucher|discount)",
    ),
    "de": (
        r"(?:rabatt|gutschein|aktions|promo|coupon|vorteils)[ -]?codes?",
        r"\d+ ?% (?:rabatt|nachlass|ermäßigung|preisnachlass)",
        r"\d+ ?(?:€|euro) (?:rabatt|nachlass)",
        r"(?:rabatt|gutschein|nachlass|preisnachlass)\w* (?:\w+ ){0,3}?(?:für|auf|bei|zu) (?:ihre|ihren|ihrem|ihrer|deine|deinen|deinem|deiner|die|den|der) nächste[nrm]? (?:bestellung|einkauf|kauf)",
        r"(?:erhalten sie|bekommen sie|sichern sie sich|sie erhalten|sie bekommen|du erhältst|du bekommst) (?:\w+ ){0,2}?(?:einen |ihren )?(?:rabatt|gutschein|preisnachlass|nachlass)\w*",
        r"(?:schenken|gewähren|senden|schicken) (?:wir )?(?:ihnen|dir) (?:\w+ ){0,2}?(?:einen |ihren )?(?:rabatt|gutschein|preisnachlass|nachlass)\w*",
        r"(?:gratis|kostenlose[sn]?|kostenfreie[sn]?) ?(?:geschenk|probe|muster|zugabe)\w* (?:für sie|für dich|zu ihrer|zu deiner|bei ihrer|bei deiner)",
    ),
    "fr": (
        r"codes? (?:promo|promotionnels?|de réduction|de remise|réduction|avantage)",
        r"\d+ ?% de (?:réduction|remise|rabais)",
        r"\d+ ?% (?:offerts?|de moins)",
        r"\d+ ?(?:€|euros?) (?:de réduction|de remise|offerts?)",
        r"(?:réduction|bon d'achat|bon de réduction|coupon|rabais|code)s? (?:\w+ ){0,3}?(?:sur|pour|lors de|valable sur) (?:votre|ta|vos) (?:prochaine|prochain|prochaines|prochains) (?:commande|achat|visite)s?",
        r"bons? (?:d'achat|de réduction)",
        r"(?:bénéficiez|profitez|obtenez|recevez) (?:[\w']+ ){0,2}?(?:réduction|bon d'achat|code promo|coupon|cadeau gratuit|cadeau offert)",
        r"(?:cadeau|échantillon|article)s? (?:gratuits?|offerts?) (?:pour vous|avec votre (?:prochaine )?commande)",
    ),
    "it": (
        r"codic[ei] (?:sconto|promozional[ei]|promo|coupon)",
        r"\d+ ?% di sconto",
        r"sconto (?:del |di )?\d+ ?%",
        r"\d+ ?(?:€|euro) di sconto",
        r"(?:sconto|buono sconto|buono regalo|buono acquisto|coupon|omaggio)\w* (?:\w+ ){0,3}?(?:sul|sulla|per il|per la|al|nel) (?:tuo |suo |vostro |tua |sua |vostra )?prossim[oa] (?:ordine|acquisto|spesa)",
        r"buon[oi] (?:sconto|acquisto|regalo)",
        r"(?:ricevi|riceverai|riceverà|ottieni|otterrai|approfitta di|approfitta dello|usufruisci di) (?:[\w']+ ){0,2}?(?:sconto|buono sconto|buono regalo|buono acquisto|coupon|codice promozionale)",
        r"(?:regalo|omaggio|campione|prodotto) (?:gratuito|gratis|in omaggio) (?:per te|per lei|per voi|con il tuo|con il suo)",
    ),
    "es": (
        r"códigos? (?:de descuento|promocional(?:es)?|promo|de cupón)",
        r"\d+ ?% de descuento",
        r"descuento del \d+ ?%",
        r"\d+ ?(?:€|euros?) de descuento",
        r"(?:descuento|cupón|código)\w* (?:\w+ ){0,3}?(?:en|para) (?:su|tu) (?:próxima|próximo|siguiente) (?:compra|pedido)",
        r"cup(?:ón|ones) (?:de descuento|descuento|regalo)",
        r"vales? (?:de descuento|descuento|regalo)",
        r"(?:obtenga|obtén|reciba|recibe|recibirá|recibirás|disfrute|disfruta|aproveche|aprovecha|consiga|consigue) (?:de )?(?:un |una |su |tu )?(?:\w+ )?(?:descuento|cupón)",
        r"(?:regalo|muestra|producto) gratis (?:para (?:usted|ti)|con (?:su|tu) (?:próxima )?(?:compra|pedido))",
    ),
    "nl": (
        r"(?:kortings|actie|promo|waarde)codes?",
        r"\d+ ?% korting",
        r"(?:korting|kortingsbon|waardebon|tegoedbon|cadeaubon)\w* (?:\w+ ){0,3}?(?:op|voor|bij) (?:uw|je|jouw) (?:volgende|eerstvolgende) (?:bestelling|aankoop)",
        r"(?:ontvang|ontvangt|krijg|krijgt|profiteer van|geniet van) (?:\w+ ){0,2}?(?:korting|kortingscode|waardebon|cadeaubon)\w*",
        r"gratis (?:cadeau|cadeautje|monster|product|proefje)\w* (?:voor (?:u|jou|je)|bij (?:uw|je) (?:volgende )?(?:bestelling|aankoop))",
    ),
    "pl": (
        r"kod\w* (?:rabatow|promocyjn|zniżkow)\w*",
        r"\d+ ?% (?:rabatu|zniżki|taniej)",
        r"(?:rabat|zniżk\w*) (?:w wysokości )?\d+ ?%",
        r"(?:rabat|zniżk|kupon|bon)\w* (?:\w+ ){0,3}?na (?:kolejne|następne|następny|kolejny|kolejnych|następnych) (?:zakupy|zamówienie|zakup|zamówienia)",
        r"(?:otrzymasz|otrzyma pan|otrzyma pani|otrzymają państwo|skorzystaj z|odbierz|dostaniesz) (?:\w+ ){0,2}?(?:rabat|zniżk|kupon|kod rabatow)\w*",
        r"(?:darmow|bezpłatn)\w* (?:prezent|upomin|próbk)\w* (?:dla (?:ciebie|pana|pani|was|państwa)|do (?:kolejnego|następnego) zamówienia)",
    ),
    "sv": (
        r"(?:rabatt|kampanj|erbjudande)s?kod\w*",
        r"\d+ ?% rabatt",
        r"\d+ ?% (?:på|av) (?:ditt|din|er|ert) (?:nästa|kommande)",
        r"(?:rabatt|kupong|presentkort)\w* (?:\w+ ){0,2}?(?:på|för|vid|till) (?:ditt|din|er|ert) (?:nästa|kommande) (?:köp|beställning|order)",
        r"(?:få|får du|ta del av|använd|dra nytta av) (?:\w+ )?(?:rabatt|rabattkod|kupong|presentkort)\w*",
        r"gratis (?:present|gåva|prov|produkt)\w* (?:till dig|med (?:ditt|din) (?:nästa )?(?:köp|beställning))",
    ),
    "tr": (
        r"(?:indirim|kupon|promosyon|hediye|kampanya) ?kod\w*",
        r"% ?\d+ (?:indirim|daha ucuz)\w*",
        r"\d+ ?% indirim\w*",
        r"\d+ ?(?:tl|₺) indirim\w*",
        r"(?:bir sonraki|sonraki|gelecek) (?:siparişiniz|alışverişiniz|alışveriş)\w*[^\n.!?]{0,30}?(?:indirim|kupon|hediye)\w*",
        r"(?:indirim|kupon|hediye çeki)\w* (?:kazan|kazanın|kazanacaksınız|fırsatı)\w*",
        r"(?:ücretsiz|bedava) (?:hediye|numune|ürün)\w* (?:kazan\w*|gönder\w*|veriyoruz)",
        r"size özel (?:indirim|kupon|kod|fırsat)\w*",
    ),
    "ja": (
        r"(?:クーポン|割引|プロモーション)コード",
        r"クーポン券",
        r"割引券",
        r"\d+ ?% ?(?:オフ|off|引き|割引)",
        r"\d+円(?:オフ|off|引き|割引)",
        r"[1-9一二三四五]割(?:引き|引|オフ)",
        r"(?:次回|次の)(?:ご購入|ご注文|お買い物|お買い上げ)\w{0,10}?(?:クーポン|割引|値引き|off|オフ)",
        r"(?:クーポン|割引券|ギフト券)(?:を)?(?:プレゼント|差し上げ|お送り|配布|進呈)",
        r"無料(?:で)?(?:プレゼント|ギフト|サンプル)(?:を)?(?:差し上げ|お送り|進呈|いたします|致します|します)",
        r"プレゼントキャンペーン",
    ),
    "pt": (
        r"cupo(?:m|ns) de desconto",
        r"código (?:de desconto|promocional|de cupom)",
        r"\d+ ?% de desconto",
        r"desconto de \d+ ?%",
        r"(?:desconto|cupom|brinde)\w* (?:\w+ ){0,3}?(?:na|no|para a|para o|em sua|em seu|em) (?:sua |seu )?próxim[ao] (?:compra|pedido)",
        r"(?:ganhe|receba|aproveite|garanta) (?:\w+ ){0,2}?(?:desconto|cupom|brinde)",
        r"(?:use|utilize|aplique) o cupom",
        r"(?:brinde|presente|amostra) grátis (?:para você|na sua|no seu|com (?:a sua|o seu|sua|seu))",
    ),
    "ar": (
        r"(?:رمز|كود|كوبون|قسيمة) (?:ال)?(?:خصم|تخفيض|ترويجي)",
        r"كوبونات (?:ال)?خصم",
        r"خصم (?:بنسبة |بقيمة )?\d+ ?[%٪]",
        r"\d+ ?[%٪] (?:خصم|تخفيض)",
        r"(?:خصم|كوبون|قسيمة|تخفيض|هدية)[^\n.!?؟]{0,30}?(?:طلبك|مشترياتك|شرائك|طلبيتك|عملية الشراء) (?:القادم|التالي|القادمة|التالية)",
        r"(?:احصل|احصلي|احصلوا|استمتع|استفد|استفيدوا) (?:على |من )?(?:\w+ )?(?:خصم|كوبون|قسيمة|هدية مجانية)",
        r"هدية مجانية (?:لك|لكم|مع طلبك)",
    ),
}

# An invitation to follow, visit or join the brand elsewhere: social media, the seller's own
# website or store, a newsletter or club. Blocking.
FOLLOW_INVITATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        r"follow us(?: on| at| over on)?(?: (?:facebook|instagram|insta|tiktok|youtube|pinterest|twitter|x|linkedin|snapchat|threads|social media|social))?",
        r"like us on (?:facebook|instagram|insta|tiktok|youtube|pinterest|twitter|x|linkedin|social media)",
        r"(?:find|join|connect with) us on (?:facebook|instagram|insta|tiktok|youtube|pinterest|twitter|x|linkedin|snapchat|threads|social media)",
        r"follow our (?:brand|page|account|store|shop|channel|journey|instagram|facebook|tiktok)",
        r"(?:visit|check out|browse|explore|stop by|drop by|head over to|head to) (?:our|my) (?:own )?(?:amazon )?(?:web ?site|web ?shop|online (?:store|shop)|home ?page|store ?front|store|shop|boutique|blog|facebook|instagram|tiktok|youtube|pinterest|social media)(?: (?:page|pages|channel|account|profile))?",
        r"(?:join|subscribe to|sign up (?:for|to)|register for) (?:our|my) (?:\w+ )?(?:newsletter|mailing list|email list|vip (?:club|list)|club|community|loyalty program(?:me)?|channel)",
    ),
    "de": (
        r"(?:folgen|folgt) (?:sie |ihr )?uns(?: (?:auch |gerne |doch |jetzt ){0,2}(?:auf|bei) (?!amazon)\w+)?",
        r"folge uns(?: (?:auf|bei) (?!amazon)\w+)?",
        r"(?:besuchen|besucht|besuche|entdecken|entdecke) (?:sie |du )?(?:uns |auch |gerne |doch |jetzt ){0,3}(?:in |auf )?(?:unsere[nmr]?|meine[nmr]?) (?:eigene[nmr]? )?(?:website|webseite|homepage|onlineshop|online shop|webshop|shop|store|laden|blog|instagram|facebook|tiktok|youtube)\w*",
        r"(?:besuchen|finden) sie uns (?:auch |gerne )?(?:auf|bei) (?:facebook|instagram|tiktok|youtube|pinterest|twitter|x|linkedin)",
        r"(?:abonnieren|abonniert|abonniere) (?:sie |du )?(?:jetzt |gerne |auch )?(?:unseren|unsere|meinen) (?:newsletter|kanal|youtube ?kanal|channel)",
        r"(?:newsletter|kundenclub|vorteilsclub)\w* (?:\w+ ){0,2}?(?:anmelden|abonnieren|eintragen)",
        r"melden sie sich (?:\w+ ){0,3}?(?:newsletter|kundenclub)\w* an",
    ),
    "fr": (
        r"suivez ?nous(?: sur (?!amazon)\w+)?",
        r"(?:rejoignez|retrouvez) ?nous (?:aussi |également )?sur (?!amazon)\w+",
        r"(?:visitez|découvrez|consultez|rendez vous sur|venez visiter|jetez un (?:œil|coup d'œil) (?:à|sur)) (?:aussi |également )?(?:notre|nos|ma|mon) (?:propre )?(?:site(?: web| internet)?|boutique(?: en ligne)?|e ?shop|magasin|page (?:facebook|instagram)|compte (?:instagram|facebook|tiktok)|chaîne(?: youtube)?|blog|instagram|facebook|tiktok)",
        r"(?:abonnez|inscrivez) ?vous (?:à|a) (?:notre|nos|ma) (?:newsletter|lettre d'information|chaîne|compte|liste de diffusion)",
        r"(?:likez|aimez) (?:notre|ma) page",
    ),
    "it": (
        r"segui(?:teci|ci)(?: su (?!amazon)\w+)?",
        r"(?:visita|visitate|visiti|scopri|scoprite|dai un'occhiata a|date un'occhiata a) (?:anche )?(?:il nostro|la nostra|il mio|la mia) (?:sito(?: web| internet)?|negozio(?: online)?|shop|store|vetrina|pagina(?: facebook| instagram)?|profilo(?: instagram| facebook| tiktok)?|canale(?: youtube)?|blog)",
        r"(?:iscriviti|iscrivetevi|registrati|unisciti) (?:alla|al|alle) (?:nostra|nostro|nostre) (?:newsletter|canale|club|community|mailing list|lista)",
        r"metti(?:ci)? (?:mi piace|like) (?:alla nostra pagina|su (?!amazon)\w+)",
    ),
    "es": (
        r"s[ií]g(?:uenos|anos)(?: en (?!amazon)\w+)?",
        r"(?:visite|visita|visiten|descubra|descubre|conozca|conoce|eche un vistazo a|echa un vistazo a) (?:también )?(?:nuestra|nuestro|mi) (?:propia |propio )?(?:página web|web|sitio web|tienda(?: online| en línea| oficial)?|perfil(?: de (?:instagram|facebook|tiktok))?|página de (?:facebook|instagram)|canal(?: de youtube)?|blog|instagram|facebook)",
        r"(?:suscr[ií]b(?:ase|ete)|ap[uú]nt(?:ese|ate)|reg[ií]str(?:ese|ate)|[uú]n(?:ase|ete)) (?:a|en) (?:nuestra|nuestro) (?:newsletter|boletín|lista|canal|club|comunidad)",
        r"(?:danos|dale|denos) (?:un )?(?:like|me gusta)",
    ),
    "nl": (
        r"volg ons (?:op|via) (?!amazon)\w+",
        r"(?:bezoek|bekijk|ontdek) (?:ook )?(?:onze|ons|mijn) (?:eigen )?(?:website|webshop|webwinkel|site|winkel|online ?shop|instagram|facebook|tiktok|youtube|blog)(?:pagina|kanaal|account)?",
        r"(?:abonneer (?:u|je)|schrijf (?:u|je) in|meld (?:u|je) aan|word lid) (?:\w+ )?(?:op|voor|van) (?:onze|ons) (?:nieuwsbrief|kanaal|mailinglijst|club|community)",
        r"like ons op (?!amazon)\w+",
    ),
    "pl": (
        r"obserwuj(?:cie)? nas(?: na (?!amazon)\w+)?",
        r"(?:odwiedź|odwiedźcie|zajrzyj|zajrzyjcie|zapraszamy|sprawdź|zobacz) (?:też |również |także )?(?:do |na )?(?:nasz|naszą|naszego|nasze|naszej|mój|moją|mojego) (?:własn\w* )?(?:sklep\w*|stron\w*|witryn\w*|profil\w*|kanał\w*|fanpage|blog\w*|instagram\w*|facebook\w*)",
        r"(?:zapisz|zapiszcie) się (?:do|na) (?:nasz|naszego|naszą|naszej) (?:newsletter\w*|list\w* mailingow\w*|klub\w*|społeczności)",
        r"(?:polub|polubcie) (?:nas|nasz\w*)(?: (?:na|profil|stronę|fanpage) \w+)?",
        r"dołącz(?:cie)? do (?:nas na (?!amazon)\w+|naszej społeczności|naszego klubu|naszej grupy)",
    ),
    "sv": (
        r"följ oss(?: på (?!amazon)\w+)?",
        r"(?:besök|kolla in|titta in på|upptäck|spana in) (?:gärna |även |också )?(?:vår|vårt|våra|min|mitt) (?:egen |eget |egna )?(?:webbplats|hemsida|webbutik|nätbutik|butik|sajt|instagram\w*|facebook\w*|youtube\w*|blogg)",
        r"(?:prenumerera på|anmäl dig till|registrera dig för|gå med i) (?:vårt|vår|våra) (?:nyhetsbrev|kanal|klubb|community|e ?postlista|mejllista|kundklubb)",
        r"gilla oss på (?!amazon)\w+",
    ),
    "tr": (
        r"bizi (?:[\w']+ ){0,2}?takip (?:edin|edebilirsiniz|etmeyi)\w*",
        r"(?:web sitemiz|sitemiz|mağazamız|online mağazamız|sayfamız|kanalımız|hesabımız)(?:ı|i|a|e|da|de)? (?:\w+ )?(?:ziyaret ed\w*|göz at\w*|incele\w*|takip ed\w*|abone ol\w*)",
        r"(?:bültenimize|e ?bültenimize|kanalımıza|listemize|kulübümüze) (?:\w+ )?(?:abone olun|kaydolun|katılın|üye olun)",
    ),
    "ja": (
        r"(?:instagram|インスタグラム|インスタ|twitter|ツイッター|facebook|フェイスブック|tiktok|ティックトック|youtube|ユーチューブ|sns|公式アカウント)(?:で|を|も|の)?(?:ぜひ)?(?:フォロー|チェック|ご覧|いいね)",
        r"チャンネル登録",
        r"line(?:公式アカウント)?(?:で|を|の)?(?:友だち|友達)追加",
        r"(?:当店|弊社|私たち|ショップ|ストア|ブランド)の(?:公式)?(?:ホームページ|ウェブサイト|webサイト|サイト|ネットショップ|オンラインショップ|直営店|instagram|インスタ|sns|ブログ|ストアページ)(?:も|を|に|へ)?(?:ぜひ)?(?:ご覧|ご訪問|チェック|遊びに|お越し|アクセス)",
        r"(?:ホームページ|公式サイト|ストアページ|ショップページ|ストア)(?:も|を|に|へ)(?:ぜひ)?(?:ご覧|ご訪問|チェック|遊びに|お越し|アクセス|覗いて|のぞいて)",
        r"(?:メルマガ|メールマガジン|ニュースレター)(?:に|へ|の)?(?:ぜひ)?(?:ご)?(?:登録|購読)",
        r"フォロー(?:お願い|よろしく|してください|していただけると|して頂けると)",
    ),
    "pt": (
        r"sigam?-nos(?: (?:no|na|em) (?!amazon)\w+)?",
        r"(?:siga|sigam) nos (?:no|na|em) (?:instagram|facebook|tiktok|youtube|redes sociais)",
        r"nos siga (?:no|na|em) (?!amazon)\w+",
        r"segue a gente (?:no|na) (?!amazon)\w+",
        r"(?:visite|conheça|confira|acesse|dê uma olhada (?:em|na|no)) (?:também )?(?:a |o )?(?:nossa|nosso|minha|meu) (?:própria |próprio )?(?:loja(?: virtual| online| oficial)?|site|página(?: (?:no|do) (?:facebook|instagram))?|perfil(?: (?:no|do) (?:instagram|facebook|tiktok))?|canal(?: (?:no|do) youtube)?|blog|instagram|facebook)",
        r"(?:inscreva ?se|assine|cadastre ?se) (?:em |na |no )?(?:nossa|nosso) (?:newsletter|canal|lista|clube)",
        r"(?:curta|curtam) (?:a )?nossa página",
    ),
    "ar": (
        # One pattern for "تابعونا": a shorter one of its own would win the alternation.
        r"تابعونا(?: (?:على|عبر|في) (?:\w+ ){0,2}?(?:انستغرام|انستجرام|إنستغرام|إنستجرام|انستا|فيسبوك|فيس بوك|تيك توك|تويتر|يوتيوب|سناب ?شات|حسابنا|صفحتنا|قناتنا|مواقع التواصل|وسائل التواصل|منصات التواصل))?",
        r"تابعنا (?:على|عبر|في) (?:\w+ ){0,2}?(?:انستغرام|انستجرام|إنستغرام|إنستجرام|انستا|فيسبوك|فيس بوك|تيك توك|تويتر|يوتيوب|سناب ?شات|حسابنا|صفحتنا|قناتنا|مواقع التواصل|وسائل التواصل|منصات التواصل)",
        r"(?:زوروا|زر|قم بزيارة|تفضل بزيارة|تفضلوا بزيارة|ندعوك لزيارة|ندعوكم لزيارة|يمكنك زيارة|لا تنس زيارة) (?:\w+ )?(?:متجرنا|موقعنا|صفحتنا|حسابنا|قناتنا|مدونتنا)",
        r"(?:اشترك|اشتركوا|اشتركي|سجل|سجلوا) (?:الآن )?(?:في|ب) ?(?:نشرتنا|النشرة البريدية|النشرة الإخبارية|قناتنا|قائمتنا البريدية)",
        r"(?:انضم|انضموا|انضمي) (?:الآن )?(?:إلى|الى|ل) ?(?:مجتمعنا|نادينا|قناتنا|مجموعتنا|عائلتنا)",
    ),
}

# What is only possibly promotion: a mention of the brand or of social media without a call to
# follow. A warning (reported as "marketing").
PROMOTION_HINTS: dict[str, tuple[str, ...]] = {
    "en": (r"our brand", r"(?:instagram|facebook|tiktok|youtube|pinterest)"),
    "de": (r"unsere[rn]? marke",),
    "fr": (r"notre marque",),
    "it": (r"il nostro (?:marchio|brand)",),
    "es": (r"nuestra marca",),
    "nl": (r"ons merk",),
    "pl": (r"nasz\w* mark\w*",),
    "sv": (r"vårt varumärke",),
    "tr": (r"markamız\w*",),
    "ja": (r"当ブランド", r"弊社ブランド", r"インスタグラム", r"フェイスブック"),
    "pt": (r"nossa marca",),
    "ar": (r"علامتنا التجارية", r"انستغرام", r"فيسبوك"),
}
