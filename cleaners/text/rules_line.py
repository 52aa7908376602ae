"""Whole-line rules for :mod:`newsclean.cleaners.text.rules`, plus the patterns the facts read.

Every rule is a general pattern kept as data: a reason name and a regular expression that
must match a WHOLE (stripped) line, so a sentence that merely mentions "share" or "log in"
survives. Nothing here is copied from one page.

Backtracking is kept linear: repeated tokens use possessive quantifiers (``*+``, ``++``),
free-text parts are bounded (``.{1,400}``), and the caller never applies the line rules to
lines longer than :data:`MAX_RULE_LINE`.
"""

from __future__ import annotations

import re

from newsclean.cleaners.lexicon import (
    PHOTO_AGENCY_CREDITS,
    SHARE_BAR_WORDS,
    SHARE_BUTTON_WORDS,
    SOCIAL_NETWORKS,
    alternation,
)
from newsclean.cleaners.text.rules_anywhere import ANYWHERE_RULES

#: lines longer than this are body text: line rules are not even tried on them
MAX_RULE_LINE = 400


_SOCIAL = alternation(*SOCIAL_NETWORKS)
# words a share bar is made of; counts and separators may be glued to them ("COMMENTMORE")
_SHARE_WORD = alternation(*SOCIAL_NETWORKS, *SHARE_BAR_WORDS)
_COUNT = r"\d++(?:[.,]\d++)?+[km]?+"
_SEP = r"[\s|·•/,:()\[\]]*+"
SHARE_COUNTS = rf"{_SEP}(?:(?:{_COUNT}|{_SHARE_WORD}){_SEP})++"
#: a share_counts match must also contain one of these (a line of counts alone is kept)
SHARE_STRONG = re.compile(alternation(*SOCIAL_NETWORKS, *SHARE_BUTTON_WORDS), re.IGNORECASE)

_LOGIN_WORD = alternation(
    r"log\s?-?\s?(?:in|out)", r"sign\s?-?\s?(?:in|up|out)", r"subscribe(?:\s+(?:now|today))?",
    r"register(?:\s+now)?", r"my\s+account", r"create\s+(?:an?\s+|your\s+)?(?:free\s+)?account",
    r"(?:log|sign)\s+in\s+to\s+(?:continue|read|comment)(?:\s+reading)?",
    r"already\s+(?:a\s+subscriber|registered|have\s+an\s+account)\??",
    r"(?:subscribe|sign\s+up|suscr[ií]bete|abonnieren\s+sie|inscrivez-vous|abonnez-vous|"
    r"iscriviti|jetzt)\s+(?:(?:to|for|a|à|zu|al(?:la)?|unseren?|our|the|nuestro|notre|"
    r"kostenlosen|free|daily|weekly)\s+){0,3}newsletters?(?:\s+(?:abonnieren|an))?",
    "anmelden", "einloggen", "registrieren", "abonnieren", "abmelden", r"jetzt\s+abonnieren",
    r"se\s+connecter", "connexion", "s['’]abonner", "s['’]inscrire", r"iniciar\s+sesi[oó]n",
    r"suscr[ií]bete", "registrarse", "accedi", "abbonati", "registrati", "inloggen",
)
#: a date label that a flattened page glued in front of a login prompt (" date 2020-09-16 Log in")
DATE_LABEL_PREFIX = (
    r"(?:(?:date|updated|published|posted|datum|fecha)\s*:?\s*)?"
    r"(?P<labeldate>\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
)
LOGIN_PROMPT = (
    rf"(?:{DATE_LABEL_PREFIX.replace('?P<labeldate>', '')}\s*[|·•\-]?\s*)?"
    rf"{_LOGIN_WORD}(?:\s*(?:[|/·•]|or|oder|ou|o)\s*{_LOGIN_WORD})*+\s*[.!]?"
)

