"""Thanks, greetings and sign-offs, per marketplace language. Pattern syntax:
campaigns/policy/phrases/__init__.py.
"""

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
