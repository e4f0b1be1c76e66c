"""The words of Amazon's communication guidelines, per marketplace language, as data for the linter.

Each vocabulary maps a language code to regular expressions. campaigns/linter.py folds both the
patterns and the template the same way before matching (Unicode NFKC, casefold, accents and
Arabic vowel marks dropped, "ı" read as "i", "ł" as "l", Arabic alef forms as one letter, Arabic
digits as 0-9), so patterns are written in natural spelling, accents included, and match the
text whether or not the seller typed the accents. Rules for writing a pattern:

- lower case; a space matches any run of spaces, line breaks and hyphens ("5 star" also matches
  "5-star"), and " ?" matches an optional one ("5 ?star" also matches "5star");
- escapes (\\w, \\d, \\s) are kept as written, only literal characters are folded;
- bounded repetition only ("(?:\\w+ ){0,3}?"), so that no pattern can backtrack for long;
- in the spaced languages a pattern matches whole words only; a pattern that starts with "\\w*"
  matches at the end of a compound too ("\\w*bewertung" finds "Produktbewertung");
  Japanese and Arabic have no spaces (or attach particles to words), so they match anywhere;
- start a pattern with a literal, an alternation "(?:a|b)" (optional or not) or a plain character
  class: the linter builds a prefix tree from those, which keeps forty patterns as fast as one.

Every pattern applies to every template, whatever its language: a word must not be neutral in
another of the twelve languages. That is why bare "gratis", "remise" (French: also "handing
over") or "avis" (also "avis de passage") are not here on their own.

"*" holds patterns that belong to no language (symbols).
"""

LANGUAGES = ("en", "de", "fr", "it", "es", "nl", "pl", "sv", "tr", "ja", "pt", "ar")
UNSPACED = frozenset({"ja", "ar", "*"})

# Wording that asks for a positive, five-star or otherwise favourable review, or asks buyers
# not to leave a negative one. Blocking: Amazon forbids asking for positive reviews only.
POSITIVE_ONLY: dict[str, tuple[str, ...]] = {
    "*": (r"★ ?★ ?★ ?★", r"⭐ ?⭐ ?⭐ ?⭐", r"☆ ?☆ ?☆ ?☆ ?☆"),
    "en": (
        r"(?:5|five) ?stars?",
        r"(?:positive|good|great|glowing|excellent|favou?rable|perfect|top) (?:\w+ )?(?:reviews?|feedback|ratings?)",
        r"(?:full|top|highest|maximum|max) (?:marks|stars|rating)",
        r"(?:don't|do not|please don't|never) (?:leave|write|give|post) (?:us )?(?:a |any )?(?:negative|bad|poor|neutral|low|1 ?star|one ?star)",
        r"only if you(?:'re| are| were| feel| felt)? (?:\w+ )?(?:happy|satisfied|pleased|delighted)",
    ),
    "de": (
        r"(?:5|fünf) ?stern\w*",
        r"(?:positive|gute|tolle|super|sehr gute)[nrs]? (?:\w+ )?(?:bewertung|rezension|feedback|kritik)\w*",
        r"(?:positiv|gut) (?:zu )?bewerte\w*",
        r"(?:nur|bitte nur) (?:dann )?(?:wenn|falls) (?:sie|du) (?:\w+ ){0,3}?(?:zufrieden|glücklich|begeistert)",
        r"keine (?:negative|schlechte)[nr]? (?:bewertung|rezension|feedback|kritik)\w*",
    ),
    "fr": (
        r"(?:5|cinq) ?étoiles?",
        r"(?:avis|commentaires?|évaluations?|notes?|critiques?) (?:très )?(?:positi(?:f|ve|fs|ves)|favorables?|élogieu\w*|excellente?s?)",
        r"(?:bons?|bonnes?|excellente?s?) (?:avis|commentaires?|évaluations?|notes?)",
        r"(?:seulement|uniquement) si vous (?:êtes|avez été) (?:\w+ )?(?:satisfait|content|ravi)e?s?",
        r"(?:pas|aucun|aucune) (?:d'|de )?(?:avis|commentaire|évaluation|note)s? négati\w*",
    ),
    "it": (
        r"(?:5|cinque) ?stelle",
        r"(?:recension[ei]|valutazion[ei]|feedback|giudizi?o?|commenti?o?) (?:molto )?(?:positiv[aeio]|favorevol[ei]|ottim[aeio]|a 5 stelle)",
        r"(?:buona|ottima|bella) (?:recensione|valutazione)",
        r"solo se (?:sei|siete|è|sei stato|sei stata|siete stati) (?:\w+ )?soddisfatt[oaie]",
        r"non (?:lasciare|lasciarci|scrivere) (?:una )?(?:recensione|valutazione) negativa",
    ),
    "es": (
        r"(?:5|cinco) ?estrellas",
        r"(?:reseñas?|opinión|opiniones|valoración|valoraciones|calificación|calificaciones|comentarios?|críticas?) (?:muy )?(?:positiv[ao]s?|favorables?|buen[ao]s?|excelentes?)",
        r"(?:buena|excelente|buenas) (?:reseñas?|opinión|opiniones|valoración|calificación)",
        r"solo si (?:está|estás|están|ha quedado|has quedado|quedó|quedaste) (?:\w+ )?(?:satisfech|content)[oa]s?",
        r"no (?:deje|dejes|nos deje) (?:una )?(?:reseña|opinión|valoración) negativa",
    ),
    "nl": (
        r"(?:5|vijf) ?sterren",
        r"(?:positieve|goede|lovende) (?:review|recensie|beoordeling|feedback|waardering)s?",
        r"alleen (?:als|wanneer) (?:u|je|jij) (?:\w+ ){0,3}?(?:tevreden|blij) (?:bent|was)",
        r"geen (?:negatieve|slechte) (?:review|recensie|beoordeling)",
    ),
    "pl": (
        r"(?:5|pięć) ?gwiazd\w*",
        r"(?:pozytywn|pochlebn|dobr)\w* (?:opini|recenzj|ocen|komentarz)\w*",
        r"(?:opini|recenzj|ocen|komentarz)\w* (?:pozytywn|pochlebn)\w*",
        r"tylko (?:jeśli|jeżeli|gdy) (?:jesteś|jest pan|jest pani|jesteście) (?:\w+ )?zadowolon\w*",
        r"nie (?:wystawiaj|zostawiaj) (?:negatywn|złej|zł)\w*",
    ),
    "sv": (
        r"(?:5|fem) ?stjärn\w*",
        r"(?:positiv[at]?|bra|fin[at]?) (?:recension|omdöme|betyg|feedback)\w*",
        r"(?:högt|högsta) betyg", r"toppbetyg",
        r"(?:bara|endast) om du (?:är|var|blev) (?:\w+ )?nöjd",
    ),
    "tr": (
        r"(?:5|beş) ?yıldız\w*",
        r"(?:olumlu|iyi|güzel|yüksek|pozitif) (?:yorum|değerlendirme|puan|geri bildirim)\w*",
        r"tam puan\w*",
        r"(?:sadece|yalnızca) memnun (?:kaldıysanız|iseniz|kaldığınız)",
        r"olumsuz (?:yorum|değerlendirme|puan)\w* (?:yapmayın|bırakmayın|vermeyin)",
    ),
    "ja": (
        r"星 ?[5５五](?:つ)?", r"[5５五]つ星", r"★5", r"高評価", r"良い評価", r"よい評価", r"いい評価",
        r"良いレビュー", r"よいレビュー", r"ポジティブな(?:レビュー|評価|感想)", r"満点", r"最高評価",
        r"低評価(?:は|を)(?:しないで|つけないで|控えて)",
    ),
    "pt": (
        r"(?:5|cinco) ?estrelas",
        r"(?:avaliaç(?:ão|ões)|opini(?:ão|ões)|comentários?|resenhas?|feedback) (?:muito )?(?:positiv[ao]s?|favoráve(?:l|is)|ótim[ao]s?|excelentes?)",
        r"(?:boa|ótima|excelente|boas) (?:avaliaç(?:ão|ões)|resenhas?|opini(?:ão|ões))",
        r"(?:somente|só|apenas) se (?:você )?(?:estiver|ficou|está|ficar) (?:\w+ )?satisfeit[oa]s?",
        r"não (?:deixe|deixem) (?:uma )?(?:avaliação|opinião) negativa",
    ),
    "ar": (
        r"[5٥] نجوم", r"خمس(?:ة)? نجوم", r"(?:تقييم|مراجعة|تعليق|رأي)(?:ا|ًا)? (?:إيجابي|ممتاز|عال)",
        r"العلامة الكاملة", r"لا تترك(?:وا)? تقييم(?:ا)? سلبي",
    ),
}

