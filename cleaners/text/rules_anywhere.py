"""Line rules that hold anywhere in a story, in many languages: prompts, plugs and notes
that newsrooms everywhere glue around a story (used by :mod:`newsclean.cleaners.text.rules`).

:data:`ANYWHERE_RULES` are ``(reason, pattern)`` pairs that must match a WHOLE stripped line,
wherever it stands; they are specific enough for the middle of a story. Looser patterns,
tried only at the edges of the text, live in :mod:`newsclean.cleaners.text.rules_edges`.

Every pattern is a general form ("read also"-type prompts, agency initials, subscription
teasers), never a string copied from one page or one site. Free-text parts are bounded.
"""

from __future__ import annotations

import re

from newsclean.cleaners.lexicon import AGENCY, alternation

#: a list bullet an extractor left in front of a line
BULLET = r"(?:[-–—•*>▶►]\s*)?"

_READ_PROMPT = alternation(
    r"read\s+(?:also|more|next)", r"also\s+read", r"see\s+also", r"more\s+on\s+this", "related",
    r"lesen\s+sie\s+(?:auch|mehr|hier)", r"auch\s+interessant", r"lies\s+auch", r"zum\s+artikel",
    r"mehr\s+(?:dazu|zum\s+thema)", "weiterlesen", r"passend\s+dazu", r"dazu\s+passend",
    r"(?:[àa]\s+)?lire\s+(?:aussi|[ée]galement)", r"voir\s+aussi", r"(?:[àa]\s+)?d[ée]couvrir",
    r"(?:tambi[ée]n\s+)?(?:le|te|les)\s+puede[n]?\s+interesar",
    r"puedes\s+ver", r"(?:lea|lee|vea|ve|mira|ver)\s+tambi[ée]n", r"tambi[ée]n\s+lee",
    r"notas?\s+relacionadas?", r"noticias?\s+relacionadas?", r"art[ií]culos?\s+relacionados?",
    r"leggi\s+anche", r"(?:ti\s+)?potrebbe\s+interessarti", r"leia\s+(?:tamb[ée]m|mais)",
    r"veja\s+(?:tamb[ée]m|mais)", r"czytaj\s+(?:te[żz]|tak[żz]e|r[óo]wnie[żz]|wi[ęe]cej)",
    r"zobacz\s+(?:te[żz]|tak[żz]e|r[óo]wnie[żz])", r"lees\s+(?:ook|meer)",
    r"l[äa]s\s+(?:ocks[åa]|mer)", r"les\s+(?:ogs[åa]|mer)", r"l[æa]s\s+(?:ogs[åa]|mere)",
    r"p[řr]e[čc]t[ěe]te\s+si\s+tak[ée]", r"ayr[ıi]ca\s+okuyun", r"ещё\s+по\s+теме",
    r"читайте\s+также", "関連記事", "あわせて読みたい",
)
#: "Read also: <headline>", "- Zum Artikel: <headline>", "PUEDES VER | <headline>"
READ_ALSO_PROMPT = rf"{BULLET}{_READ_PROMPT}\s*(?:[:|»>→–—]+|\.\.\.|…)\s*.{{0,220}}"

