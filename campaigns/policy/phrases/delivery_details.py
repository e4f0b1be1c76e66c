"""When, how and by whom a shipped order arrives, per marketplace language, as data for the linter.

A proactive confirmation rarely stops at "it has shipped": it names the day, the date, the
carrier and when it should arrive ("Your order has shipped with DHL and will arrive on Tuesday",
"Ihre Bestellung wurde versandt und kommt morgen an", "Votre commande a été expédiée et arrivera
mardi"). Those are the confirmation's own details. campaigns/policy/prohibited.py sets them
aside, next to filler.py's tables, when a message holds a confirmation (confirmations.py): if
nothing of substance is left, the message only confirms, and blocks. They decide that and nothing else: no finding of their own, no weight in the "mostly
thanks" warning, not read for a message without a confirmation.

What makes a message more than a confirmation is never here: a question (its "?" counts), a
request, a negation, and the words of a delay or a problem ("delayed", "instead of Monday",
"sorry", "unfortunately", "verspätet", "en retard", "in ritardo", "vertraging", "opóźnione",
"försenad", "gecikme", "遅れ", "atrasado", "تأخر"). So a delay message or a delivery appointment
question that names the day keeps its substance and stays allowed. Hence patterns are complete in
themselves:
- a preposition only before a day, a date or a time ("before Tuesday"; "before your order ships"
  is substance);
- a split verb only around days, dates and a few adverbs ("kommt morgen an", "wordt dinsdag
  bezorgd"; "kommt wegen eines Streiks später an" keeps its words);
- a short weekday or month name, or one that is also a word ("may", "march", "mai"), only next to
  a number ("Tue 12", "Oct. 12", "12 May").

Numbers never count as words (prohibited.words_of_substance): numeric dates, times and
tracking numbers need no pattern, only the words around them do ("pm", "Uhr", "ore", "月日").

Pattern syntax: campaigns/policy/phrases/__init__.py. Each language's table is built from its days, months,
relative days and times (`_when`), then phrases that may hold them; bounded repetition only.
"""


def _either(*options: str) -> str:
    return "(?:" + "|".join(options) + ")"


def _when(
    *,
    days: str,
    short_days: str,
    months: str,
    short_months: str,
    of: str = "",
    relative: tuple[str, ...],
    times: tuple[str, ...],
) -> str:
    """A day, a date, a relative day or a time, as one pattern. of: what may stand between a
    day's number and its month ("12th of", "12." or "12 de")."""
    return _either(
        days,
        rf"(?:{short_days})\.?(?=,? ?\d)",
        months,
        rf"(?:{short_months})\.?(?= ?\d)",
        rf"\d+\.?{of} (?:{months}|{short_months})\.?",
        *relative,
        *times,
    )


# A numeric date or a template value ("12.10.2026", "{{ delivery_date }}"): no word on its own,
# but it may follow a preposition or stand inside a split verb.
_NUMBER = r"[\d\ue000]+(?:[./:\-][\d\ue000]+){0,2}\.?"


def _whole(pattern: str) -> str:
    """The pattern kept whole: unfolded into its alternatives for the prefix tree
    (campaigns/policy/vocabulary.py), a day expression inside it would be copied once per alternative."""
    return r"(?=\w)" + pattern


def _table(when: str, before: str, *phrases: str) -> tuple[str, ...]:
    """A language's details: the when on its own, after a preposition, and its phrases."""
    return (when, _whole(rf"(?:{before}) (?:{when}|{_NUMBER})"), *phrases)


def _chain(when: str, before: str, *adverbs: str) -> str:
    """Up to five days, dates and adverbs, each after a space or a comma: the middle of a split
    verb."""
    return rf"(?:,? (?:(?:{before}) )?(?:{when}|{_NUMBER})|,? {_either(*adverbs)}){{0,5}}"