# "If you are happy / satisfied / like it": a positive condition. Only a finding when a review
# word stands in the same or the next sentence ("If you're happy with it, please leave a review"):
# asking only satisfied buyers is asking for positive reviews only. Negated conditions ("if you
# are not satisfied") do not match these patterns.
SATISFIED_CONDITION: dict[str, tuple[str, ...]] = {
    "en": (
        r"if you(?:'re| are| were|'ve been| have been) (?:(?!not |never )\w+ )?(?:happy|satisfied|pleased|delighted|enjoying|thrilled)",
        r"if you (?:enjoyed|enjoy|love|loved|like|liked) \w+",
        r"(?:loved|enjoyed|liked|enjoying|happy with|satisfied with|pleased with) (?:\w+ ){0,2}?\w+ ?\?",
        r"if (?:you (?:had|have had|'ve had)|your \w+ was) (?:a )?(?:good|great|positive|pleasant|nice|wonderful)",
        r"if everything (?:was|is|went) (?:ok|okay|fine|good|great|well|perfect|to your (?:liking|satisfaction))",
    ),
    "de": (
        r"(?:wenn|falls|sofern) (?:sie|du|ihr) (?:mit (?:(?!nicht )\w+ ){1,3})?(?:zufrieden|glücklich|begeistert) (?:sind|seid|bist|waren|warst)",
        r"sollten sie (?:mit (?:(?!nicht )\w+ ){1,3})?(?:zufrieden|begeistert) sein",
        r"(?:wenn|falls) (?:ihnen|dir|euch) (?:(?!nicht )\w+ ){0,3}?(?:gefällt|gefallen hat|zusagt)",
        r"(?:gefällt|gefiel) (?:ihnen|dir) (?:\w+ ){0,3}?\w+ ?\?", r"(?:zufrieden|begeistert) (?:mit|von) (?:\w+ ){0,2}?\w+ ?\?",
    ),
    "fr": (
        r"si vous (?:êtes|avez été|étiez) (?:(?!pas )\w+ )?(?:satisfait|content|ravi|heureu[xs]|heureuse|enchanté)e?s?",
        r"si (?:le produit |l'article |votre achat |votre commande |cela |ça )?vous (?:plaît|a plu|convient)",
        r"si vous (?:aimez|avez aimé|appréciez|avez apprécié)",
        r"(?:satisfaite?s?|contente?s?|ravie?s?) (?:de|du) (?:\w+ ){0,2}?\w+ ?\?", r"vous (?:avez aimé|aimez) (?:\w+ ){0,2}?\w+ ?\?",
    ),
    "it": (
        r"se (?:sei|siete|è|sei stato|sei stata|siete stati|è stato|è stata) (?:(?!non )\w+ )?soddisfatt[oaie]",
        r"se (?:il prodotto |l'articolo |l'acquisto )?(?:ti|vi|le) (?:è piaciuto|è piaciuta|piace|sono piaciuti)",
        r"(?:ti|vi|le) (?:è piaciuto|è piaciuta) (?:\w+ ){0,2}?\w+ ?\?",
    ),
    "es": (
        r"si (?:está|estás|están|ha quedado|has quedado|quedó|quedaste|se siente) (?:(?!no )\w+ )?(?:satisfech|content)[oa]s?",
        r"si (?:el producto |el artículo |su compra |tu compra )?(?:le|te|les) (?:gustó|ha gustado|gusta|encantó|ha encantado)",
        r"¿(?:le|te) (?:gustó|ha gustado|encantó|ha encantado) (?:\w+ ){0,2}?\w+ ?\?",
    ),
    "nl": (
        r"als (?:u|je|jij) (?:(?!niet )\w+ ){0,4}?(?:tevreden|blij) (?:bent|was|bent geweest)",
        r"als (?:het product |het artikel |het )?(?:u|je) (?:bevalt|bevallen is|is bevallen)",
    ),
    "pl": (
        r"(?:jeśli|jeżeli|gdy) (?:jesteś|jesteście|jest pan|jest pani|byłeś|byłaś|był pan|była pani) (?:\w+ )?zadowolon\w*",
        r"(?:jeśli|jeżeli) (?:produkt |zakup )?(?:ci|panu|pani|wam) się (?:podoba|spodobał)\w*",
    ),
    "sv": (
        r"om du (?:är|var|blev|har blivit) (?:(?!inte )\w+ )?nöjd",
        r"om du (?:gillar|gillade|tycker om|tyckte om|är glad)",
    ),
    "tr": (
        r"memnun (?:kaldıysanız|kaldıysan|iseniz|isen|kaldığınız takdirde)",
        r"(?:beğendiyseniz|beğendiysen|hoşunuza gittiyse|memnun olduysanız)",
    ),
    "ja": (
        r"(?:ご)?満足(?:いただけ|頂け)(?:まし)?たら", r"(?:ご)?満足(?:いただけた|頂けた|された)(?:場合|方|なら)",
        r"気に入って(?:いただけ|頂け)(?:まし)?たら", r"気に入って(?:いただけた|頂けた)(?:場合|方|なら)",
        r"お気に召しましたら", r"お気に召した(?:場合|なら)",
    ),
    "pt": (
        r"se (?:você )?(?:estiver|ficou|está|ficar|tiver ficado) (?:(?!não )\w+ )?satisfeit[oa]s?",
        r"se (?:você )?(?:gostou|gostar|amou)",
        r"(?:gostou|amou) (?:\w+ ){0,2}?\w+ ?\?",
        r"se (?:o produto |a compra )?(?:te |lhe )?agradou",
    ),
    "ar": (
        r"(?:إذا|إن|لو) كنت (?:راض|سعيد|مسرور)", r"(?:إذا|إن|لو) (?:أعجبك|نال إعجابك)", r"في حال رضاك",
    ),
}