SHARE_PROMPT = "|".join((
    r"read\s+or\s+share\s+this\s+(?:story|article)\s*:?\s*\S*",
    r"share\s+(?:this|the)\s+(?:article|story|post|page|video|gallery)"
    rf"(?:\s+(?:on|via)\s+{_SOCIAL})?\s*[:!.]?",
    r"click\s+(?:here\s+)?to\s+share\b.{0,80}",
    rf"(?:follow\s+us|folgen\s+sie\s+uns|suivez[- ]nous|s[ií]guenos|seguici)\s+(?:on|auf|sur|en|su)"
    rf"\s+{_SOCIAL}(?:\s*(?:,|and|und|et|y|e|&|\|)\s*{_SOCIAL})*+(?:\s*:?\s*@?\S+)?",
    r"(?:artikel|beitrag)\s+teilen|partager\s+(?:cet\s+|l['’])article",
    r"compartir\s+(?:este\s+)?(?:art[ií]culo|noticia)|condividi\s+(?:questo\s+)?articolo",
))

EMAIL = r"[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63})++"
HANDLE = r"@\w{1,30}"
_CONTACT_ITEM = "|".join((
    rf"(?:(?:e-?mail|contact|reach)(?:\s+(?:me|him|her|them|the\s+(?:author|writer)))?"
    rf"\s*(?:at|:)?\s*)?{EMAIL}",
    rf"(?:{_SOCIAL})\s*:\s*{HANDLE}",
    rf"follow\s+(?:\w+\s+){{0,3}}(?:on\s+{_SOCIAL}\s*)?:?\s*{HANDLE}",
    HANDLE,
))
AUTHOR_CONTACT = rf"(?:{_CONTACT_ITEM})(?:\s*[|,;·•/]\s*(?:{_CONTACT_ITEM}))*+\.?"

_PHOTO_AGENCY = "(?-i:" + "|".join(PHOTO_AGENCY_CREDITS) + ")"
PHOTO_CAPTION = "|".join((
    r"(?:file\s+photo|photo(?:graph)?|image|picture|pictured|illustration|foto|bild|imagen|"
    r"photo\s+credit|bildquelle)\s*:\s*.{1,400}",
    r"\(\s*(?:photo|image|picture|foto|bild)\s*(?:by|credit|:)[^()]{1,200}\)\.?",
    r"(?:photo|image|picture|foto)\s+(?:by|credit|courtesy(?:\s+of)?)\s*:?\s*[^.]{1,120}",
    r"(?:getty\s+images|shutterstock|istock(?:photo)?|picture[- ]alliance|reuters|ap\s+photo|afp)"
    r"(?:\s+via\s+getty\s+images)?",
    rf"[\w.'’\- ]{{1,60}}/\s*{_PHOTO_AGENCY}(?:\s+via\s+getty\s+images)?",
))

#: a caption that ends with an agency credit: "... in Hangzhou. REUTERS/Aly Song/File Photo"
#: (searched, only in lines that contain a "/")
CAPTION_CREDIT_TAIL = re.compile(
    rf"\b{_PHOTO_AGENCY}\s*/\s*[\w.'’\- ]{{1,60}}(?:/[\w.'’\- ]{{1,40}}){{0,3}}\)?\.?$",
    re.IGNORECASE,
)

_BIO_STRONG = alternation(
    "birthday", r"date\s+of\s+birth", r"place\s+of\s+birth", "birthplace", "biography",
    "geburtstag", "geburtsdatum", "geburtsort", "biografie", r"date\s+de\s+naissance",
    r"lieu\s+de\s+naissance", "biographie", r"fecha\s+de\s+nacimiento",
    r"lugar\s+de\s+nacimiento", "biograf[ií]a",
)
_BIO_WEAK = alternation(
    "born", "age", "nationality", "occupation", "education", "spouse", "children", "height",
    r"net\s+worth", "position", "title", "nationalit[ée]", "beruf", "alter",
)
BIO_SIDEBAR = rf"{_BIO_STRONG}\s*:\s*.{{1,400}}"
#: bio lines that only count inside a block that also has a strong bio line
BIO_WEAK_LINE = re.compile(rf"(?i){_BIO_WEAK}\s*:\s*.{{1,200}}")
#: the short name line right before a bio block ("Jack Ma")
NAME_LINE = re.compile(r"(?:[^\W\d_][\w'’.\-]*\s){0,4}[^\W\d_][\w'’.\-]*")