#: label lines that only announce what follows: "Weiterlesen", "Hinweis:", "Note:"
LABEL_LINE = BULLET + alternation(
    "weiterlesen", r"mehr\s+lesen", r"read\s+more", r"continue\s+reading", r"lire\s+la\s+suite",
    r"leer\s+m[áa]s", r"seguir\s+leyendo", r"continua\s+a\s+leggere", "hinweis",
    r"anmerkung\s+der\s+redaktion", r"editor['’]?s\s+note", r"note\s+de\s+la\s+r[ée]daction",
    r"nota\s+del?\s+(?:la\s+)?(?:editor|redacci[óo]n)", r"bild\s+(?:anzeigen|vergr[öo][ßs]ern)",
    r"(?:show|view|enlarge)\s+(?:image|photo|gallery)", r"zur\s+bildergalerie",
    r"(?:meist|am\s+meisten)\s*(?:gelesene?|kommentierte|geteilte)(?:\s+artikel)?",
    r"(?:kommentierte|meistgelesene|beliebte)\s+artikel", r"most\s+(?:read|viewed|shared|commented)"
    r"(?:\s+(?:articles|stories))?", r"lo\s+m[áa]s\s+(?:le[íi]do|visto)", r"les\s+plus\s+lus",
    r"i\s+pi[ùu]\s+letti", r"entdecke\s+(?:weitere|mehr)\s+\w+",
    r"(?:discover|explore)\s+more(?:\s+\w+)?",
    "hauptinhalt", r"(?:zum|zur)\s+hauptinhalt", r"empfohlener\s+(?:redaktioneller\s+)?inhalt",
    r"[-–\s]*(?:aktualisiert|updated|ver[öo]ffentlicht|published|posted|mis\s+[àa]\s+jour|"
    r"actualizado|publicado)(?:\s+(?:am|on|le|el|um|at))?", "関連キーワード", "おすすめ情報",
    "関連ニュース", "推荐阅读", "相关新闻", "相关阅读", "分享让更多人看到", "分享到", "关注",
    r"skip\s+to\s+(?:main\s+)?content", r"(?:direkt\s+)?zum\s+inhalt(?:\s+springen)?",
    r"aller\s+au\s+contenu(?:\s+principal)?", r"ir\s+al\s+contenido(?:\s+principal)?",
) + r"\s*[:.…>]*"

#: "Weitere Informationen zum Thema:", "Weitere aktuelle Themen aus X"
MORE_LABEL = (
    r"weitere\s+(?:aktuelle\s+)?(?:informationen|infos|themen|artikel|nachrichten|meldungen|"
    r"beitr[äa]ge)(?:\s+[\w\-’' ]{1,60})?\s*:?"
    r"|(?:weitere|mehr)\s+(?:informationen|infos)\b[^\n]{0,80}\b(?:www\.|https?://|website|"
    r"webseite|homepage|internetseite|internet)[^\n]{0,60}"
    r"|(?:more\s+information|further\s+information|more\s+info)\b[^\n]{0,60}\b(?:www\.|"
    r"https?://|website)[^\n]{0,60}"
)

_SUBSCRIBER = r"(?:abonn[ée]e?s|abonnent(?:inn)?en|subscribers|suscriptores|abbonati|assinantes)"
PAYWALL_TEASER = "|".join((
    r"il\s+vous\s+reste\s+\d+(?:[.,]\d+)?\s*%.{0,160}",
    r"(?:la\s+suite\s+(?:de\s+cet\s+article\s+)?est|cet\s+article\s+est)\s+r[ée]serv[ée]e?\s+aux\s+"
    rf"{_SUBSCRIBER}.{{0,120}}",
    rf"(?:dieser\s+(?:artikel|beitrag|inhalt)\s+ist|este\s+(?:art[ií]culo|contenido)\s+es|questo\s+"
    rf"articolo\s+[èe])\s+(?:nur\s+|solo\s+)?(?:f[üu]r|exclusivo\s+para|para|per|riservato\s+agli)"
    rf"\s+(?:unsere\s+)?(?:{_SUBSCRIBER}|abo-?kunden|plus-?kunden).{{0,120}}",
    r"(?:to|please\s+subscribe\s+to)\s+(?:view|read|continue\s+reading|access)\s+(?:the\s+)?"
    r"(?:full|rest\s+of\s+(?:the|this)|entire|complete)\s+(?:story|article).{0,160}",
))