# Review and feedback words: any mention. Used only together with a condition (above) or a
# reward (below) in the same or a neighbouring sentence.
REVIEW_WORDS: dict[str, tuple[str, ...]] = {
    "*": (),
    "en": (r"reviews?", r"reviewing", r"feedback", r"ratings?", r"rate", r"stars?", r"testimonials?"),
    "de": (r"\w*bewertung\w*", r"bewerte\w*", r"\w*rezension\w*", r"rezensier\w*", r"feedback", r"stern\w*", r"kundenmeinung\w*"),
    "fr": (r"avis", r"commentaires?", r"évaluations?", r"évalue[rz]?", r"étoiles?", r"feedback", r"critiques?"),
    "it": (r"recension[ei]", r"valutazion[ei]", r"valuta\w*", r"feedback", r"stelle", r"opinion[ei]", r"giudizi?o?"),
    "es": (r"reseñas?", r"opinión", r"opiniones", r"valoraci(?:ón|ones)", r"valor[ae]r?", r"calificaci(?:ón|ones)", r"califica\w*", r"estrellas", r"comentarios?"),
    "nl": (r"reviews?", r"recensie\w*", r"\w*beoordeling\w*", r"beoordel\w*", r"feedback", r"sterren", r"waardering\w*"),
    "pl": (r"recenzj\w*", r"opini\w*", r"ocen\w*", r"komentarz\w*", r"gwiazd\w*", r"feedback"),
    "sv": (r"\w*recension\w*", r"omdöme\w*", r"betyg\w*", r"feedback", r"stjärn\w*"),
    "tr": (r"yorum\w*", r"değerlendirme\w*", r"puan\w*", r"geri bildirim\w*", r"yıldız\w*"),
    "ja": (r"レビュー", r"評価", r"感想", r"口コミ", r"クチコミ", r"フィードバック", r"星"),
    "pt": (r"avalia\w*", r"avalie\w*", r"resenhas?", r"opini(?:ão|ões)", r"comentários?", r"feedback", r"estrelas"),
    "ar": (r"تقييم", r"مراجع", r"رأي", r"آراء", r"تعليق", r"نجوم"),
}

# Asking for a review or feedback, narrowly: verbs of leaving/writing with a review noun, and
# nouns that only mean a review. Blocking in a critical message, where "please review the proof"
# or "your feedback on the design" are ordinary customization wording and must stay allowed.
REVIEW_REQUEST: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:leave|leaving|write|writing|post|posting|submit|submitting|add|adding|drop|dropping)(?: us| me)? (?:\w+ ){0,3}?(?:reviews?|feedback|ratings?)",
        r"(?:give|giving|share|sharing)(?: us| me)? (?:\w+ ){0,3}?(?:reviews?|ratings?)",
        r"(?:product|customer|seller|honest|quick|short|brief) (?:reviews?|ratings?)",
        r"seller feedback",
        r"review (?:us|it|the product|the item|our (?:product|item|shop|store)|(?:it |us )?on amazon)",
        r"(?:reviews?|ratings?|feedback) (?:on|at) amazon",
        r"rate (?:us|it|the product|the item|your (?:purchase|order|experience)|(?:it |us )?on amazon)",
        r"star rating",
    ),
    "de": (
        r"\w*bewertung\w*", r"\w*rezension\w*", r"bewerten", r"rezensieren",
        r"feedback (?:\w+ ){0,2}?(?:hinterlassen|abgeben)", r"verkäufer ?feedback",
    ),
    "fr": (
        r"(?:laisser|laissez|publier|publiez|rédiger|rédigez|écrire|écrivez)(?: nous)? (?:\w+ ){0,3}?(?:avis|commentaires?|évaluations?)",
        r"avis (?:client|clients|produit|vendeur|sur amazon|sur le produit|sur l'article)",
        r"évaluations? (?:vendeur|du produit|sur amazon)",
        r"(?:évaluer|évaluez|noter|notez) (?:\w+ ){0,2}?(?:produit|article|achat|vendeur|expérience|boutique|sur amazon)",
        r"commentaires? (?:client|sur amazon)",
    ),
    "it": (
        r"(?:lasciare|lascia|lasciaci|lasciarci|scrivere|scrivi|scriverci|pubblicare|pubblica) (?:\w+ ){0,3}?(?:recensione|valutazione|feedback|giudizio)",
        r"recension[ei]",
        r"valutazion[ei] (?:su amazon|del prodotto|del venditore|venditore)",
        r"feedback (?:su amazon|del venditore|venditore)",
        r"(?:valuta|valutare|valutarci) (?:il prodotto|l'articolo|il nostro|la tua esperienza|il tuo acquisto|su amazon)",
    ),
    "es": (
        r"(?:dejar|deje|deja|déjenos|déjanos|dejarnos|escribir|escriba|escribe|publicar|publique|publica) (?:\w+ ){0,3}?(?:opinión|valoración|calificación|comentario|reseña)",
        r"reseñas?",
        r"(?:valoraci(?:ón|ones)|opini(?:ón|ones)|calificaci(?:ón|ones)) (?:en amazon|del producto|de (?:vendedor|cliente)s?)",
        r"(?:valorar|valore|valora|calificar|califique|califica) (?:\w+ ){0,2}?(?:producto|artículo|compra|vendedor|experiencia|en amazon)",
    ),
    "nl": (
        r"(?:review|recensie|beoordeling)s? (?:\w+ ){0,2}?(?:achterlaten|schrijven|plaatsen|geven)",
        r"(?:schrijf|plaats|laat) (?:\w+ ){0,3}?(?:review|recensie|beoordeling)",
        r"recensie\w*", r"(?:product|klant|verkopers?)beoordeling\w*",
        r"(?:review|beoordeling|recensie) op amazon", r"beoordeel (?:ons|het product|uw aankoop|je aankoop)",
    ),
    "pl": (
        r"(?:wystaw|wystawić|zostaw|zostawić|napisz|napisać|dodaj|dodać|podziel się) (?:\w+ ){0,3}?(?:opini|recenzj|ocen|komentarz)\w*",
        r"(?:opini|recenzj|ocen)\w* (?:na amazon|o produkcie|sprzedawcy|produktu)",
        r"oceń (?:\w+ ){0,2}?(?:produkt|zakup|nas|sprzedawcę)", r"recenzj\w*",
    ),
    "sv": (
        r"(?:lämna|skriv|skriva|ge|sätt) (?:\w+ ){0,3}?(?:recension|omdöme|betyg)\w*",
        r"\w*recension\w*", r"(?:omdöme|betyg)\w* (?:på amazon|om produkten|för produkten)", r"betygsätt\w*",
    ),
    "tr": (
        r"yorum\w* (?:\w+ ){0,2}?(?:yapın|yapmanız|bırakın|bırakmanız|yazın|yazmanız|paylaşın|paylaşmanız)",
        r"(?:ürün|satıcı) (?:yorum|değerlendirme|puan)\w*",
        r"değerlendirme\w* (?:yapın|yapmanız|bırakın|bırakmanız)",
        r"amazon'?(?:da|ta|daki) (?:\w+ ){0,2}?(?:yorum|değerlendir|puan)\w*",
        r"puan (?:verin|vermeniz|verebilir)\w*",
    ),
    "ja": (r"レビュー", r"評価", r"口コミ", r"クチコミ", r"星を", r"ご感想"),
    "pt": (
        r"(?:deixar|deixe|escrever|escreva|publicar|publique) (?:\w+ ){0,3}?(?:avaliação|opinião|comentário|resenha)",
        r"avaliaç(?:ão|ões) (?:na amazon|do produto|do vendedor)",
        r"(?:avaliar|avalie|avaliem) (?:\w+ ){0,2}?(?:produto|compra|pedido|vendedor|experiência|na amazon)",
        r"resenhas?",
    ),
    "ar": (
        r"(?:اترك|اتركي|ترك|اكتب|كتابة|شارك|مشاركة)\w* (?:\w+ ){0,2}?(?:تقييم|مراجعة|رأيك|تعليق)",
        r"تقييم", r"مراجعة (?:للمنتج|المنتج|على أمازون)", r"آراء العملاء",
    ),
}