_QUOTE_NAME = r"[\w&.,'’\- ]{1,60}?"
_QUOTE_NUMBERS = r"\s+[+-]?\d+(?:[.,]\d+)?\s?%\s+[+-]?\d[\d,.]*+\s*"
_QUOTE_KIND = r"(?:delayed|real-?time|end-of-day)\s+quote\.?"
_QUOTE_CHANGE = r"\s*(?:[+-]?\d+(?:[.,]\d+)?\s?%)?"
TICKER_WIDGET = "|".join((
    r"(?:stocks?|companies|shares|tickers?|securities|quotes?|instruments?)\s+"
    r"(?:mentioned\s+in|in|cited\s+in|featured\s+in)\s+(?:this|the)\s+(?:article|story|post)\s*:?",
    r"(?:related|mentioned)\s+(?:stocks|quotes|tickers|companies)\s*:?",
    r"in\s+diesem\s+artikel\s+erw[aä]hnte\s+(?:aktien|werte|unternehmen)\s*:?",
    rf"(?=[^%]{{1,80}}%){_QUOTE_NAME}{_QUOTE_NUMBERS}{_QUOTE_KIND}{_QUOTE_CHANGE}",
))
#: lines that only count right after a ticker header: column titles and bare quotes
TICKER_CONTEXT_LINE = re.compile(
    r"(?i)(?:(?:change|chg\.?|last|price|%|ytd|1\s?st\s*jan\.?|var\.?|name|symbol|ticker|"
    r"volume|open|high|low|close|\d[dmy])\s*)++"
    rf"|{_QUOTE_NAME}{_QUOTE_NUMBERS}(?:{_QUOTE_KIND})?{_QUOTE_CHANGE}"
)

_CREDIT_ROLE = (
    r"(?:additional\s+)?(?:reporting|reported|writing|written|editing|edited|compiled|"
    r"research|graphics|translated|translation|production|fact-checking|sub-editing)"
)
_CREDIT_SEG = rf"{_CREDIT_ROLE}\s+by\s+[^;()\n]{{1,160}}"
CREDITS = (
    rf"\(\s*{_CREDIT_SEG}(?:\s*;\s*{_CREDIT_SEG})*+\s*;?\s*\)\.?"
    rf"|{_CREDIT_SEG}(?:\s*;\s*{_CREDIT_SEG})*+"
)
#: a credit glued to the end of the last paragraph: "... across China. (Reporting by X)"
TRAILING_CREDIT = re.compile(
    rf"(?i)\s+\(\s*{_CREDIT_SEG}(?:\s*;\s*{_CREDIT_SEG})*+\s*;?\s*\)\.?\s*$"
)
CREDIT_SEGMENT = re.compile(rf"(?i)(?P<role>{_CREDIT_ROLE})\s+by\s+(?P<names>[^;()\n]{{1,160}})")
#: credit roles whose names are the article's authors (editors and helpers are not)
AUTHOR_ROLES = frozenset({"reporting", "reported", "writing", "written", "compiled"})

