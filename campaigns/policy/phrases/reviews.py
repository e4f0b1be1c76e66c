"""Review wording, per marketplace language: asking for positive reviews only, asking only
satisfied buyers, offering something for a review, and steering feedback. Pattern syntax:
campaigns/policy/phrases/__init__.py.

REVIEW_WORDS and REWARDS (rewards.py) make no finding alone: a reward or a condition counts only next to a
review word.
"""

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
        r"(?:högt|högsta) betyg",
        r"toppbetyg",
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
        r"星 ?[5５五](?:つ)?",
        r"[5５五]つ星",
        r"★5",
        r"高評価",
        r"良い評価",
        r"よい評価",
        r"いい評価",
        r"良いレビュー",
        r"よいレビュー",
        r"ポジティブな(?:レビュー|評価|感想)",
        r"満点",
        r"最高評価",
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
        r"[5٥] نجوم",
        r"خمس(?:ة)? نجوم",
        r"(?:تقييم|مراجعة|تعليق|رأي)(?:ا|ًا)? (?:إيجابي|ممتاز|عال)",
        r"العلامة الكاملة",
        r"لا تترك(?:وا)? تقييم(?:ا)? سلبي",
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
        r"(?:gefällt|gefiel) (?:ihnen|dir) (?:\w+ ){0,3}?\w+ ?\?",
        r"(?:zufrieden|begeistert) (?:mit|von) (?:\w+ ){0,2}?\w+ ?\?",
    ),
    "fr": (
        r"si vous (?:êtes|avez été|étiez) (?:(?!pas )\w+ )?(?:satisfait|content|ravi|heureu[xs]|heureuse|enchanté)e?s?",
        r"si (?:le produit |l'article |votre achat |votre commande |cela |ça )?vous (?:plaît|a plu|convient)",
        r"si vous (?:aimez|avez aimé|appréciez|avez apprécié)",
        r"(?:satisfaite?s?|contente?s?|ravie?s?) (?:de|du) (?:\w+ ){0,2}?\w+ ?\?",
        r"vous (?:avez aimé|aimez) (?:\w+ ){0,2}?\w+ ?\?",
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
        r"(?:ご)?満足(?:いただけ|頂け)(?:まし)?たら",
        r"(?:ご)?満足(?:いただけた|頂けた|された)(?:場合|方|なら)",
        r"気に入って(?:いただけ|頂け)(?:まし)?たら",
        r"気に入って(?:いただけた|頂けた)(?:場合|方|なら)",
        r"お気に召しましたら",
        r"お気に召した(?:場合|なら)",
    ),
    "pt": (
        r"se (?:você )?(?:estiver|ficou|está|ficar|tiver ficado) (?:(?!não )\w+ )?satisfeit[oa]s?",
        r"se (?:você )?(?:gostou|gostar|amou)",
        r"(?:gostou|amou) (?:\w+ ){0,2}?\w+ ?\?",
        r"se (?:o produto |a compra )?(?:te |lhe )?agradou",
    ),
    "ar": (
        r"(?:إذا|إن|لو) كنت (?:راض|سعيد|مسرور)",
        r"(?:إذا|إن|لو) (?:أعجبك|نال إعجابك)",
        r"في حال رضاك",
    ),
}

# Review and feedback words: any mention. Used only together with a condition (above) or a
# reward (below) in the same or a neighbouring sentence.
REVIEW_WORDS: dict[str, tuple[str, ...]] = {
    "*": (),
    "en": (r"reviews?", r"reviewing", r"feedback", r"ratings?", r"rate", r"stars?", r"testimonials?"),
    "de": (
        r"\w*bewertung\w*",
        r"bewerte\w*",
        r"\w*rezension\w*",
        r"rezensier\w*",
        r"feedback",
        r"stern\w*",
        r"kundenmeinung\w*",
    ),
    "fr": (r"avis", r"commentaires?", r"évaluations?", r"évalue[rz]?", r"étoiles?", r"feedback", r"critiques?"),
    "it": (r"recension[ei]", r"valutazion[ei]", r"valuta\w*", r"feedback", r"stelle", r"opinion[ei]", r"giudizi?o?"),
    "es": (
        r"reseñas?",
        r"opinión",
        r"opiniones",
        r"valoraci(?:ón|ones)",
        r"valor[ae]r?",
        r"calificaci(?:ón|ones)",
        r"califica\w*",
        r"estrellas",
        r"comentarios?",
    ),
    "nl": (
        r"reviews?",
        r"recensie\w*",
        r"\w*beoordeling\w*",
        r"beoordel\w*",
        r"feedback",
        r"sterren",
        r"waardering\w*",
    ),
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
        r"\w*bewertung\w*",
        r"\w*rezension\w*",
        r"bewerten",
        r"rezensieren",
        r"feedback (?:\w+ ){0,2}?(?:hinterlassen|abgeben)",
        r"verkäufer ?feedback",
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
        r"recensie\w*",
        r"(?:product|klant|verkopers?)beoordeling\w*",
        r"(?:review|beoordeling|recensie) op amazon",
        r"beoordeel (?:ons|het product|uw aankoop|je aankoop)",
    ),
    "pl": (
        r"(?:wystaw|wystawić|zostaw|zostawić|napisz|napisać|dodaj|dodać|podziel się) (?:\w+ ){0,3}?(?:opini|recenzj|ocen|komentarz)\w*",
        r"(?:opini|recenzj|ocen)\w* (?:na amazon|o produkcie|sprzedawcy|produktu)",
        r"oceń (?:\w+ ){0,2}?(?:produkt|zakup|nas|sprzedawcę)",
        r"recenzj\w*",
    ),
    "sv": (
        r"(?:lämna|skriv|skriva|ge|sätt) (?:\w+ ){0,3}?(?:recension|omdöme|betyg)\w*",
        r"\w*recension\w*",
        r"(?:omdöme|betyg)\w* (?:på amazon|om produkten|för produkten)",
        r"betygsätt\w*",
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
        r"تقييم",
        r"مراجعة (?:للمنتج|المنتج|على أمازون)",
        r"آراء العملاء",
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
        r"(?:avis|commentaires?|évaluations?|notes?) (?:négati|neutre|mauvais)\w*",
        r"mauvais (?:avis|commentaires?)",
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
    "ja": (
        r"(?:レビュー|評価)(?:を)?(?:書く|投稿する|つける|する|される)前に",
        r"低評価",
        r"悪い評価",
        r"悪いレビュー",
    ),
    "pt": (
        r"antes de (?:deixar|escrever|publicar|dar) (?:\w+ ){0,3}?(?:avaliação|opinião|comentário|resenha|feedback)",
        r"(?:avaliaç(?:ão|ões)|opini(?:ão|ões)|comentários?|resenhas?|feedback) (?:negativ|neutr|ruim)\w*",
    ),
    "ar": (r"قبل (?:ترك|كتابة|نشر|إعطاء) (?:أي )?(?:تقييم|مراجعة|تعليق)", r"(?:تقييم|تعليق|مراجعة)(?:ا)? سلبي"),
}