# Carriers, in every language: a carrier's name is no word of substance in any of them.
CARRIERS = (
    r"(?:(?:via|through|using|per|über|durch|tramite|mediante|door|kurierem|firmą|aracılığıyla|pelos|pelas|pela|pelo) )?"
    r"(?:dhl(?: express| paket| parcel| ecommerce)?|ups(?: ground| express| standard)?|fedex(?: ground| express)?"
    r"|usps(?: priority mail| first class)?|tnt|dpd|gls|hermes|evri|yodel|royal mail|parcelforce|canada post"
    r"|australia post|ontrac|amazon logistics|amazon shipping|la poste|colissimo|chronopost|mondial relay|relais colis"
    r"|deutsche post|österreichische post|swiss post|brt|bartolini|sda|poste italiane|correos(?: express)?|seur|mrw"
    r"|nacex|postnl|bpost|inpost|poczta polska|pocztą polską|postnord|budbee|instabox|db schenker|schenker"
    r"|yurtiçi kargo|aras kargo|mng kargo|ptt kargo|sürat kargo|hepsijet|trendyol express|correios|sedex|jadlog"
    r"|loggi|total express|aramex|smsa|naqel)(?: (?:ile|aracılığıyla))?"
)

# --- English ---------------------------------------------------------------------------------------
_EN_WHEN = _when(
    days="monday|tuesday|wednesday|thursday|friday|saturday|sunday",
    short_days="mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun",
    months="january|february|april|june|july|august|september|october|november|december",
    short_months="march|may|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec",
    of=r"(?:st|nd|rd|th)?(?: of)?",
    relative=(
        r"today",
        r"tomorrow(?: morning| afternoon| evening)?",
        r"tonight",
        r"(?:the )?day after tomorrow",
        r"later today",
        r"(?:very )?(?:soon|shortly)",
        r"(?:this|next|the coming) (?:week|weekend)",
        r"(?:by )?(?:the )?end of (?:the |this |next )?week",
        r"on time",
        r"at the latest",
        r"(?:with)?in (?:the )?(?:next |coming )?(?:\d+(?: ?- ?\d+| to \d+| or \d+)?|a few|a couple of|one|two|three|four|five|several) (?:business |working )?days?",
        r"in the (?:next|coming) (?:few |couple of )?(?:business |working )?days",
        r"\d+(?: ?- ?\d+| to \d+)? (?:business |working )?days?",
    ),
    times=(
        r"\d+(?:[:.]\d+)? ?(?:am|pm|a\.m\.|p\.m\.|o'clock|hrs)",
        r"between(?= \d)",
        r"(?:noon|midday|midnight)",
        r"(?:in the |this )(?:morning|afternoon|evening)",
        r"during the day",
    ),
)
_EN_BEFORE = r"on|by|before|until|till|from|between|around|next|this|coming|as early as|no later than|on or before"
_EN_THING = r"(?:order|package|parcel|item|items|shipment|delivery|purchase)"
EN = _table(
    _EN_WHEN,
    _EN_BEFORE,
    r"(?:estimated|expected|scheduled|planned|anticipated|projected) (?:delivery|arrival)(?: date| day| time| window)?(?: is)?",
    r"(?:delivery|arrival) (?:date|day|estimate|window)(?: is)?",
    r"(?:delivery|arrival|eta)(?= ?:)",
    rf"(?:(?:it|they|this|(?:your|the) {_EN_THING}) )?(?:(?:will|should|shall|(?:is|are) (?:expected|scheduled|due|set|going|estimated|likely) to) )?"
    r"(?:arrive|arrives|arriving|reach you|reaches you|get to you|gets to you|be delivered|be with you|land|lands|show up|shows up)"
    r"(?: (?:to you|at your (?:door|doorstep|home|address|place)|with you))?",
    r"(?:it|they)'ll (?:arrive|be delivered|reach you|be with you)",
    rf"you(?:'ll| will| should| can expect to) (?:receive|get) (?:it|them|your {_EN_THING})",
    rf"(?:you can )?expect (?:it|them|your {_EN_THING})(?: to arrive)?",
    r"(?:is|are) (?:now )?(?:expected|scheduled|estimated|planned|due)(?: for delivery| to be delivered)?",
    r"(?:delivery|arrival) (?:is )?(?:expected|scheduled|planned|estimated)(?: for)?",
    r"tracking(?: number| no| id| code)?(?= ?[:#])",
    r"(?:awb|waybill)(?: number| no)?",
    CARRIERS,
)