# Something of value offered to the buyer. With a review word in the same or a neighbouring
# sentence it is an incentive for a review (blocking); alone it is marketing at most.
# Left out on purpose, because honest messages say them next to a review request: refunds and
# "money back" ("if it arrived damaged we refund you"; only "refund ... after your review" shapes
# are here), "free" returns ("for free", "gratuitement"), "réduction" (also "noise reduction"),
# a bare "プレゼント" (also "bought as a present") and a bare "مقابل" ("cash on delivery").
REWARDS: dict[str, tuple[str, ...]] = {
    "en": (
        r"gift ?cards?", r"vouchers?", r"coupons?", r"(?:promo|promotional|discount|coupon|voucher) codes?",
        # A bare "Discount" is as often a product title ("Discount Tire Gauge") as an offer.
        r"(?:a|an|\d+ ?%) discounts?", r"discounts? (?:on|for|of|off|codes?)", r"\d+ ?% off",
        r"free (?:gift|product|item|sample|unit|bottle|pack|copy|one)s?",
        r"(?:get|receive) (?:\w+ ){0,3}?for free",
        r"(?:a |an )?(?:small |little )?(?:gift|present|reward|bonus|thank ?you gift) (?:for you|in return)",
        r"in (?:exchange|return) for", r"(?:refund|reimburse)\w* (?:\w+ ){0,3}?(?:once|after|when|as soon as) you",
        r"cash ?back", r"rewards?", r"giveaway", r"raffle", r"sweepstakes?", r"chance to win",
        r"(?:get|receive|win) (?:a|an|your) (?:\w+ ){0,2}?(?:gift|prize|reward|bonus)",
    ),
    "de": (
        r"gutschein\w*", r"geschenkkarte\w*", r"\w*rabatt\w*", r"\d+ ?% (?:rabatt|nachlass)",
        r"(?:gratis|kostenlos|kostenfrei)\w* (?:produkt|artikel|geschenk|probe|muster|exemplar)\w*",
        r"(?:ein )?(?:kleines )?(?:geschenk|präsent) (?:für sie|für dich|als dankeschön)",
        r"als dankeschön (?:erhalten|bekommen|schenken|senden|schicken)", r"im austausch (?:für|gegen)",
        r"als gegenleistung", r"cashback", r"belohnung\w*", r"gewinnspiel\w*", r"verlosung\w*",
        r"(?:erstatten|zurückerstatten) (?:wir|ihnen) (?:\w+ ){0,3}?(?:sobald|nachdem|wenn) sie",
    ),
    "fr": (
        r"cartes? cadeaux?", r"bons? (?:d'achat|de réduction|cadeaux?)", r"codes? (?:promo|promotionnels?|de réduction)",
        r"(?:une|votre) réduction (?:de \d+|sur)", r"\d+ ?% de (?:réduction|remise)", r"coupons?",
        r"(?:produits?|articles?|échantillons?|cadeaux?) (?:gratuits?|offerts?)",
        r"(?:un )?(?:petit )?cadeau (?:pour vous|en remerciement)", r"en échange (?:de|d'|du)", r"en contrepartie",
        r"rembours\w* (?:\w+ ){0,3}?(?:après|dès que|une fois que|lorsque) vous", r"récompense\w*", r"concours",
        r"tirage au sort",
    ),
    "it": (
        r"buon[oi] (?:regalo|sconto|acquisto)", r"carta regalo", r"codic[ei] (?:sconto|promozionale|promo)",
        r"scont[oi]", r"\d+ ?% di sconto", r"coupon",
        r"(?:prodotto|articolo|campione|regalo) (?:gratuito|gratis|in omaggio)", r"in omaggio",
        r"in cambio (?:di|della|del|dello)", r"rimbors\w* (?:\w+ ){0,3}?(?:dopo|appena|quando) (?:che )?(?:avrai|avrà|hai|ha)",
        r"(?:un )?(?:piccolo )?regalo per (?:te|voi|lei)", r"concorso", r"premio",
    ),
    "es": (
        r"tarjetas? (?:de )?regalo", r"cheques? regalo", r"vales? (?:de descuento|regalo)",
        r"códigos? (?:de descuento|promocional(?:es)?)", r"cup(?:ón|ones)", r"descuentos?", r"\d+ ?% de descuento",
        r"(?:productos?|artículos?|muestras?|regalos?|unidad(?:es)?) gratis", r"a cambio de",
        r"reembols\w* (?:\w+ ){0,3}?(?:después de que|cuando|una vez que) (?:usted |tú )?(?:deje|dejes|escriba|publique)",
        r"recompensas?", r"sorteo", r"(?:un )?(?:pequeño )?regalo para (?:usted|ti)",
    ),
    "nl": (
        r"cadeaubon\w*", r"cadeaukaart\w*", r"waardebon\w*", r"kortingscode\w*", r"korting\w*", r"\d+ ?% korting",
        r"coupon\w*", r"gratis (?:product|artikel|cadeau|monster|exemplaar)\w*",
        r"(?:een )?(?:klein )?cadeau(?:tje)? voor (?:u|je|jou)", r"in ruil voor", r"als tegenprestatie",
        r"beloning\w*", r"winactie", r"verloting",
    ),
    "pl": (
        r"kart\w* podarunkow\w*", r"bon\w* (?:podarunkow|rabatow|zakupow)\w*", r"kod\w* rabatow\w*", r"rabat\w*",
        r"zniżk\w*", r"\d+ ?% (?:rabatu|zniżki)", r"kupon\w*",
        r"(?:darmow|bezpłatn)\w* (?:produkt|prezent|próbk|egzemplarz|upominek)\w*",
        r"(?:otrzymasz|dostaniesz|wyślemy) (?:\w+ )?(?:gratis|prezent|upominek)\w*", r"w zamian za", r"nagrod\w*",
        r"konkurs\w*", r"(?:mały |drobny )?(?:prezent|upominek) (?:dla (?:ciebie|pana|pani|was))",
    ),
    "sv": (
        r"presentkort\w*", r"rabattkod\w*", r"rabatt\w*", r"\d+ ?% rabatt", r"kupong\w*",
        r"gratis (?:produkt|present|prov|exemplar|vara)\w*", r"(?:en )?(?:liten )?present (?:till dig|till er)",
        r"i utbyte mot", r"i gengäld", r"belöning\w*", r"tävling\w*",
    ),
    "tr": (
        r"hediye (?:kartı|çeki)\w*", r"(?:ücretsiz|bedava) (?:ürün|hediye|numune)\w*", r"indirim\w*",
        r"\d+ ?% indirim", r"% ?\d+ indirim", r"kupon\w*", r"(?:indirim|kupon|promosyon) kod\w*", r"karşılığında",
        r"ödül\w*", r"çekiliş\w*", r"size (?:bir |küçük bir )?hediye",
    ),
    "ja": (
        r"ギフト券", r"ギフトカード", r"アマゾンギフト", r"商品券", r"クーポン", r"割引", r"\d+ ?% ?(?:オフ|off)",
        r"値引き", r"無料(?:で)?(?:プレゼント|提供|サンプル|商品)", r"(?:を|もれなく|抽選で)プレゼント",
        r"プレゼント(?:いたします|致します|します|キャンペーン)", r"特典", r"謝礼",
        r"キャッシュバック", r"ポイント(?:を)?(?:付与|プレゼント)", r"引き換え", r"引換", r"見返り", r"お礼として",
    ),
    "pt": (
        r"cart(?:ão|ões) ?presente", r"vale ?presente", r"cupo(?:m|ns)", r"código (?:de desconto|promocional)",
        r"descontos?", r"\d+ ?% de desconto", r"(?:produtos?|itens?|amostras?|brindes?) grátis", r"brindes?",
        r"em troca (?:de|da|do)", r"recompensas?", r"sorteio",
        r"(?:um )?(?:pequeno )?presente para (?:você|vc)",
    ),
    "ar": (
        r"بطاقة هدية", r"بطاقات هدايا", r"هدية (?:مجانية|لك|لكم)", r"قسيمة", r"كوبون", r"(?:رمز|كود) (?:ال)?خصم",
        r"خصم", r"منتج مجاني", r"(?:هدية|منتج|عينة) (?:مجانا|مجانًا)", r"مقابل (?:تقييم|مراجعة|رأيك|تعليق)", r"مكافأة",
    ),
}

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