RELATED_HEADING = "|".join((
    r"(?:related|recommended|more|popular|trending|latest|top)\s+(?:articles|stories|news|posts|"
    r"reads|videos|content|coverage|topics)",
    r"(?:read|see|watch)\s+(?:more|also|next|this\s+next)|you\s+(?:may|might)\s+also\s+like",
    r"more\s+(?:from|on|about)\s+[\w .'’&\-]{1,40}|(?:most\s+)?(?:read|popular)\s+now",
    r"(?:[äa]hnliche|weitere|verwandte|empfohlene)\s+(?:beitr[äa]ge|artikel|nachrichten|themen)"
    r"(?:\s+(?:zum\s+thema|aus\s+der\s+\w+))?|mehr\s+themen|(?:auch|ebenfalls)\s+interessant",
    r"mehr\s+(?:zum\s+thema|aus\s+[\w .\-]{1,40}|nachrichten(?:\s+aus\s+[\w .\-]{1,40})?)",
    r"lesen\s+sie\s+auch(?:\s+die\s+folgenden\s+beitr[äa]ge)?|vorschau\s+auf\s+den\s+n[äa]chsten"
    r"\s+artikel|das\s+k[öo]nnte\s+(?:sie|dich)\s+auch\s+interessieren",
    r"(?:[àa]\s+)?lire\s+aussi|voir\s+aussi|sur\s+le\s+m[êe]me\s+sujet|"
    r"leer\s+m[áa]s|lea\s+tambi[ée]n|(?:te|le)\s+puede\s+interesar|"
    r"(?:contenido|notas|art[ií]culos|noticias)\s+relacionad[oa]s",
    r"leggi\s+anche|potrebbe\s+interessarti|zobacz\s+tak[żz]e|czytaj\s+te[żz]",
))
#: "Read also: <headline>" style link lines
_READ_ALSO = (
    r"(?:read\s+(?:also|more)|see\s+also|also\s+read|lesen\s+sie\s+auch|(?:[àa]\s+)?lire\s+"
    r"aussi|lea\s+tambi[ée]n|vea\s+tambi[ée]n|mire|(?:te|le)\s+puede\s+interesar|"
    r"leggi\s+anche)\s*:\s*.{1,150}"
)
RELATED_HEADING = rf"(?:{RELATED_HEADING})\s*[:.…>]*|{_READ_ALSO}"
COMMENT_PROMPT = "|".join((
    r"(?:leave|post|add|write|show|view|hide|load)\s+(?:a\s+|all\s+|the\s+)?"
    r"(?:comments?|reply)(?:\s*\(\d+\))?|comments?\s+(?:\(\d+\)|are\s+closed)|reply(?:delete)?",
    r"share\s+your\s+thoughts(?:\s+and\s+debate\s+the\s+big\s+issues)?",
    r"kommentar(?:e)?\s+(?:verfassen|schreiben|anzeigen)|diskutieren\s+sie\s+mit|"
    r"kommentieren\s+sie(?:\s+mit)?|neueste\s+kommentare\s*>?|kommentare\s+insgesamt\s*:\s*\d+",
    r"(?:laisser|[ée]crire)\s+un\s+commentaire|(?:deja|dej[áa]|escribe)\s+(?:un|tu)\s+comentario|"
    r"lascia\s+un\s+commento|(?:إضافة|أضف)\s+تعليق(?:\s+جديد)?",
))
PAYWALL_PROMPT = "|".join((
    r"pour\s+(?:lire\s+la\s+suite|acc[ée]der\s+en\s+illimit[ée]).{0,150}",
    r"(?:if\s+you['’]re\s+(?:seeing\s+this\s+message\s+but\s+you['’]re\s+)?|you\s+are\s+)"
    r"already\s+a\s+subscriber.{0,200}",
    r"(?:this|the\s+rest\s+of\s+this)\s+(?:article|story|content)\s+is\s+(?:for|only\s+"
    r"available\s+to|reserved\s+for)\s+(?:paying\s+)?subscribers.{0,150}",
    r"subscribe\s+(?:now\s+)?to\s+(?:continue|keep)\s+reading.{0,100}|hazte\s+(?:miembro|socio)"
    r".{0,100}",
    r"(?:jetzt\s+)?weiterlesen\s+mit\s+.{1,100}|(?:um\s+)?(?:diesen|den\s+(?:ganzen|vollst"
    r"[äa]ndigen))\s+artikel\s+(?:zu\s+lesen|weiterzulesen|lesen\s+zu\s+k[öo]nnen).{0,150}",
))
ADVERT_LABEL = (
    r"\*?(?:anzeige|werbung|advertisement|sponsored(?:\s+content)?|publicidad|publicit[ée]|"
    r"pubblicit[àa]|reklama)(?:\s*[-–:,|.]\s*.{0,150})?"
)
COPYRIGHT = (
    r"(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*\d{4}|copyright\s*:)[^\n]{0,100}"
    r"|all\s+rights\s+reserved\.?|alle\s+rechte\s+vorbehalten\.?"
    r"|tous\s+droits\s+r[ée]serv[ée]s\.?"
)