# --- German ----------------------------------------------------------------------------------------
_DE_WHEN = _when(
    days="montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag",
    short_days="mo|di|mi|do|fr|sa|so",
    months="januar|jänner|februar|märz|april|juni|juli|august|september|oktober|november|dezember",
    short_months="mai|jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez",
    relative=(
        r"heute(?: noch| abend| nachmittag)?",
        r"morgen(?: früh| vormittag| nachmittag)?",
        r"übermorgen",
        r"(?:bald|in kürze|demnächst|pünktlich|rechtzeitig)",
        r"(?:diese|nächste|kommende) woche",
        r"im laufe des tages",
        r"(?:in|innerhalb von|innerhalb der nächsten|in den nächsten) (?:\d+(?: ?- ?\d+| bis \d+)?|ein paar|wenigen|einigen|zwei|drei) (?:werk|arbeits|liefer)?tag(?:en|e)?",
        r"in den nächsten (?:werk|arbeits|liefer)?tagen",
        r"\d+(?: ?- ?\d+| bis \d+)? (?:werk|arbeits|liefer)?tage",
    ),
    times=(
        r"\d+(?:[:.]\d+)? ?uhr",
        r"zwischen(?= \d)",
        r"(?:vormittags|nachmittags|abends|am vormittag|am nachmittag|am abend)",
    ),
)
_DE_BEFORE = (
    r"am|bis|ab|zum|den|bis zum|bis spätestens|spätestens(?: am| bis)?|voraussichtlich(?: am| bis)?|kommenden|nächsten"
    r"|am kommenden|zwischen"
)
_DE_CHAIN = _chain(
    _DE_WHEN, _DE_BEFORE, r"voraussichtlich", r"bei (?:ihnen|dir|euch)", r"schon", r"bereits", r"direkt", r"und"
)
_DE_SUBJECT = r"(?:(?:sie|es|er|die sendung|das paket|die bestellung|ihre bestellung|ihr paket|die lieferung|ihre sendung|deine bestellung|dein paket|die ware) )?"
DE = _table(
    _DE_WHEN,
    _DE_BEFORE,
    r"voraussichtlich",
    r"(?:erwartete|geplante|voraussichtliche)[rsn]? (?:zustellung|lieferung|ankunft|lieferdatum|liefertermin|zustelltermin|zustelldatum|lieferzeit)(?: ist)?",
    r"(?:lieferdatum|liefertermin|zustelltermin|zustelldatum|lieferzeit|zustellung|lieferung|ankunft)(?= ?:)",
    r"(?:die )?(?:zustellung|lieferung) (?:erfolgt|ist geplant|ist vorgesehen)",
    _whole(rf"{_DE_SUBJECT}(?:kommt|kommen|trifft|treffen){_DE_CHAIN} (?:an|ein)"),
    _whole(
        rf"{_DE_SUBJECT}(?:wird|werden|soll|sollte|sollen|sollten|dürfte|dürften){_DE_CHAIN} (?:zugestellt|geliefert|ausgeliefert|ankommen|eintreffen|bei (?:ihnen|dir) sein)(?: werden)?"
    ),
)

# --- French ----------------------------------------------------------------------------------------
_FR_WHEN = _when(
    days="lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
    short_days="lun|mar|mer|jeu|ven|sam|dim",
    months="janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre",
    short_months="mai|janv|févr|fév|avr|juil|sept|oct|nov|déc",
    of=r"(?:er)?",
    relative=(
        r"aujourd'hui",
        r"demain(?: matin| après midi| soir)?",
        r"après demain",
        r"ce soir",
        r"cette semaine",
        r"la semaine prochaine",
        r"(?:très )?(?:bientôt|prochainement|rapidement)",
        r"dans la journée",
        r"en (?:fin|début) de semaine",
        r"(?:à temps|dans les temps|dans les délais)",
        r"(?:sous|dans|d'ici|en) (?:\d+(?: ?- ?\d+| à \d+| ou \d+)?|quelques|deux|trois|un ou deux) jours(?: ouvrés| ouvrables)?",
        r"dans les (?:\d+ )?(?:prochains jours|jours (?:à venir|qui viennent))",
    ),
    times=(r"\d+ ?h(?: ?\d+)?", r"entre(?= \d)", r"(?:dans la |en )(?:matinée|soirée|après midi)"),
)
_FR_BEFORE = r"le|ce|dès|d'ici|avant|jusqu'à|au plus tard(?: le)?|prochain|à partir de|pour|entre(?: le)?|et le"
_FR_SUBJECT = (
    r"(?:(?:elle|il|ils|elles|votre commande|votre colis|le colis|la commande|votre article|votre paquet|le paquet) )?"
)
FR = _table(
    _FR_WHEN,
    _FR_BEFORE,
    r"(?:livraison|arrivée) (?:prévue|estimée|prévisionnelle)(?: (?:le|pour|entre))?",
    r"(?:date|délai|jour) (?:de livraison|d'arrivée|de réception)(?: (?:prévue?|estimée?))?",
    r"(?:la |votre )?livraison (?:est |sera )?(?:prévue|estimée|programmée)(?: pour| le)?",
    r"(?:livraison|date de livraison|délai de livraison)(?= ?:)",
    rf"{_FR_SUBJECT}(?:vous )?(?:arrivera|arriveront|arrive|arrivent|parviendra|parviendront|devrait (?:vous )?(?:arriver|parvenir|être livrée?)"
    r"|devraient (?:vous )?(?:arriver|parvenir|être livrée?s)|sera (?:livrée?|distribuée?|chez vous|entre vos mains)"
    r"|seront (?:livrée?s|distribuée?s|chez vous))(?: chez vous| à votre domicile| à votre adresse)?",
)