# Unsubscribe / opt-out wording and links. Blocking: buyers opt out in their Amazon account, and a
# seller's own mechanism is forbidden.
OPT_OUT: dict[str, tuple[str, ...]] = {
    "en": (
        r"unsubscrib\w*", r"opt(?:ed|ing)? ?out",
        r"(?:stop|no longer) receiv\w* (?:these |our |such |further |any |more )*(?:messages|emails|e-mails|mails)",
        r"(?:don't|do not|no longer) (?:want|wish|like) to (?:receive|get) (?:any )?(?:more |further |these |our )*(?:messages|emails|e-mails)",
        r"remove (?:you|yourself) from (?:our|the|this) (?:mailing )?list", r"reply (?:with )?[\"']?stop",
    ),
    "de": (
        r"abmelden", r"abmeldung\w*", r"abbestell\w*",
        r"aus (?:der|dem|unserer|unserem) (?:liste|verteiler|newsletter|mailingliste) (?:zu )?austragen",
        r"(?:keine|nicht mehr) (?:weiteren )?(?:nachrichten|e-mails|emails|mails) (?:mehr )?(?:erhalten|bekommen|empfangen)",
    ),
    "fr": (
        r"désabonner", r"désabonnez vous", r"désabonnement", r"désinscri\w*", r"désinscription",
        r"ne (?:plus|pas) recevoir (?:nos |de |ces |d')?(?:messages|e-mails|emails|courriels)",
        r"ne souhaitez plus recevoir",
    ),
    "it": (
        r"annulla(?:re)? (?:l'|la )?iscrizione", r"disiscriv\w*",
        r"cancella(?:re|ti)? (?:dalla|dalle) (?:lista|newsletter|mailing list)",
        r"non (?:desideri|vuoi|desidera|vuole) (?:più )?ricevere", r"disattiva(?:re)? (?:le )?(?:notifiche|comunicazioni)",
    ),
    "es": (
        r"(?:darse|darte|dese|date|darme|darnos) de baja", r"(?:cancelar|anular) (?:la |su )?suscripción",
        r"no (?:desea|quiere|deseas|quieres) recibir (?:más )?(?:mensajes|correos|emails|e-mails)",
        r"dejar de recibir",
    ),
    "nl": (
        r"uitschrijven", r"uitschrijving", r"afmelden", r"afmelding",
        r"geen (?:berichten|e-mails|mails) meer (?:\w+ )?ontvangen",
    ),
    "pl": (
        r"wypisz się", r"wypisać się", r"wypisanie", r"anuluj subskrypcję", r"rezygnacja z subskrypcji",
        r"zrezygnuj z (?:subskrypcji|otrzymywania)", r"nie (?:chcesz|chce pan|chce pani|chcecie) (?:już )?otrzymywać",
    ),
    "sv": (
        r"avregistrera\w*", r"avprenumerera\w*", r"avsluta (?:din |er )?prenumeration",
        r"sluta ta emot (?:meddelanden|mejl|e-post)",
        r"inte (?:längre )?(?:vill|önskar) (?:ta emot|få) (?:fler )?(?:meddelanden|mejl|e-post)",
    ),
    "tr": (
        r"abonelikten çık\w*", r"aboneliğ\w* iptal", r"listeden çık\w*", r"(?:mesaj|e-posta|eposta|bildirim)\w* almak istemiyorsanız",
    ),
    "ja": (
        r"配信停止", r"配信解除", r"購読解除", r"購読停止", r"受信拒否",
        r"(?:メッセージ|メール)(?:の)?(?:受信|配信)(?:を)?(?:停止|希望しない|ご希望でない)", r"オプトアウト",
    ),
    "pt": (
        r"cancelar (?:a |sua )?inscrição", r"descadastr\w*", r"cancelar (?:a |sua )?assinatura",
        r"não (?:deseja|quer|desejar) (?:mais )?receber", r"parar de receber", r"sair da lista",
    ),
    "ar": (
        r"إلغاء الاشتراك", r"إيقاف (?:الرسائل|استلام)", r"(?:إذا|إن) (?:كنت )?لا (?:ترغب|تريد) في (?:تلقي|استلام)",
    ),
}

