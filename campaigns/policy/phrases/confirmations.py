"""Order, shipment and delivery confirmations, per marketplace language, which Amazon prohibits
sending proactively. campaigns/policy/prohibited.py reads this table; the pattern syntax is
campaigns/policy/phrases/__init__.py's.

The table holds statements, never a bare word: "shipped" alone is a question as often as a
confirmation ("before this is shipped, please confirm the engraving"). CONFIRMATIONS alone is no
finding: a confirmation is prohibited when the message says nothing else (filler.py and
delivery_details.py name what does not count).
"""

# A statement that the order has shipped, is on its way or was delivered, or its tracking number.
# With nothing of substance besides, the message is a proactive confirmation: blocking. Next to a
# question, a request, a delay or a review request it is context, and no finding.
CONFIRMATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:your |the |our )?(?:order|package|parcel|item|shipment|purchase|delivery|goods)s? (?:(?!not |never )\w+ ){0,2}?(?:has|have) (?:now |just |already |successfully ){0,2}(?:been )?(?:shipped|dispatched|sent(?: out)?|posted|delivered|handed (?:over )?to (?:the )?(?:carrier|courier)|left our warehouse)",
        r"(?:your |the |our )?(?:order|package|parcel|item|shipment|purchase|delivery|goods)s? (?:(?!not |never )\w+ ){0,2}?(?:was|were|got) (?:successfully |just )?(?:shipped|dispatched|sent(?: out)?|posted|delivered)",
        r"(?:your |the |our )?(?:order|package|parcel|item|shipment|purchase|goods)s? (?:(?:of |for )?\ue000+ )?(?:shipped|went out|left our warehouse)",
        r"(?:your |the |our )?(?:order|package|parcel|item|shipment|purchase|goods)s? (?:(?!not |never )\w+ ){0,2}?(?:is|are|has been|have been) (?:now |already )?(?:on (?:its|their|the) way|in transit|out for delivery|with the (?:carrier|courier))",
        r"(?:your |the |our )?(?:order|package|parcel|item|shipment|purchase)s? (?:(?!not |never )\w+ ){0,2}?(?:has|have) (?:safely )?arrived",
        r"(?:is|are) (?:now |already )?on (?:its|their) way(?: to you)?",
        r"(?:we|i)(?: have|'ve)? (?:just |now |already |successfully )?(?:shipped|dispatched|sent(?: out)?|posted|delivered|handed over) (?:your|the) (?:\w+ )?(?:order|package|parcel|item|items|shipment|purchase|goods)",
        r"(?:tracking|shipment|consignment|parcel) (?:number|no|id|code|link|details|info|information)s?",
        r"track (?:your|the) (?:order|package|parcel|shipment|delivery)",
        r"(?:shipping|dispatch|shipment) confirmation",
    ),
    "de": (
        r"(?:ihre |ihr |deine |dein |die |das |der )?(?:bestellung|sendung|paket|päckchen|lieferung|artikel|ware)\w* (?:(?!nicht |noch )\w+ ){0,3}?(?:wurde|wurden|ist|sind) (?:heute |soeben |gerade |bereits |erfolgreich |nun |jetzt |(?:mit|per) (?:dhl|dpd|ups|gls|hermes|fedex|der post|deutscher post) ){0,3}(?:versandt|versendet|verschickt|zugestellt|geliefert|ausgeliefert|abgeschickt|an (?:(?:den|das|die) (?:versanddienstleister|paketdienst|spediteur|logistiker|transportunternehmen)|dhl|dpd|ups|gls|hermes|fedex|die (?:deutsche )?post) übergeben|unterwegs|auf dem weg|angekommen|eingetroffen)",
        r"(?:wir haben|haben wir) (?:ihnen |dir )?(?:ihre|ihren|deine|deinen|die|den|das) (?:\w+ )?(?:bestellung|sendung|paket|ware|artikel|lieferung)\w* (?:heute |soeben |gerade |bereits |erfolgreich ){0,2}(?:versandt|versendet|verschickt|abgeschickt|zugestellt)",
        r"(?:sendungs|tracking|paket|verfolgungs)[ -]?(?:nummer|nr|id|link|code)",
        r"\w*sendungsverfolgung\w*",
        r"(?:befindet|befinden) sich (?:\w+ ){0,2}?(?:auf dem weg|im versand|in zustellung|in der zustellung)",
        r"versandbestätigung",
    ),
    "fr": (
        r"(?:votre |vos |ta |le |la |les |l')?(?:commande|colis|paquet|article|envoi|livraison|achat)s? (?:(?!ne |n\')\w+ ){0,3}?(?:a|ont) (?:bien |déjà |aujourd'hui ){0,2}(?:été )?(?:expédiée?s?|envoyée?s?|livrée?s?|remise?s? (?:au|à) (?:transporteur|la poste|notre transporteur|colissimo|chronopost))",
        r"(?:votre |vos |ta |le |la |les |l')?(?:commande|colis|paquet|article|envoi)s? (?:\w+ ){0,3}?(?:est|sont) (?:bien |déjà ){0,2}(?:en route|en chemin|en cours de livraison|en cours d'acheminement|arrivée?s?|partie?s?)",
        r"(?:nous avons|j'ai) (?:bien |aujourd'hui ){0,2}(?:expédié|envoyé|livré|remis (?:au|à) \w+) (?:votre|ta|vos) (?:\w+ )?(?:commande|colis|article|paquet)s?",
        r"nous venons d'(?:expédier|envoyer) (?:votre|ta|vos) (?:\w+ )?(?:commande|colis|article|paquet)s?",
        r"(?:numéro|lien|code) de (?:suivi|tracking|colis)",
        r"suivre (?:votre|ton|le) (?:colis|commande|envoi|livraison)",
        r"confirmation d'(?:expédition|envoi)",
    ),
    "it": (
        r"(?:il tuo |il suo |la tua |la sua |il |la |l')?(?:ordine|pacco|articolo|spedizione|acquisto|prodotto|collo)\w* (?:(?!non |ancora )\w+ ){0,3}?(?:è|sono) (?:appena |già )?(?:stat[oaie] )?(?:appena |già |oggi |correttamente ){0,2}(?:spedit[oaie]|inviat[oaie]|consegnat[oaie]|affidat[oaie] al corriere|partit[oaie]|in viaggio|in consegna|in transito|arrivat[oaie])",
        r"(?:abbiamo|ho) (?:appena |già |oggi |correttamente ){0,2}(?:spedito|inviato|consegnato|affidato al corriere) (?:il tuo|il suo|il vostro|la tua|la sua|l'|i tuoi|i suoi) ?(?:\w+ )?(?:ordine|pacco|articolo|acquisto|prodotto|articoli)",
        r"(?:numero|codice|link) di (?:tracciamento|tracking|spedizione)",
        r"traccia(?:re)? (?:il tuo |il suo |il |la tua |la sua |la )?(?:pacco|ordine|spedizione)",
        r"conferma di spedizione",
    ),
    "es": (
        r"(?:su |tu |sus |tus |el |la )?(?:pedido|paquete|envío|artículo|compra|producto)s? (?:(?!no |aún |todavía )\w+ ){0,3}?(?:ha|han|fue|fueron) (?:sido )?(?:ya )?(?:enviad[oa]s?|despachad[oa]s?|entregad[oa]s?|expedid[oa]s?)",
        r"(?:su |tu |sus |tus |el |la )?(?:pedido|paquete|envío)s? (?:(?!no |aún |todavía )\w+ ){0,3}?(?:está|están|va|van) (?:ya )?(?:en camino|de camino|en tránsito|en reparto)",
        r"(?:su |tu |sus |tus |el |la )?(?:pedido|paquete)s? (?:(?!no |aún |todavía )\w+ ){0,2}?(?:ha|han) llegado",
        r"(?:hemos|he) (?:ya )?(?:enviado|despachado|entregado|expedido) (?:su|tu|sus|tus) (?:\w+ )?(?:pedido|paquete|artículo|compra)s?",
        r"(?:número|código|enlace) de (?:seguimiento|envío|rastreo)",
        r"(?:seguir|rastrear) (?:su|tu|el) (?:pedido|paquete|envío)",
        r"confirmación de envío",
    ),
    "nl": (
        r"(?:uw |je |jouw |de |het )?(?:bestelling|pakket|pakketje|zending|artikel|aankoop|levering)\w* (?:(?!niet |nog )\w+ ){0,3}?(?:is|zijn|werd|werden) (?:vandaag |zojuist |net |al |inmiddels |succesvol |(?:met|via) (?:postnl|dhl|dpd|gls|ups|bpost) ){0,3}(?:verzonden|verstuurd|bezorgd|geleverd|afgeleverd|onderweg|aangekomen|aan de vervoerder overgedragen)",
        r"(?:wij hebben|we hebben|hebben wij|hebben we) (?:uw|je|jouw|de|het) (?:\w+ )?(?:bestelling|pakket|pakketje|zending|artikel)\w* (?:vandaag |zojuist |net |al ){0,2}(?:verzonden|verstuurd|bezorgd|geleverd)",
        r"track (?:en |& )?trace(?: ?code)?",
        r"(?:tracking|volg|zending)s?(?:nummer|code)\w*",
        r"tracking (?:nummer|code)",
        r"verzendbevestiging",
    ),
    "pl": (
        r"(?:twoje |twoja |pana |pani |państwa )?(?:zamówieni|przesyłk|paczk|produkt|towar|zakup)\w* (?:(?!nie )\w+ ){0,3}?(?:zostało|została|został|zostały|zostali) (?:już |dziś |dzisiaj |właśnie |pomyślnie ){0,2}(?:wysłan|nadan|dostarczon|doręczon|przekazan\w* (?:kurierowi|przewoźnikowi))\w*",
        r"(?:twoje |twoja |pana |pani |państwa )?(?:zamówieni|przesyłk|paczk)\w* (?:(?!nie )\w+ ){0,3}?(?:jest|są) (?:już )?(?:w drodze|w doręczeniu|w transporcie)",
        r"(?:wysłaliśmy|nadaliśmy|dostarczyliśmy|przekazaliśmy kurierowi) (?:\w+ ){0,2}?(?:zamówieni|przesyłk|paczk|produkt|towar)\w*",
        r"(?:numer|link|kod) (?:przesyłki|śledzenia|do śledzenia|nadania|listu przewozowego)",
        r"(?:śledzić|śledzenie) (?:przesyłk|paczk|zamówieni)\w*",
        r"potwierdzenie (?:wysyłki|nadania)",
    ),
    "sv": (
        r"(?:din |ditt |dina |er |ert )?(?:beställning|order|paket|försändelse|artikel|köp|leverans)\w* (?:(?!inte |ännu )\w+ ){0,3}?(?:har|är|blev) (?:nu |idag |redan |precis ){0,2}(?:skickad|skickat|skickats|skickade|levererad|levererat|levererats|levererade|avsänd|avsänt|på väg|ute för leverans|framme)",
        r"(?:vi har|har vi) (?:nu |idag |precis ){0,2}(?:skickat|levererat|postat) (?:din|ditt|dina) (?:\w+ )?(?:beställning|order|paket|vara|varor)",
        r"(?:spårnings|kolli|sändnings)(?:nummer|numret|länk)\w*",
        r"spåra (?:din|ditt) (?:beställning|paket|försändelse|order)",
        r"(?:leverans|skick|frakt)bekräftelse",
    ),
    "tr": (
        r"(?:siparişiniz|paketiniz|kargonuz|ürününüz|ürünleriniz|gönderiniz)\w* (?:\w+ ){0,5}?(?:kargoya verildi|kargoya verilmiştir|gönderildi|gönderilmiştir|teslim edildi|teslim edilmiştir|yola çıktı|yola çıkmıştır|yolda|dağıtıma çıktı|dağıtıma çıkmıştır|kargolandı|kargolanmıştır|ulaştı)",
        r"(?:siparişinizi|paketinizi|ürününüzü|ürünlerinizi) (?:\w+ ){0,2}?(?:kargoya verdik|gönderdik|teslim ettik|kargoladık)",
        r"(?:kargo )?takip (?:numarası|numaranız|kodu|kodunuz|linki|bağlantısı)\w*",
        r"(?:kargo|gönderim|sevkiyat) (?:bildirimi|onayı)",
    ),
    "ja": (
        r"(?:発送|出荷)(?:いたしました|致しました|しました|させていただきました|させて頂きました|が完了(?:いたしました|致しました|しました)|完了のお知らせ|済み)",
        r"(?:配達|お届け|配送)(?:が)?(?:完了(?:いたしました|致しました|しました)?|済み)",
        r"お届け(?:いたしました|致しました|しました)",
        r"(?:お問い合わせ|追跡|伝票|配送伝票|送り状)番号",
        r"(?:配送状況|配達状況|お荷物の状況)",
        r"(?:配送中|輸送中|お届け中)",
    ),
    "pt": (
        r"(?:o seu |a sua |o |a |seu |sua )?(?:pedido|pacote|encomenda|produto|compra|item|itens)s? (?:(?!não |ainda )\w+ ){0,3}?(?:foi|foram) (?:enviad[oa]s?|despachad[oa]s?|entregue?s?|postad[oa]s?|expedid[oa]s?)",
        r"(?:o seu |a sua |o |a |seu |sua )?(?:pedido|pacote|encomenda)s? (?:(?!não |ainda )\w+ ){0,3}?(?:está|estão) (?:a caminho|em trânsito|em rota de entrega)",
        r"(?:o seu |a sua |o |a |seu |sua )?(?:pedido|pacote|encomenda)s? (?:(?!não |ainda )\w+ ){0,3}?saiu para (?:a )?entrega",
        r"(?:enviamos|despachamos|entregamos|postamos) (?:o |a )?(?:seu|sua|teu|tua) (?:\w+ )?(?:pedido|pacote|encomenda|compra)",
        r"(?:código|número|link) de (?:rastreamento|rastreio|envio)",
        r"(?:rastrear|acompanhar) (?:o |a )?(?:seu |sua )?(?:pedido|pacote|encomenda|entrega)",
        r"confirmação de envio",
    ),
    "ar": (
        r"(?:(?<!ي)تم|قد تم|لقد تم) (?:بنجاح )?(?:شحن|إرسال|توصيل|تسليم) (?:\w+ )?(?:طلبك|طلبكم|شحنتك|طردك|الطلب|الطرد|منتجك|مشترياتك)",
        r"(?:شحنا|أرسلنا|قمنا بشحن|قمنا بإرسال|قمنا بتوصيل|سلمنا) (?:\w+ )?(?:طلبك|طلبكم|شحنتك|طردك|منتجك)",
        r"(?:طلبك|طلبكم|شحنتك|طردك) (?:(?!لم |لا )\w+ ){0,3}?(?:في الطريق(?: إليك)?|قيد التوصيل|في طريقه إليك|خرج للتوصيل|تم شحنه|تم توصيله|وصل)",
        r"رقم (?:التتبع|تتبع الشحنة|الشحنة|البوليصة)",
        r"تتبع (?:طلبك|شحنتك|الشحنة|طردك)",
        r"تأكيد (?:الشحن|الإرسال)",
    ),
}