# --- Italian ---------------------------------------------------------------------------------------
_IT_WHEN = _when(
    days="lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica",
    short_days="lun|mar|mer|gio|ven|sab|dom",
    months="gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre",
    short_months="gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic",
    relative=(
        r"oggi(?: stesso)?",
        r"domani(?: mattina| pomeriggio)?",
        r"dopodomani",
        r"stasera",
        r"questa settimana",
        r"la prossima settimana",
        r"(?:a breve|presto|prossimamente|in giornata|a giorni|in tempo)",
        r"(?:entro|in|tra|fra) (?:\d+(?: ?- ?\d+| a \d+| o \d+)?|pochi|qualche|due|tre|un paio di) giorn[oi](?: lavorativ[oi])?",
        r"nei prossimi (?:\d+ )?giorni(?: lavorativi)?",
        r"entro (?:la )?fine (?:della )?settimana",
    ),
    times=(r"ore(?= \d)", r"tra le(?= \d)", r"(?:in mattinata|nel pomeriggio|in serata|di mattina|di pomeriggio)"),
)
_IT_BEFORE = (
    r"il|di|entro|entro il|per|da|a partire da|prossimo|questo|alle|dalle|entro le|tra(?: il)?|fra(?: il)?|e il"
)
IT = _table(
    _IT_WHEN,
    _IT_BEFORE,
    r"(?:consegna|arrivo) (?:prevista|stimata|previsto|stimato)(?: (?:per|il|entro))?",
    r"(?:data|giorno) (?:di consegna|di arrivo)(?: (?:prevista|previsto|stimata|stimato))?",
    r"(?:la )?consegna (?:è )?(?:prevista|stimata|programmata)(?: per| il| entro)?",
    r"(?:consegna|data di consegna)(?= ?:)",
    r"(?:(?:il pacco|l'ordine|il tuo ordine|il suo ordine|la spedizione|il prodotto) )?(?:ti |le |vi )?"
    r"(?:arriverà|arriveranno|arriva|arrivano|dovrebbe arrivare|dovrebbero arrivare|sarà consegnat[oa]|saranno consegnat[ie]"
    r"|verrà consegnat[oa]|verranno consegnat[ie]|sarà da te|sarà a casa tua)",
)