#: "This article was originally published ...", machine-translation notes, disclaimers
ORIGIN_NOTE = "|".join((
    r"(?:this|the)\s+(?:article|story|post|piece|interview)\s+(?:was|is|has\s+been)\s+"
    r"(?:(?:originally|first|initially)\s+(?:published|posted)|(?:translated|adapted)\s+from)"
    r".{0,220}",
    r"(?:originally|first)\s+published\s+(?:in|on|by|at)\b.{0,200}",
    r"read\s+the\s+original\s+(?:article|story|post).{0,120}|(?:lest|lesen\s+sie)\s+den\s+"
    r"original(?:artikel|beitrag).{0,120}",
    r"(?:dies\s+ist\s+eine|dieser\s+(?:artikel|text)\s+ist\s+eine)\s+(?:maschinelle\s+|"
    r"automatische\s+|automatisierte\s+)?[üu]bersetzung.{0,220}",
    r"(?:cet\s+article|ce\s+texte)\s+(?:a\s+[ée]t[ée]|est)\s+(?:initialement\s+)?(?:publi[ée]|"
    r"traduit).{0,200}",
    r"aus\s+dem\s+\w+\s+(?:von|[üu]bersetzt\s+von|[üu]bertragen\s+von)\s+.{2,80}|(?:translated|"
    r"translation)\s+(?:from\s+(?:the\s+)?\w+\s+)?by\s+.{2,80}|traduit\s+de\s+l['’]\w+\s+par\s+.{2,80}"
    r"|traducci[óo]n(?:\s+del\s+\w+)?\s*:\s*.{2,80}|traduzione\s+di\s+.{2,80}",
    r"(?:the\s+)?(?:views|opinions)\s+expressed\s+(?:in\s+this\s+(?:article|column|piece)|here)"
    r".{0,200}",
    r"(?:this|the)\s+is\s+a\s+(?:breaking|developing)\s+(?:news?\s+)?story.{0,120}|this\s+story\s+"
    r"(?:is\s+developing|will\s+be\s+updated).{0,120}|(?:dieser\s+artikel|diese\s+meldung)\s+wird"
    r"\s+(?:laufend|fortlaufend|st[äa]ndig)\s+aktualisiert.{0,80}",
))

#: "Mehr zur Lage lesen Sie in unserem Liveblog:", "Follow our live coverage here"
LIVEBLOG_PLUG = r"(?:follow|read)\s+our\s+live\s+(?:blog|coverage|updates).{0,80}"
#: consent placeholders of embedded third-party content
CONSENT_PLACEHOLDER = (
    r"(?:ich\s+bin\s+damit\s+einverstanden,?\s+dass\s+mir|an\s+dieser\s+stelle\s+finden\s+sie)"
    r"\s+[^\n]{0,80}\bexterne[nr]?\s+inhalte?[^\n]{0,300}"
    r"|i\s+(?:agree|consent)\s+to\s+[^\n]{0,60}\b(?:external|third[- ]party)\s+content[^\n]{0,200}"
)
#: copyright notices longer than a one-line "© 2024 X"
COPYRIGHT_NOTICE = (
    r"(?:©|\(c\)|copyright)[^\n]{0,100}?\b(?:copyright|all\s+rights|permission|property)"
    r"[^\n]{0,300}"
    r"|(?:this|the)\s+(?:article|content|material|story)\s+(?:is|are)\s+(?:the\s+)?"
    r"(?:copyrighted|protected\s+by\s+copyright|property\s+of)[^\n]{0,300}"
)
#: a rule of punctuation between the story and its footer: "___", "* * *"
SEPARATOR = r"(?:[_\-–—=*~#•·]\s?){3,40}"

#: a shop's toast message: "Der Artikel wurde erfolgreich hinzugefügt."
UI_MESSAGE = (
    r"(?:der\s+artikel|das\s+produkt|the\s+item|item|product|artikel|produkt)\s+(?:wurde|was|has\s+"
    r"been)\s+(?:erfolgreich\s+|successfully\s+)?(?:hinzugef[üu]gt|added|in\s+den\s+warenkorb\s+"
    r"gelegt)[^\n]{0,60}"
)