# "Contact us before you leave feedback", "no negative reviews please": steering feedback. Amazon
# discourages it but allows asking buyers to contact the seller about a problem, so a warning.
FEEDBACK_DIVERSION: dict[str, tuple[str, ...]] = {
    "en": (
        r"before (?:you )?(?:leav|writ|post|giv|submit|rat)\w* (?:\w+ ){0,3}?(?:reviews?|feedback|ratings?)",
        r"instead of (?:leav|writ|post|giv)\w* (?:\w+ ){0,2}?(?:reviews?|feedback|ratings?)",
        r"(?:negative|bad|poor|neutral|low|1 ?star|one ?star) (?:reviews?|feedback|ratings?)",
    ),
    "de": (
        r"bevor sie (?:\w+ ){0,4}?(?:bewertung|rezension|feedback|bewerten)\w*",
        r"(?:negative|schlechte|neutrale)[nrs]? (?:bewertung|rezension|feedback|kritik)\w*",
        r"(?:statt|anstatt) (?:einer |eine )?(?:\w+ )?(?:bewertung|rezension)\w*",
    ),
    "fr": (
        r"avant de (?:laisser|donner|publier|rédiger|écrire|poster) (?:\w+ ){0,3}?(?:avis|commentaire|évaluation|note)",
        r"(?:avis|commentaires?|évaluations?|notes?) (?:négati|neutre|mauvais)\w*", r"mauvais (?:avis|commentaires?)",
    ),
    "it": (
        r"prima di (?:lasciare|scrivere|pubblicare|dare) (?:\w+ ){0,3}?(?:recensione|valutazione|feedback|giudizio)",
        r"(?:recension[ei]|valutazion[ei]|feedback|giudizi?o?) (?:negativ|neutr)\w*",
    ),
    "es": (
        r"antes de (?:dejar|escribir|publicar|dar) (?:\w+ ){0,3}?(?:reseña|opinión|valoración|calificación|comentario)",
        r"(?:reseñas?|opini(?:ón|ones)|valoraci(?:ón|ones)|calificaci(?:ón|ones)|comentarios?) (?:negativ|neutr)\w*",
        r"mala (?:reseña|opinión|valoración|calificación)",
    ),
    "nl": (
        r"voordat (?:u|je) (?:\w+ ){0,4}?(?:review|recensie|beoordeling|feedback)",
        r"(?:negatieve|slechte|neutrale) (?:review|recensie|beoordeling|feedback)\w*",
    ),
    "pl": (
        r"(?:zanim|przed) (?:\w+ ){0,4}?(?:opini|recenzj|ocen|komentarz)\w*",
        r"(?:negatywn|neutraln|zł)\w* (?:opini|recenzj|ocen|komentarz)\w*",
    ),
    "sv": (
        r"innan du (?:\w+ ){0,4}?(?:recension|omdöme|betyg|feedback)\w*",
        r"(?:negativ|dålig|neutral)\w* (?:recension|omdöme|betyg|feedback)\w*",
    ),
    "tr": (
        r"(?:yorum|değerlendirme|puan)\w* (?:yapmadan|bırakmadan|vermeden|yazmadan) önce",
        r"(?:olumsuz|kötü|nötr) (?:yorum|değerlendirme|puan|geri bildirim)\w*",
    ),
    "ja": (r"(?:レビュー|評価)(?:を)?(?:書く|投稿する|つける|する|される)前に", r"低評価", r"悪い評価", r"悪いレビュー"),
    "pt": (
        r"antes de (?:deixar|escrever|publicar|dar) (?:\w+ ){0,3}?(?:avaliação|opinião|comentário|resenha|feedback)",
        r"(?:avaliaç(?:ão|ões)|opini(?:ão|ões)|comentários?|resenhas?|feedback) (?:negativ|neutr|ruim)\w*",
    ),
    "ar": (r"قبل (?:ترك|كتابة|نشر|إعطاء) (?:أي )?(?:تقييم|مراجعة|تعليق)", r"(?:تقييم|تعليق|مراجعة)(?:ا)? سلبي"),
}