# --- Spanish ---------------------------------------------------------------------------------------
_ES_WHEN = _when(
    days="lunes|martes|miércoles|jueves|viernes|sábado|domingo",
    short_days="lun|mar|mié|jue|vie|sáb|dom",
    months="enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre",
    short_months="ene|feb|mar|abr|may|jun|jul|ago|sep|sept|oct|nov|dic",
    of=r"(?: de)?",
    relative=(
        r"hoy(?: mismo)?",
        r"mañana(?: por la (?:mañana|tarde))?",
        r"pasado mañana",
        r"esta (?:tarde|noche|semana)",
        r"la (?:próxima semana|semana que viene)",
        r"(?:pronto|en breve|próximamente|a tiempo)",
        r"(?:a lo largo|durante) del? día",
        r"(?:en|dentro de|en un plazo de|en los próximos) (?:\d+(?: ?- ?\d+| a \d+| o \d+)?|unos|pocos|dos|tres|un par de|unos pocos) días(?: hábiles| laborables)?",
        r"en los próximos días",
    ),
    times=(r"(?:a|entre|desde|hasta) las(?= \d)", r"entre(?= \d)", r"por la (?:mañana|tarde|noche)"),
)
_ES_BEFORE = (
    r"el|este|el próximo|el día|antes del|para el|hasta el|a partir del|como muy tarde el|próximo|entre(?: el)?|y el"
)
ES = _table(
    _ES_WHEN,
    _ES_BEFORE,
    r"(?:entrega|llegada) (?:prevista|estimada)(?: (?:para|el))?",
    r"fecha (?:de entrega|de llegada)(?: (?:prevista|estimada))?",
    r"(?:la )?entrega (?:está )?(?:prevista|programada|estimada)(?: para| el)?",
    r"(?:entrega|fecha de entrega)(?= ?:)",
    r"(?:(?:su pedido|tu pedido|el pedido|su paquete|tu paquete|el paquete|el envío) )?(?:le |te )?"
    r"(?:llegará|llegarán|llega|llegan|debería llegar|deberían llegar|va a llegar|van a llegar|será entregad[oa]|serán entregad[oa]s"
    r"|se entregará|se entregarán|estará (?:en su casa|en tu casa|con usted|contigo|en sus manos|en tus manos))",
)

# --- Dutch -----------------------------------------------------------------------------------------
_NL_WHEN = _when(
    days="maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
    short_days="ma|di|wo|do|vr|za|zo",
    months="januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
    short_months="jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec",
    relative=(
        r"vandaag(?: nog)?",
        r"morgen(?:ochtend|middag|avond)?",
        r"overmorgen",
        r"vanavond",
        r"(?:deze|volgende) week",
        r"(?:binnenkort|spoedig|op tijd)",
        r"(?:binnen|over|in) (?:\d+(?: ?- ?\d+| tot \d+| à \d+)?|enkele|een paar|twee|drie) (?:werk)?dag(?:en)?",
        r"(?:in|binnen) de komende (?:\d+ )?(?:werk)?dagen",
    ),
    times=(r"\d+(?:[:.]\d+)? uur", r"tussen(?= \d)", r"(?:in de |'s )(?:ochtend|middag|avond|ochtends|middags|avonds)"),
)
_NL_BEFORE = r"op|vanaf|uiterlijk|uiterlijk op|voor|aanstaande|komende|volgende|tussen"
_NL_CHAIN = _chain(_NL_WHEN, _NL_BEFORE, r"naar verwachting", r"bij (?:u|je)(?: thuis)?", r"al", r"en")
_NL_SUBJECT = r"(?:(?:het|hij|ze|zij|deze|uw bestelling|je bestelling|het pakket|uw pakket|je pakket|de bestelling|de zending|uw zending) )?"
NL = _table(
    _NL_WHEN,
    _NL_BEFORE,
    r"(?:verwachte|geschatte|geplande) (?:bezorgdatum|leverdatum|leveringsdatum|levering|bezorging|aankomst|bezorgmoment)(?: is)?",
    r"(?:bezorgdatum|leverdatum|bezorgmoment|levering|bezorging)(?= ?:)",
    r"naar verwachting",
    r"(?:de )?(?:bezorging|levering) (?:is )?(?:gepland|verwacht)(?: op| voor)?",
    _whole(
        rf"{_NL_SUBJECT}(?:wordt|worden|zal|zullen|zou|zouden|komt|komen){_NL_CHAIN} (?:worden )?(?:bezorgd|geleverd|afgeleverd|aankomen|arriveren|aan)(?: worden)?"
    ),
)