#: "Du musst eingeloggt sein, um ... zu kommentieren", "You must be logged in to comment"
LOGIN_NOTICE = (
    r"(?:du\s+musst|sie\s+m[üu]ssen|you\s+(?:must|need\s+to)|vous\s+devez|debes|devi)\s+"
    r"(?:be\s+|dich\s+|sich\s+|être\s+|estar\s+|essere\s+)?(?:eingeloggt|angemeldet|logged\s+in|"
    r"signed\s+in|registered|connect[ée]e?|registrado|registrato|registriert|einloggen|anmelden)"
    r".{0,60}\b(?:comment|kommentar|post|reply|antwort|view|see|read|lesen|download|access|"
    r"commenter|comentar|commentare|schreiben|herunterladen|sehen).{0,100}"
)
#: a caption that ends with its credit: "... in Berlin. Bild: Jane Doe", "Titelbild: X/Y"
CAPTION_LABEL = (
    r"(?:titelbild|titelfoto|beitragsbild|symbolbild|teaserbild|aufmacherbild|bildnachweis|"
    r"fotonachweis|bildrechte|featured\s+image|header\s+image|cover\s+(?:image|photo)|"
    r"image\s+credits?|photo\s+credits?|cr[ée]dits?\s+photos?)\s*:\s*.{1,200}"
    r"|(?:abbildung|abb\.|figure|fig\.|grafik|figura|gr[áa]fico|grafico)\s*\d{1,3}[a-z]?\s*[:.]\s*"
    r".{1,200}"
    rf"|(?:quelle|source|fuente|fonte)\s*:\s*{AGENCY}(?:\s*[/,]\s*[\w\- ]{{1,40}}){{0,3}}"
)
CAPTION_CREDIT_END = re.compile(
    r"(?:[.!?)]\s+(?:bild|foto|photo|image|credit|fotos|bilder)\s*:|\s[|/]\s*©)"
    r"\s*[^.:!?\n]{2,80}$",
    re.IGNORECASE,
)
#: "2025年1月14日 01時28分 (1月14日 01時40分更新)"
CJK_DATELINE = (
    r"(?=[^\n]{0,20}月)(?=[^\n]{0,30}日)[\d年月日時分秒\s()（）:：/.\-更新公開配信]{6,60}"
)
#: settings leaked from page scripts: "- showPaywall:", "- false"
CODE_ARTIFACT = (
    r"[-–•]?\s*(?:(?-i:[a-z]{2,}[A-Z])\w*\s*:\s*(?:true|false|null|\d+)?|true|false|null)"
)

#: (reason, pattern); each must match a whole stripped line, anywhere in the text
ANYWHERE_RULES: tuple[tuple[str, str], ...] = (
    ("related_prompt", READ_ALSO_PROMPT),
    ("paywall_prompt", PAYWALL_TEASER),
    ("origin_note", ORIGIN_NOTE),
    ("login_prompt", LOGIN_NOTICE),
    ("photo_caption", CAPTION_LABEL),
    ("label_line", LABEL_LINE),
    ("label_line", MORE_LABEL),
    ("code_artifact", CODE_ARTIFACT),
    ("related_prompt", LIVEBLOG_PLUG),
    ("embed_placeholder", CONSENT_PLACEHOLDER),
    ("copyright", COPYRIGHT_NOTICE),
    ("separator", SEPARATOR),
    ("ui_message", UI_MESSAGE),
    ("dateline", CJK_DATELINE),
)