#: placeholders left where a privacy/consent blocker removed an embed
EMBED_PLACEHOLDER = "|".join((
    r"(?:externer|eingebetteter)\s+inhalt(?:\s+nicht\s+verf[üu]gbar)?|"
    r"ein\s+klick\s+f[üu]r\s+den\s+datenschutz",
    r"(?:deine|ihre)\s+(?:privatsph[äa]re|datenschutz|cookie)-?einstellungen\s+verhindern.{0,200}",
    r"zur\s+anzeige\s+(?:aktiviere|aktivieren\s+sie)\s+bitte.{0,200}",
    r"(?:this|the)\s+(?:external\s+)?(?:content|embed|video|tweet|post)\s+(?:is\s+not\s+available|"
    r"cannot\s+be\s+(?:displayed|shown)|is\s+(?:hosted|provided)\s+by\s+a\s+third[- ]party)"
    r".{0,200}",
    r"(?:please\s+)?(?:enable|accept)\s+(?:javascript|cookies)(?:\s+to\s+.{0,100})?",
    r"(?:contenu\s+externe|ce\s+contenu\s+n['’]est\s+pas\s+disponible).{0,150}",
))

#: the newsroom's own plugs at the foot of a story: tip lines, "follow us", more-stories links
NEWSROOM_PLUG = "|".join((
    r"(?:got|have)\s+a\s+(?:story|news\s+tip|tip)(?:\s+for\s+us)?\s*\?.{0,300}",
    rf"follow\s+[\w.\-]{{2,40}}(?:\s+[\w.\-]{{2,40}}){{0,3}}\s+on\s+{_SOCIAL}"
    rf"(?:\s*(?:,|and|&)\s*{_SOCIAL})*+\s+for\s+(?:the\s+)?(?:latest|more|breaking).{{0,300}}",
    r"for\s+more\s+(?:stories|news|articles|coverage)\s+like\s+this.{0,120}",
    r"(?:sign\s+up|subscribe)\s+(?:to|for)\s+(?:our|the)\s+(?:\w+\s+){0,4}"
    r"(?:newsletters?|alerts|briefing|digest)\b.{0,160}",
))

BYLINE = r"(?:by|von|par|por|di|door|av|af)\s+(?P<byline>[^\W\d_].{1,120})"

#: (reason, pattern) in priority order; each must match a whole stripped line
LINE_RULES: tuple[tuple[str, str], ...] = (
    ("credits", CREDITS),
    ("share_prompt", SHARE_PROMPT),
    ("share_counts", SHARE_COUNTS),
    ("login_prompt", LOGIN_PROMPT),
    ("author_contact", AUTHOR_CONTACT),
    ("ticker_widget", TICKER_WIDGET),
    ("bio_sidebar", BIO_SIDEBAR),
    ("photo_caption", PHOTO_CAPTION),
    ("related_heading", RELATED_HEADING),
    ("comment_prompt", COMMENT_PROMPT),
    ("copyright", COPYRIGHT),
    ("embed_placeholder", EMBED_PLACEHOLDER),
    ("paywall_prompt", PAYWALL_PROMPT),
    ("advert_label", ADVERT_LABEL),
    ("newsroom_plug", NEWSROOM_PLUG),
    *ANYWHERE_RULES,
)


#: rules that can match a long line (> SHORT_LINE chars); the others only match short ones
LONG_LINE_RULES = frozenset({"credits", "photo_caption", "bio_sidebar", "newsroom_plug",
                             "related_prompt", "origin_note", "paywall_prompt",
                             "embed_placeholder", "copyright", "label_line"})
SHORT_LINE = 160


def compile_line_rules(names: frozenset[str] | None = None) -> re.Pattern[str]:
    """One alternation with a named group per reason (all, or those in ``names``): one
    ``fullmatch`` per line. Patterns sharing a reason share its group, in first-seen order."""
    grouped: dict[str, list[str]] = {}
    for name, pattern in LINE_RULES:
        if names is None or name in names:
            grouped.setdefault(name, []).append(pattern)
    body = "|".join(f"(?P<{name}>{'|'.join(patterns)})" for name, patterns in grouped.items())
    return re.compile(body, re.IGNORECASE)