# --- Polish ----------------------------------------------------------------------------------------
_PL_WHEN = _when(
    days="poniedziałek|poniedziałku|wtorek|wtorku|środa|środę|środy|czwartek|czwartku|piątek|piątku|sobota|sobotę|soboty|niedziela|niedzielę|niedzieli",
    short_days="pon|wt|śr|czw|pt|sob|niedz|ndz",
    months="stycznia|styczeń|lutego|luty|marca|marzec|kwietnia|kwiecień|maja|czerwca|czerwiec|lipca|lipiec|sierpnia|sierpień|września|wrzesień|października|październik|listopada|listopad|grudnia|grudzień",
    short_months="maj|sty|lut|mar|kwi|cze|lip|sie|wrz|paź|lis|gru",
    relative=(
        r"(?:dziś|dzisiaj)",
        r"jutro(?: rano| po południu)?",
        r"pojutrze",
        r"(?:wkrótce|niebawem|niedługo|na czas)",
        r"w (?:tym|przyszłym) tygodniu",
        r"w najbliższ(?:ych dniach|ym czasie)",
        r"(?:w ciągu|za|w przeciągu) (?:\d+(?: ?- ?\d+)?|kilku|kilka|dwóch|dwa|trzech|trzy|najbliższych) dni(?: roboczych)?",
    ),
    times=(
        r"(?:godz\.?|godzinie|godzinami)(?= \d)",
        r"między(?= \d)",
        r"(?:rano|po południu|wieczorem|przed południem)",
    ),
)
_PL_BEFORE = r"w|we|do|od|na|przed|najpóźniej(?: w| we| do)?|w najbliższy|w najbliższą|w przyszły|w przyszłą|o"
_PL_TO_YOU = r"do (?:ciebie|pana|pani|państwa)"
PL = _table(
    _PL_WHEN,
    _PL_BEFORE,
    r"(?:przewidywana|szacowana|planowana|spodziewana|orientacyjna) (?:data (?:dostawy|doręczenia)|dostawa)",
    r"(?:przewidywany|szacowany|planowany|spodziewany|orientacyjny) (?:termin|czas|dzień) (?:dostawy|doręczenia)",
    r"(?:(?:termin|data) (?:dostawy|doręczenia)|dostawa)(?= ?:)",
    rf"(?:(?:paczka|przesyłka|zamówienie|ona|ono|towar) )?(?:{_PL_TO_YOU} )?(?:powinna |powinno |powinien |powinny )?"
    rf"(?:dotrze|dotrą|dotrzeć|zostanie dostarczon[aey]|zostaną dostarczone|będzie dostarczon[aey]|będzie u (?:ciebie|pana|pani|państwa)"
    rf"|trafi {_PL_TO_YOU}|przyjdzie|przyjdą|dojdzie|dojdą)(?: {_PL_TO_YOU})?",
)

# --- Swedish ---------------------------------------------------------------------------------------
_SV_WHEN = _when(
    days="(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?",
    short_days="mån|tis|ons|tors|fre|lör|sön",
    months="januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december",
    short_months="jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec",
    relative=(
        r"(?:idag|i dag)",
        r"(?:imorgon|i morgon)(?: bitti)?",
        r"i övermorgon",
        r"(?:ikväll|i kväll)",
        r"(?:den här|denna|nästa) veckan?",
        r"(?:snart|inom kort|i tid)",
        r"(?:inom|om) (?:\d+(?: ?- ?\d+| till \d+)?|några|ett par|två|tre) (?:arbets)?dag(?:ar)?",
        r"(?:inom|under) de (?:närmaste|kommande) (?:\d+ )?(?:arbets)?dagarna",
    ),
    times=(
        r"(?:kl\.?|klockan)(?= ?\d)",
        r"mellan(?= (?:kl\.? )?\d)",
        r"på (?:förmiddagen|eftermiddagen|kvällen|morgonen)",
        r"under dagen",
    ),
)
_SV_BEFORE = r"på|senast|senast på|till|från|nu på|nästa|på nästa"
SV = _table(
    _SV_WHEN,
    _SV_BEFORE,
    r"(?:beräknad|förväntad|planerad|uppskattad) (?:leverans|leveransdag|leveransdatum|leveranstid|ankomst)(?: är)?",
    r"(?:leveransdatum|leveransdag|leverans)(?= ?:)",
    r"(?:(?:den|det|de|paketet|beställningen|försändelsen|ordern|leveransen|din beställning|ditt paket) )?"
    r"(?:kommer (?:att )?|ska |bör |beräknas |väntas |förväntas )?"
    r"(?:komma fram|kommer fram|levereras|anlända|anländer|vara framme|vara hos dig|nå dig|når dig|ske)",
)