#: (reason, trigger words, pattern, longest line): lines that CONTAIN a telling phrase. The
#: pattern is searched only in lines up to that length whose case-folded text contains one
#: of the trigger words, which keeps the cost of these rules near zero on body text.
CONTAINS_RULES: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    # "X and Y contributed to this report.", "An diesem Bericht hat X mitgewirkt."
    ("credits", ("contributed", "mitgewirkt"),
     r"\bcontributed\s+(?:reporting\s+)?(?:to\s+)?(?:this|the)\s+(?:report|story|article)\.?$"
     r"|\b(?:hat|haben)\s+(?:an\s+diesem\s+(?:bericht|artikel|beitrag)\s+)?mitgewirkt\.?$", 400),
    # "The post X appeared first on Y.", "... müssen nicht der Meinung der Redaktion entsprechen"
    ("origin_note", ("appeared first", "meinung der redaktion"),
     r"\bappeared\s+first\s+on\b|\b(?:m[üu]ssen|muss)\s+nicht\s+(?:unbedingt\s+)?(?:der|die|"
     r"mit\s+der)\s+meinung\s+der\s+redaktion", 300),
    # "This is a breaking story - more to follow", "Weitere Informationen folgen."
    ("origin_note", ("to follow", "to come", "details soon", "in kürze", "details folgen",
                     "informationen folgen", "venir"),
     r"(?:^|[-–—:]\s*)(?:more\s+(?:to\s+follow|to\s+come|details\s+soon)|(?:further\s+)?details\s+"
     r"to\s+follow|mehr\s+in\s+k[üu]rze|weitere\s+(?:informationen|details)\s+folgen|(?:plus\s+"
     r"d['’]informations|plus\s+de\s+d[ée]tails)\s+[àa]\s+venir)\s*[.!…]*$", 160),
    # "Mehr zur Lage lesen Sie in unserem Liveblog:"
    ("related_prompt", ("in unserem",),
     r"\b(?:lesen|finden|h[öo]ren|sehen)\s+sie\s+[^\n]{0,60}\bin\s+unserem\s+(?:liveblog|"
     r"live-?ticker|newsticker|ticker|dossier|[üu]berblick|themenspezial|podcast)\w*\s*[:.]?$",
     200),
    # the info box under a book review: "Title Author, Publisher 2025, 368 S., 28 €"
    ("book_info", ("€", "$", "£", "eur", "chf", "fr.", "zł", "kč"),
     r"\b\d{2,4}\s*(?:S\.|Seiten|pages|pp\.|p\.|str\.)\s*,?\s*(?:[€$£]\s*\d+(?:[.,]\d+)?|"
     r"\d+(?:[.,]\d+)?\s*(?:€|euro|eur|chf|fr\.|\$|£|zł|kč))\.?$", 250),
    # a file download link: "Report 2021 PDF | 38 KB"
    ("download_link", ("kb", "mb", "gb", "kib", "mib"),
     r"(?<![^\W\d_])(?:pdf|docx?|xlsx?|pptx?|zip|mp3|epub)\s*[|,(]\s*\d+(?:[.,]\d+)?\s*[kmg]i?b\b",
     300),
    # the fine print of a sign-up form: "You can unsubscribe at any time. Read our Privacy Policy"
    ("newsletter_form", ("privacy", "unsubscribe", "opt-out", "opt out", "check out", "abmelden",
                         "abbestellen", "widerrufen", "sabonner", "sinscrire", "baja"),
     r"\b(?:you\s+can(?![’']t)|sie\s+k[öo]nnen|vous\s+pouvez|puedes|du\s+kannst)\s[^\n]{0,60}\b"
     r"(?:unsubscribe|opt[- ]out|check\s+out|abmelden|abbestellen|widerrufen|d[ée]sabonner|"
     r"d[ée]sinscrire|darte\s+de\s+baja)[^\n]{0,30}\b(?:at\s+any\s+time|anytime|jederzeit|"
     r"[àa]\s+tout\s+moment|en\s+cualquier\s+momento)"
     r"|\b(?:read|see|view)\s+our\s+privacy\s+(?:policy|notice)", 300),
    # a video teaser: "... 21.04.2024 | 3:18 min"
    ("video_teaser", ("|",), r"\|\s*\d{1,3}:\d{2}\s*min\.?$", 400),
    # "This material may not be published, broadcast, rewritten or redistributed."
    ("copyright", ("not be",),
     r"\b(?:material|article|content|story|text|photos?|images?|publication)\s+(?:may|must)\s+"
     r"not\s+be\s+(?:reproduced|republished|copied|redistributed|published,"
     r"\s+broadcast)", 300),
    # Japanese paywall teasers: members-only, paid members, member sign-up, paid article
    ("paywall_prompt", ("会員", "有料"), r"会員限定|有料会員|会員登録|有料記事", 120),
)
