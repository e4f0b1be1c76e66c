"""Marketing and promotional wording, per marketplace language. Pattern syntax:
campaigns/policy/phrases/__init__.py. Coupons, discounts and invitations to follow the brand,
which block, are in promotions.py.
"""

# Promotions and marketing. A warning (the wording is a heuristic), blocking in a critical message.
MARKETING: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:special|exclusive|limited ?time|great|amazing|best) (?:offers?|deals?|discounts?|promotions?|sale)",
        r"(?:promo|promotional|discount|coupon|voucher) codes?", r"\d+ ?% (?:off|discount)",
        r"(?:black friday|cyber monday|prime day|flash sale|clearance sale|summer sale|winter sale)",
        r"(?:check out|take a look at|have a look at|browse|discover|see|visit) (?:our|my) (?:other |new |latest |full |whole |amazon )*(?:products|items|collection|range|catalog(?:ue)?|store|shop|storefront|brand|offers)",
        r"(?:new|latest|upcoming) (?:products|arrivals|collection|releases?)",
        r"(?:follow|like|find) us on", r"(?:facebook|instagram|tiktok|youtube|pinterest) (?:page|account|channel|profile)",
        r"(?:sign up for|subscribe to|join) our (?:newsletter|mailing list|list|club|community|vip)", r"newsletter",
        r"(?:buy|shop|order) now", r"(?:on|off) your next (?:order|purchase)", r"don't miss (?:out|our)",
        r"recommend (?:us|our \w+) to (?:your )?(?:friends|family)", r"free gift", r"giveaway",
    ),
    "de": (
        r"(?:sonderangebot|aktionsangebot|angebot des tages|tagesangebot)\w*",
        r"(?:exklusive|besondere|tolle|limitierte)[ns]? (?:angebot|aktion|rabatt)\w*",
        r"(?:rabatt|gutschein|aktions|promo)code\w*", r"\d+ ?% rabatt", r"rabattaktion\w*",
        r"(?:black friday|cyber monday|prime day|schlussverkauf|ausverkauf|sommerschlussverkauf)",
        r"(?:entdecken|besuchen|sehen|stöbern) sie (?:auch |gerne |doch )?(?:in )?(?:unser|mein)\w* (?:weitere\w* |andere\w* |neue\w* |ganze\w* )?(?:produkt\w*|artikel|sortiment|shop|marke|kollektion|storefront|angebot\w*)",
        r"(?:unsere |weitere |neue |andere )(?:produkte|artikel) (?:im|in unserem) (?:shop|sortiment|store)",
        r"neuheiten", r"folgen sie uns", r"(?:facebook|instagram|tiktok|youtube)[ -]?(?:seite|kanal|profil)",
        r"newsletter\w*", r"jetzt (?:kaufen|bestellen|zuschlagen|sichern)",
    ),
    "fr": (
        r"(?:offres?|promotions?|promos?|ventes?) (?:spéciales?|exclusives?|flash|limitées?)",
        r"codes? (?:promo|promotionnels?|de réduction)", r"\d+ ?% de (?:réduction|remise)",
        r"(?:soldes|black friday|cyber monday|prime day|vente flash)",
        r"(?:découvrez|visitez|consultez|jetez un œil à|jetez un coup d'œil à) (?:nos|notre|ma|mes|les autres) (?:autres |nouveaux |nouvelles )?(?:produits|articles|collections?|boutique|gamme|catalogue|marque)",
        r"(?:nouveaux produits|nouvelle collection|nouveautés)", r"suivez nous sur", r"newsletter",
        r"lettre d'information", r"achetez (?:maintenant|dès maintenant)",
        r"profitez (?:de nos|de cette offre|de l'offre|d'une remise|d'une réduction|de \d+)",
    ),
    "it": (
        r"(?:offert[ae]|promozion[ei]|sconti) (?:special[ei]|esclusiv[ae]|limitat[ae]|imperdibil[ei])",
        r"codic[ei] (?:sconto|promozionale|promo)", r"\d+ ?% di sconto",
        r"(?:saldi|black friday|cyber monday|prime day|offerta lampo)",
        r"(?:scopri|visita|dai un'occhiata a|guarda) (?:anche )?(?:i nostri|il nostro|la nostra|le nostre|gli altri) (?:altri |nuovi |nuove )?(?:prodotti|articoli|negozio|collezione|catalogo|gamma|marchio|vetrina)",
        r"nuov[ie] (?:prodotti|arrivi|collezion[ei])", r"seguici su", r"newsletter",
        r"iscriviti (?:alla|al) (?:nostra|nostro)", r"(?:acquista|compra) ora",
    ),
    "es": (
        r"(?:ofertas?|promoci(?:ón|ones)|descuentos?) (?:especial(?:es)?|exclusiv[oa]s?|limitad[oa]s?|increíbles?)",
        r"códigos? (?:de descuento|promocional(?:es)?)", r"\d+ ?% de descuento",
        r"(?:rebajas|black friday|cyber monday|prime day|oferta flash)",
        r"(?:descubra|descubre|visite|visita|eche un vistazo a|echa un vistazo a|mire|mira) (?:también )?(?:nuestros|nuestras|nuestra|nuestro|mis|los demás|los otros|otros) (?:otros |nuevos |nuevas |demás )?(?:productos|artículos|tienda|colecci(?:ón|ones)|catálogo|gama|marca)",
        r"nuev(?:os|as) (?:productos|colecciones|colección|llegadas)", r"síguenos en", r"newsletter", r"boletín",
        r"suscr[ií]b(?:ase|ete) a", r"(?:compre|compra) ahora",
    ),
    "nl": (
        r"(?:speciale|exclusieve|tijdelijke) (?:aanbieding|actie|korting)\w*", r"aanbieding\w*", r"kortingscode\w*",
        r"\d+ ?% korting", r"(?:uitverkoop|black friday|cyber monday|prime day)",
        r"(?:bekijk|ontdek|bezoek) (?:ook )?(?:onze|ons) (?:andere |nieuwe )?(?:producten|artikelen|winkel|collectie|assortiment|merk)",
        r"nieuwe (?:producten|collectie)", r"volg ons op", r"nieuwsbrief\w*", r"schrijf (?:u|je) in voor",
        r"(?:koop|bestel) nu",
    ),
    "pl": (
        r"(?:specjaln|wyjątkow|ekskluzywn|limitowan)\w* (?:ofert|promocj|rabat|zniżk)\w*", r"promocj\w*",
        r"kod\w* rabatow\w*", r"\d+ ?% (?:rabatu|zniżki)", r"(?:wyprzedaż\w*|black friday|cyber monday|prime day)",
        r"(?:zobacz|odkryj|odwiedź|sprawdź) (?:też |również |także )?(?:nasz\w*|inne) (?:inne |nowe |pozostałe )?(?:produkt\w*|artykuł\w*|sklep\w*|kolekcj\w*|asortyment\w*|ofert\w*|mark\w*)",
        r"now\w* (?:produkt|kolekcj)\w*", r"obserwuj nas", r"newsletter\w*", r"zapisz się do", r"(?:kup|zamów) teraz",
    ),
    "sv": (
        r"(?:special)?erbjudande\w*", r"rabattkod\w*", r"\d+ ?% rabatt", r"(?:realisation|black friday|cyber monday|prime day)",
        r"(?:kolla in|upptäck|besök|se) (?:gärna |även )?(?:våra|vår|mina) (?:andra |nya |övriga )?(?:produkter|artiklar|butik|kollektion|sortiment|varumärke)",
        r"nya produkter", r"följ oss på", r"nyhetsbrev\w*", r"prenumerera på", r"(?:köp|handla|beställ) nu",
    ),
    "tr": (
        r"(?:özel|sınırlı|kaçırılmayacak) (?:teklif|indirim|kampanya|fırsat)\w*", r"kampanya\w*",
        r"(?:indirim|kupon|promosyon) kod\w*", r"% ?\d+ indirim", r"\d+ ?% indirim",
        r"(?:black friday|efsane cuma|cyber monday|prime day|sezon sonu)",
        r"(?:diğer|yeni) (?:ürünlerimiz|koleksiyon)\w*", r"mağazamız\w* (?:ziyaret|göz)\w*",
        r"bizi (?:\w+ )?takip ed\w*", r"bülten\w*", r"abone olun", r"hemen (?:satın al|sipariş ver)\w*",
    ),
    "ja": (
        r"セール", r"キャンペーン", r"クーポン", r"割引", r"\d+ ?% ?(?:オフ|off)", r"特価", r"限定(?:価格|セール|特典)",
        r"ブラックフライデー", r"プライムデー", r"他の商品(?:も|を)(?:ご覧|チェック|見て)", r"新商品",
        r"ストア(?:ページ)?(?:を|も)(?:ご覧|チェック|覗いて)",
        r"(?:sns|instagram|インスタ|twitter|ツイッター|tiktok)(?:で|を|も|の)?(?:フォロー|チェック)", r"メルマガ", r"ニュースレター", r"今すぐ購入", r"お買い得",
    ),
    "pt": (
        r"(?:ofertas?|promoç(?:ão|ões)|descontos?) (?:especia(?:l|is)|exclusiv[ao]s?|imperdíve(?:l|is)|limitad[ao]s?)",
        r"cupo(?:m|ns) de desconto", r"código (?:de desconto|promocional)", r"\d+ ?% de desconto",
        r"(?:liquidação|black friday|cyber monday|prime day|queima de estoque)",
        r"(?:confira|conheça|visite|veja|dê uma olhada em) (?:também )?(?:nossos|nossas|nossa|nosso|os outros|outros) (?:outros |novos |novas |demais )?(?:produtos|itens|loja|coleção|catálogo|linha|marca)",
        r"(?:novos produtos|nova coleção|lançamentos)", r"siga nos (?:no|em)", r"newsletter", r"inscreva se",
        r"compre (?:já|agora)",
    ),
    "ar": (
        r"عرض خاص", r"عروض (?:خاصة|حصرية|رائعة)", r"أحدث العروض", r"تخفيض", r"تخفيضات", r"(?:رمز|كود) (?:ال)?خصم", r"كوبون", r"خصم \d+",
        r"الجمعة البيضاء", r"بلاك فرايداي", r"منتجاتنا الأخرى", r"(?:تسوق|اشتر) الآن", r"تابعونا", r"تابعنا على",
        r"النشرة البريدية", r"(?:زوروا|زر|زيارة) متجرنا",
    ),
}