# --- Turkish ---------------------------------------------------------------------------------------
_TR_WHEN = _when(
    days=r"(?:pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar)\w{0,3}(?: günü\w{0,3})?(?: kadar)?",
    short_days="pzt|sal|çar|per|cum|cmt|paz",
    months=r"(?:ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık)\w{0,3}(?: kadar)?",
    short_months="oca|şub|nis|haz|tem|ağu|eyl|eki|kas|ara",
    relative=(
        r"(?:bugün|yarın)\w{0,3}(?: (?:içinde|kadar))?",
        r"(?:bu|gelecek|önümüzdeki) hafta(?: içinde)?",
        r"(?:yakında|kısa süre(?: içinde)?|en kısa sürede|zamanında)",
        r"önümüzdeki günlerde",
        r"(?:\d+(?: ?- ?\d+)?|birkaç|iki|üç|bir iki|iki üç) (?:iş )?günü? (?:içinde|içerisinde|sonra)",
        r"\d+(?:[./\-]\d+){0,2}'?\w{0,3} tarih(?:inde|ine kadar|i)",
    ),
    times=(
        r"saat(?= \d)",
        r"\d+(?:[:.]\d+)?(?: ?- ?\d+(?:[:.]\d+)?)?'?\w{0,3} (?:arası(?:nda)?|civarında)",
        r"(?:sabah|öğleden sonra|akşam)",
    ),
)
_TR_BEFORE = r"en geç|bu|gelecek|önümüzdeki"
TR = _table(
    _TR_WHEN,
    _TR_BEFORE,
    r"(?:tahmini|beklenen|planlanan) (?:teslimat|teslim|varış)(?: (?:tarihi|süresi|zamanı)\w*)?",
    r"teslimat(?: tarihi)?(?= ?:)",
    r"(?:(?:size|elinize|adresinize|kapınıza) )?(?:ulaşacak(?:tır)?|ulaşır|ulaşmış olacak(?:tır)?|ulaşması (?:bekleniyor|beklenmektedir|planlanıyor)"
    r"|teslim edilecek(?:tir)?|elinizde olacak(?:tır)?|kapınızda olacak(?:tır)?|gelecek(?:tir)?)",
)

# --- Japanese (matched anywhere) ------------------------------------------------------------------------
_JA_WEEKDAY = r"(?:[\(（][月火水木金土日](?:曜)?[\)）])?"
JA = (
    r"[月火水木金土日]曜日?",
    rf"(?:\d+年)?\d+月(?:\d+日)?{_JA_WEEKDAY}",
    rf"\d+日{_JA_WEEKDAY}",
    rf"\d+/\d+{_JA_WEEKDAY}",
    r"(?:本日|今日|明日|あす|明後日|あさって|今週中?|来週|週末|近日中?|まもなく|間もなく|もうすぐ|翌日|翌々日|当日|後日)",
    r"数日(?:中|以内|後|ほど)?",
    r"\d+(?:[〜~\-]\d+)?(?:営業)?日(?:以内|後|ほど|程度|前後)",
    r"(?:午前|午後)中?",
    r"\d+時(?:\d+分)?",
    r"(?:夕方|夜間|頃|ごろ|までに(?:は)?|以内|前後)",
    r"(?:お届け|到着|配達|配送)(?:予定|見込み)(?:日|日時|時刻)?(?:は|です|となります|となっております|でございます)?",
    r"(?:お届け|到着|配達)(?:と|に)(?:なります|なる予定です|なる見込みです)",
    r"の?予定(?:です|となります|となっております|でございます)?",
    r"(?:お手元|ご自宅|お客様のもと)(?:に|へ)?",
    r"(?:届き|届く|到着し|到着する|お届けし|お届けいたし|お届け致し|配達され)(?:ます|予定|見込み)?",
    r"(?:ヤマト運輸|ヤマト|クロネコヤマト|佐川急便|佐川|日本郵便|郵便局|ゆうパック|ゆうパケット|ネコポス|クリックポスト|レターパック|西濃運輸|福山通運)(?:にて|で|より|から|の)?",
)