# For "thank you"-only messages: thanks, greetings and sign-offs are removed from the text; if
# (besides template expressions) fewer than a handful of words remain, the message only thanks.
THANKS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:a |our )?(?:big |huge |heartfelt )?thank(?:s| you)(?: (?:so|very) much| a lot| again| kindly)?",
        r"many thanks", r"thx",
        r"(?:we|i) (?:really |truly |greatly |sincerely )?(?:appreciate|value) (?:it|you|your (?:\w+ )?(?:business|order|purchase|support|trust|custom))",
        r"(?:for|on) (?:your|the) (?:recent )?(?:order|purchase|business|support|trust)(?: of| from| with us| at)?",
        r"for (?:buying|purchasing|ordering|choosing|shopping)(?: (?:with|from|at))?(?: us| our (?:store|shop))?",
    ),
    "de": (
        r"(?:vielen|herzlichen|besten|recht herzlichen|tausend) dank", r"danke(?:schön| sehr| schön)?",
        r"(?:wir )?(?:bedanken uns|danken ihnen|danken dir)",
        r"für (?:ihre|ihren|deine|deinen|den|die) (?:\w+ )?(?:bestellung|einkauf|kauf|vertrauen)",
        r"dass sie (?:bei uns )?(?:bestellt|gekauft|eingekauft) haben", r"bei uns",
    ),
    "fr": (
        r"merci(?: beaucoup| infiniment| encore)?", r"(?:nous )?(?:vous )?remercions(?: vivement| sincèrement)?",
        r"(?:je|nous) vous remerci\w*", r"pour (?:votre|vos) (?:\w+ )?(?:commande|achats?|confiance)",
        r"d'avoir (?:commandé|acheté|choisi \w+)(?: chez nous)?",
    ),
    "it": (
        r"grazie(?: mille| ancora| di cuore| tante)?", r"(?:ti|la|vi) ringrazi\w*", r"ringraziamo\w*",
        r"per (?:il (?:tuo|suo|vostro) (?:\w+ )?(?:ordine|acquisto)|la (?:tua|sua|vostra) fiducia|aver (?:acquistato|ordinato|scelto) \w*)",
    ),
    "es": (
        r"(?:muchas )?gracias(?: de nuevo| otra vez)?", r"(?:le |te )?agradecemos",
        r"por (?:su|tu) (?:\w+ )?(?:compra|pedido|confianza)", r"por (?:comprar|confiar|elegir\w*)(?: en)?(?: \w+)?",
    ),
    "nl": (
        r"(?:hartelijk )?(?:dank|bedankt)(?: je wel| u wel| voor)?", r"dank (?:u|je) wel",
        r"voor (?:uw|je|jouw) (?:\w+ )?(?:bestelling|aankoop|vertrouwen)",
        r"dat (?:u|je) (?:bij ons )?(?:hebt|heeft|heb) (?:besteld|gekocht)",
    ),
    "pl": (
        r"(?:serdecznie |bardzo )?dziękuj\w*", r"dzięki",
        r"za (?:zakup|zamówienie|zaufanie|zakupy|wybór)(?: w naszym sklepie)?",
    ),
    "sv": (
        r"(?:stort |tusen )?tack(?: så mycket| så hemskt mycket| igen)?",
        r"för (?:ditt|din|er|ert) (?:\w+ )?(?:köp|beställning|order|förtroende)",
        r"för att du (?:handlade|beställde|valde)(?: hos oss| från oss)?",
    ),
    "tr": (
        r"(?:çok )?teşekkür(?:ler| ederiz| ederim)", r"sağ ?olun",
        r"(?:siparişiniz|alışverişiniz|satın alımınız|tercihiniz|güveniniz)(?: için)?",
        r"bizi tercih ettiğiniz için",
    ),
    "ja": (
        r"(?:誠に|本当に|大変)?ありがとうございま(?:す|した)", r"ありがとう", r"感謝(?:いたします|申し上げます|しております)?",
        r"(?:ご購入|ご注文|お買い上げ|お買い物)(?:いただき|頂き)(?:まして)?", r"当店を(?:ご利用|お選び)(?:いただき|頂き)",
    ),
    "pt": (
        r"(?:muito )?obrigad[oa]s?(?: mais uma vez)?", r"(?:nós )?(?:te |lhe )?agradecemos(?: muito)?",
        r"pela (?:sua |tua )?(?:compra|confiança|preferência)", r"pelo (?:seu |teu )?pedido",
        r"por (?:comprar|escolher|confiar)(?: conosco| em nós)?",
    ),
    "ar": (
        r"شكرا(?: جزيلا| لك| لكم)?", r"شكرًا(?: جزيلًا| لك| لكم)?", r"نشكرك", r"نشكركم",
        r"(?:على |ل)(?:طلبك|شرائك|ثقتك|تسوقك)(?: معنا)?",
    ),
}

GREETINGS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:hello|hi|hey|dear|greetings|good (?:morning|afternoon|evening))(?: (?:there|customer|buyer|valued customer|sir|madam|sir or madam|friend))?",
    ),
    "de": (
        r"(?:hallo|guten (?:tag|morgen|abend)|liebe[rs]?|sehr geehrte[rs]?(?: (?:damen und herren|kundin|kunde|frau|herr))?|moin|servus|grüß gott|grüezi)",
    ),
    "fr": (r"(?:bonjour|bonsoir|salut|cher|chère|madame|monsieur)(?: client| cliente)?",),
    "it": (r"(?:ciao|salve|buongiorno|buonasera|gentile|caro|cara|egregio)(?: cliente)?",),
    "es": (r"(?:hola|buenos días|buenas tardes|buenas noches|estimad[oa]s?|querid[oa]s?)(?: cliente)?",),
    "nl": (r"(?:hallo|hoi|beste|geachte|goedendag|goedemorgen|goedemiddag)(?: klant| heer| mevrouw| heer/mevrouw)?",),
    "pl": (
        r"(?:dzień dobry|witam|witaj|cześć|szanown[aiey] (?:pani|panie|kliencie|klientko|państwo)|drog[aiey] (?:kliencie|klientko)|szanowni państwo)",
    ),
    "sv": (r"(?:hej|hejsan|hallå|bästa kund|kära kund|god dag|god morgon)",),
    "tr": (r"(?:merhaba|selam|iyi günler|(?:sayın|değerli|sevgili) müşteri(?:miz)?|sayın)",),
    "ja": (r"こんにちは", r"お客様", r"様", r"いつも(?:ご利用|お世話に)(?:いただき|頂き|なって)(?:ありがとうございます|おります)?", r"この度は", r"このたびは"),
    "pt": (r"(?:olá|oi|bom dia|boa tarde|boa noite|prezad[oa]s?|car[oa]s?|querid[oa]s?)(?: cliente)?",),
    "ar": (r"مرحبا", r"مرحبًا", r"أهلا", r"السلام عليكم", r"عزيزي(?: العميل)?", r"عزيزتي", r"العميل العزيز", r"صباح الخير", r"مساء الخير"),
}

