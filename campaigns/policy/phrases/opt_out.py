"""Unsubscribe and opt-out wording and links, per marketplace language. Pattern syntax:
campaigns/policy/phrases/__init__.py.
"""

# Unsubscribe / opt-out wording and links. Blocking: buyers opt out in their Amazon account, and a
# seller's own mechanism is forbidden.
OPT_OUT: dict[str, tuple[str, ...]] = {
    "en": (
        r"unsubscrib\w*",
        r"opt(?:ed|ing)? ?out",
        r"(?:stop|no longer) receiv\w* (?:these |our |such |further |any |more )*(?:messages|emails|e-mails|mails)",
        r"(?:don't|do not|no longer) (?:want|wish|like) to (?:receive|get) (?:any )?(?:more |further |these |our )*(?:messages|emails|e-mails)",
        r"remove (?:you|yourself) from (?:our|the|this) (?:mailing )?list",
        r"reply (?:with )?[\"']?stop",
    ),
    "de": (
        r"abmelden",
        r"abmeldung\w*",
        r"abbestell\w*",
        r"aus (?:der|dem|unserer|unserem) (?:liste|verteiler|newsletter|mailingliste) (?:zu )?austragen",
        r"(?:keine|nicht mehr) (?:weiteren )?(?:nachrichten|e-mails|emails|mails) (?:mehr )?(?:erhalten|bekommen|empfangen)",
    ),
    "fr": (
        r"désabonner",
        r"désabonnez vous",
        r"désabonnement",
        r"désinscri\w*",
        r"désinscription",
        r"ne (?:plus|pas) recevoir (?:nos |de |ces |d')?(?:messages|e-mails|emails|courriels)",
        r"ne souhaitez plus recevoir",
    ),
    "it": (
        r"annulla(?:re)? (?:l'|la )?iscrizione",
        r"disiscriv\w*",
        r"cancella(?:re|ti)? (?:dalla|dalle) (?:lista|newsletter|mailing list)",
        r"non (?:desideri|vuoi|desidera|vuole) (?:più )?ricevere",
        r"disattiva(?:re)? (?:le )?(?:notifiche|comunicazioni)",
    ),
    "es": (
        r"(?:darse|darte|dese|date|darme|darnos) de baja",
        r"(?:cancelar|anular) (?:la |su )?suscripción",
        r"no (?:desea|quiere|deseas|quieres) recibir (?:más )?(?:mensajes|correos|emails|e-mails)",
        r"dejar de recibir",
    ),
    "nl": (
        r"uitschrijven",
        r"uitschrijving",
        r"afmelden",
        r"afmelding",
        r"geen (?:berichten|e-mails|mails) meer (?:\w+ )?ontvangen",
    ),
    "pl": (
        r"wypisz się",
        r"wypisać się",
        r"wypisanie",
        r"anuluj subskrypcję",
        r"rezygnacja z subskrypcji",
        r"zrezygnuj z (?:subskrypcji|otrzymywania)",
        r"nie (?:chcesz|chce pan|chce pani|chcecie) (?:już )?otrzymywać",
    ),
    "sv": (
        r"avregistrera\w*",
        r"avprenumerera\w*",
        r"avsluta (?:din |er )?prenumeration",
        r"sluta ta emot (?:meddelanden|mejl|e-post)",
        r"inte (?:längre )?(?:vill|önskar) (?:ta emot|få) (?:fler )?(?:meddelanden|mejl|e-post)",
    ),
    "tr": (
        r"abonelikten çık\w*",
        r"aboneliğ\w* iptal",
        r"listeden çık\w*",
        r"(?:mesaj|e-posta|eposta|bildirim)\w* almak istemiyorsanız",
    ),
    "ja": (
        r"配信停止",
        r"配信解除",
        r"購読解除",
        r"購読停止",
        r"受信拒否",
        r"(?:メッセージ|メール)(?:の)?(?:受信|配信)(?:を)?(?:停止|希望しない|ご希望でない)",
        r"オプトアウト",
    ),
    "pt": (
        r"cancelar (?:a |sua )?inscrição",
        r"descadastr\w*",
        r"cancelar (?:a |sua )?assinatura",
        r"não (?:deseja|quer|desejar) (?:mais )?receber",
        r"parar de receber",
        r"sair da lista",
    ),
    "ar": (
        r"إلغاء الاشتراك",
        r"إيقاف (?:الرسائل|استلام)",
        r"(?:إذا|إن) (?:كنت )?لا (?:ترغب|تريد) في (?:تلقي|استلام)",
    ),
}