# --- Portuguese (Brazil) -----------------------------------------------------------------------------
_PT_WHEN = _when(
    days=r"(?:segunda|terça|quarta|quinta|sexta)(?: feira)?|sábado|domingo",
    short_days="seg|ter|qua|qui|sex|sáb|dom",
    months="janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro",
    short_months="jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez",
    of=r"(?: de)?",
    relative=(
        r"hoje(?: mesmo)?",
        r"amanhã(?: de manhã| à tarde)?",
        r"depois de amanhã",
        r"(?:esta|nesta|na próxima) semana",
        r"semana que vem",
        r"(?:em breve|a tempo|no prazo)",
        r"(?:em|dentro de|em até|nos próximos) (?:\d+(?: ?- ?\d+| a \d+| ou \d+)?|alguns|poucos|dois|três) dias(?: úteis)?",
        r"nos próximos dias",
    ),
    times=(
        r"(?:às|as|entre as|das|até as|até às)(?= \d)",
        r"entre(?= (?:as )?\d)",
        r"(?:pela manhã|de manhã|à tarde|à noite)",
    ),
)
_PT_BEFORE = r"na|no|nesta|neste|na próxima|no próximo|até|até a|até o|a partir de|a partir da|próxima|próximo|em|no dia|até o dia"
PT = _table(
    _PT_WHEN,
    _PT_BEFORE,
    r"(?:previsão|prazo|data) (?:de entrega|de chegada)(?: (?:é|prevista|estimada))?",
    r"(?:entrega|chegada) (?:prevista|estimada)(?: para)?",
    r"(?:a )?entrega (?:está )?(?:prevista|programada|agendada) para",
    r"(?:entrega|previsão de entrega|prazo de entrega)(?= ?:)",
    r"(?:(?:ele|ela|eles|elas|o pedido|seu pedido|o pacote|seu pacote|a encomenda|sua encomenda) )?"
    r"(?:chegará|chegarão|chega|chegam|deve chegar|devem chegar|deverá chegar|deverão chegar|vai chegar|vão chegar|será entregue|serão entregues"
    r"|estará (?:com você|em sua casa|na sua casa|em suas mãos|nas suas mãos))(?: até você| em sua casa| na sua casa| no seu endereço)?",
)

# --- Arabic (matched inside words: each stands alone, or after "و", "ف" or "ب") -----------------------------
_AR_MONTHS = (
    r"يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
    r"|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"
)
_AR_WHEN = _either(
    r"(?:يوم )?(?:الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)",
    _AR_MONTHS,
    rf"\d+ (?:{_AR_MONTHS})",
    r"(?:غدا|بعد غد|قريبا|هذا الأسبوع|الأسبوع القادم|الأسبوع المقبل|في الوقت المحدد)",
    r"(?:خلال|في غضون|في خلال) (?:\d+(?: ?- ?\d+)? (?:أيام|يوم)(?: عمل)?|يومين|يوم أو يومين|ثلاثة أيام|أيام قليلة|بضعة أيام|الأيام (?:القادمة|المقبلة))",
    r"الساعة(?= \d)",
    r"(?:صباحا|مساء|ظهرا|بعد الظهر)",
    r"بين(?= (?:الساعة )?\d)",
)
AR = tuple(
    rf"(?<!\w)[وفب]?(?:{pattern})(?!\w)"
    for pattern in (
        _AR_WHEN,
        rf"(?:في|يوم|بحلول|حتى|قبل|تاريخ|في موعد أقصاه) {_AR_WHEN}",
        r"(?:موعد|تاريخ) (?:التوصيل|التسليم|الوصول)(?: (?:المتوقع|المقدر))?(?: هو)?",
        r"(?:التوصيل|التسليم|الوصول) (?:المتوقع|المقدر)",
        r"من المتوقع (?:أن )?(?:يصل|تصل|يتم (?:توصيله|تسليمه|توصيلها|تسليمها))",
        r"(?:سوف )?(?:سيصل|ستصل|يصل|تصل)(?:ك|كم)?(?: (?:إليك|إليكم|إلى عنوانك))?(?: (?:الشحنة|شحنتك|الطلب|طلبك|الطرد|طردك|المنتج|منتجك))?",
        r"سيتم (?:توصيله|تسليمه|توصيلها|تسليمها)(?: إليك)?",
        r"(?:(?:عبر|مع|بواسطة|من خلال|عن طريق)(?: شركة)? )?(?:أرامكس|سمسا|ناقل|البريد السعودي|سبل|زاجل|دي إتش إل|فيديكس|يو بي إس)",
    )
)

DELIVERY_DETAILS: dict[str, tuple[str, ...]] = {
    "en": EN,
    "de": DE,
    "fr": FR,
    "it": IT,
    "es": ES,
    "nl": NL,
    "pl": PL,
    "sv": SV,
    "tr": TR,
    "ja": JA,
    "pt": PT,
    "ar": AR,
}