SIGN_OFFS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:best|kind|warm|warmest|many) (?:regards|wishes)", r"regards", r"sincerely(?: yours)?",
        r"yours (?:sincerely|truly|faithfully)", r"cheers", r"all the best",
        r"(?:your|the) (?:\w+ ){0,3}?(?:team|store|shop)", r"customer (?:service|support)(?: team)?",
        r"have a (?:nice|great|good|wonderful|lovely) (?:day|week|weekend|evening)",
        r"(?:we )?hope you (?:enjoy|like|love) (?:it|them|your (?:purchase|order|item|product|new \w+))",
        r"enjoy(?: (?:it|your (?:purchase|order|item|product)))?",
    ),
    "de": (
        r"(?:mit )?(?:freundlichen|besten|herzlichen|lieben|vielen|viele|beste|liebe|herzliche|sonnige) grüße?n?",
        r"grüße", r"(?:ihr|dein|euer|das) (?:\w+ ){0,3}?(?:team|shop)",
        r"viel (?:spaß|freude)(?: mit (?:ihrem|ihrer|dem|der|deinem|deiner) (?:\w+ ){0,2}?(?:einkauf|bestellung|kauf|artikel|produkt))?",
        r"(?:wir )?(?:wünschen|hoffen) (?:ihnen|dir) (?:viel (?:spaß|freude)|(?:einen )?schönen tag)",
        r"(?:einen )?schönen tag(?: noch)?",
    ),
    "fr": (
        r"(?:bien )?cordialement", r"bien à vous", r"(?:meilleures |sincères )?salutations", r"à bientôt",
        r"l'équipe(?: \w+){0,3}", r"votre équipe(?: \w+){0,2}", r"(?:excellente|bonne) (?:journée|utilisation|réception)",
        r"(?:nous )?(?:espérons|j'espère) que (?:vous (?:l'|les )?apprécierez|(?:votre achat|l'article|le produit) vous (?:plaira|plaît))",
    ),
    "it": (
        r"(?:cordiali|distinti|cari|tanti) saluti", r"saluti", r"un (?:caro )?saluto", r"a presto",
        r"il team(?: \w+){0,3}", r"lo staff(?: \w+){0,2}", r"(?:buona|buon) (?:giornata|utilizzo|divertimento)",
        r"speriamo che (?:il prodotto |l'articolo )?(?:ti|le|vi) piaccia",
    ),
    "es": (
        r"(?:un )?(?:cordial |afectuoso )?saludos?", r"atentamente", r"cordialmente", r"el equipo(?: de)?(?: \w+){0,3}",
        r"que tenga (?:un )?(?:buen|feliz) día", r"(?:esperamos que )?(?:lo|la|los|las) disfrute",
        r"disfrute (?:de )?su (?:compra|pedido)",
    ),
    "nl": (
        r"(?:met )?vriendelijke groet(?:en)?", r"(?:hartelijke )?groet(?:en|jes)?", r"het (?:\w+ ){0,3}?team",
        r"veel plezier(?: met (?:uw|je) (?:\w+ ){0,2}?(?:aankoop|bestelling|product))?", r"(?:nog )?een fijne dag",
    ),
    "pl": (
        r"pozdrawiam\w*", r"(?:z )?(?:serdeczn\w* )?pozdrowieni\w*", r"z poważaniem", r"(?:zespół|ekipa) \w+",
        r"miłego dnia", r"życzymy (?:miłego|udanego) \w+",
    ),
    "sv": (
        r"(?:med )?vänliga hälsningar", r"hälsningar", r"mvh", r"vänligen", r"\w*teamet", r"ha en (?:bra|fin|trevlig) dag",
        r"lycka till med (?:ditt|din) \w+",
        r"vi hoppas (?:att )?du (?:kommer att )?(?:gillar|gilla|tycker om|blir nöjd med) (?:den|det|produkten|ditt köp)",
    ),
    "tr": (r"saygılarımızla", r"saygılarımla", r"iyi günler(?:de kullanın)?", r"(?:iyi|keyifli) (?:alışverişler|kullanımlar)", r"ekibi"),
    "ja": (
        r"(?:今後とも)?(?:どうぞ)?よろしくお願い(?:いたします|致します|します|申し上げます)", r"敬具", r"以上",
        r"(?:どうぞ)?お楽しみください", r"ショップ", r"ストア", r"店長",
    ),
    "pt": (
        r"atenciosamente", r"(?:um )?(?:abraço|abraços)", r"cordialmente", r"saudações", r"(?:a )?(?:equipe|time)(?: \w+){0,3}",
        r"tenha um (?:ótimo|bom|excelente) dia", r"aproveite (?:sua|a|seu|o) (?:compra|pedido|produto)",
        r"esperamos que (?:você )?(?:goste|aproveite)",
    ),
    "ar": (
        r"مع (?:أطيب|خالص) (?:التحيات|التمنيات)", r"تحياتنا", r"تحياتي", r"مع التحية", r"فريق \w+",
        r"نتمنى (?:لك|لكم) (?:يوما سعيدا|يومًا سعيدًا|يوم سعيد)", r"استمتع (?:بمشترياتك|بمنتجك|بطلبك)",
    ),
}

# Words that announce a phone number: a 7-15 digit number right after one is a phone number,
# whatever its shape.
PHONE_WORDS: dict[str, tuple[str, ...]] = {
    "en": (r"tel", r"phone\w*", r"telephone", r"call(?: us| me)?(?: at| on)?", r"mobile", r"cell(?:phone)?", r"whatsapp", r"hotline", r"fax", r"text us", r"sms"),
    "de": (r"telefon\w*", r"anruf\w*", r"rufen sie (?:uns|mich) (?:\w+ ){0,2}?an", r"handy\w*", r"mobil\w*", r"hotline"),
    "fr": (r"téléphone\w*", r"tél", r"appelez(?: nous)?", r"appeler", r"portable"),
    "it": (r"telefono", r"chiamaci", r"chiamare", r"chiama", r"cellulare", r"cell"),
    "es": (r"teléfono", r"llámanos", r"llámenos", r"llame", r"llamar", r"móvil", r"celular"),
    "nl": (r"telefoon\w*", r"bel (?:ons|me|mij)", r"bellen", r"mobiel"),
    "pl": (r"telefon\w*", r"zadzwoń", r"dzwoń", r"komórk\w*"),
    "sv": (r"telefon\w*", r"ring oss", r"ring", r"mobil\w*"),
    "tr": (r"telefon\w*", r"arayın", r"arayabilirsiniz", r"gsm"),
    "ja": (r"電話", r"携帯", r"ケータイ", r"連絡先"),
    "pt": (r"telefone", r"ligue", r"ligar", r"celular", r"zap"),
    "ar": (r"هاتف", r"جوال", r"اتصل", r"واتساب", r"موبايل"),
}

# Labels of numbers that are not phone numbers: digit groups right after one ("Batch 2231-44-19",
# "Rechnung 2026-0815-11") are an identifier, not a phone number with spaces or dashes.
IDENTIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "en": (r"order", r"invoice", r"tracking", r"batch", r"lot", r"serial", r"code", r"sku", r"asin", r"ean",
           r"isbn", r"gtin", r"upc", r"model", r"part", r"item", r"article", r"ref(?:erence)?", r"ticket", r"case"),
    "de": (r"bestell\w*", r"rechnung\w*", r"sendung\w*", r"charge", r"seriennummer", r"artikel\w*", r"modell",
           r"teilenummer", r"kundennummer", r"vorgang\w*"),
    "fr": (r"commande", r"facture", r"suivi", r"colis", r"série", r"article", r"modèle", r"référence", r"dossier"),
    "it": (r"ordine", r"fattura", r"spedizione", r"tracciamento", r"serie", r"articolo", r"modello", r"codice",
           r"riferimento", r"pratica"),
    "es": (r"pedido", r"factura", r"seguimiento", r"envío", r"serie", r"artículo", r"modelo", r"código",
           r"referencia"),
    "nl": (r"bestelling\w*", r"factuur\w*", r"zending\w*", r"serienummer", r"artikel\w*", r"model", r"referentie"),
    "pl": (r"zamówieni\w*", r"faktur\w*", r"przesyłk\w*", r"seri\w*", r"artykuł\w*", r"model\w*", r"kod\w*"),
    "sv": (r"beställning\w*", r"order\w*", r"faktura\w*", r"försändelse\w*", r"serienummer", r"artikel\w*",
           r"modell"),
    "tr": (r"sipariş\w*", r"fatura\w*", r"kargo\w*", r"takip", r"seri", r"ürün", r"model\w*", r"kod\w*"),
    "ja": (r"注文", r"請求", r"追跡", r"問い合わせ番号", r"型番", r"品番", r"シリアル", r"ロット"),
    "pt": (r"pedido", r"fatura", r"nota fiscal", r"rastreamento", r"rastreio", r"série", r"modelo", r"código"),
    "ar": (r"طلب", r"فاتورة", r"شحنة", r"تتبع", r"رقم التسلسل", r"موديل", r"كود", r"رمز"),
}
