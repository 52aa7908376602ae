"""Patterns tried only on the lines at the edges of a text (:mod:`newsclean.cleaners.text.edges`):
sign-offs, agency tags, author bios, newsletter/app/donation plugs and subscription dialogs.

They are looser than the line rules of :mod:`newsclean.cleaners.text.rules_anywhere` (several are
searched, not matched whole), which is safe only where the story has already ended. Every
pattern is a general form in several languages, never a string copied from one page.
"""

from __future__ import annotations

import re

from newsclean.cleaners.lexicon import AGENCY, alternation
from newsclean.cleaners.text.rules_anywhere import BULLET

_INITIALS = r"[a-zäöüß]{1,4}(?:\s*[/,]\s*[a-zäöüß]{1,4})*+"
#: "(abc)", "dpa/AFP", "mit dpa", "Mit Agenturmaterial.", "RTV (abc)", "(ts/dpa)"
AGENCY_TAG = "|".join((
    rf"[(\[]?\s*(?:mit|with|avec|con|nach|quelle|source|fuente|fonte)?\s*:?\s*(?:material\s+"
    rf"(?:von|der)\s+)?{AGENCY}(?:\s*(?:[/,;&+]|und|and|et|y|e)\s*(?:{AGENCY}|[a-z]{{2,4}}))*+"
    r"\s*[)\]]?\.?",
    rf"\(\s*{_INITIALS}\s*\)\.?|(?-i:[A-ZÄÖÜ])[\w\-]{{1,15}}\s*\(\s*(?:{_INITIALS}|[^()\d]{{3,60}})\s*\)\.?",
    r"(?:with|mit|avec|con)\s+(?:files|reports?|reporting|information|informationen|material|"
    r"informations|informaci[óo]n|agencias|agences|agencies)\s+(?:from|of|von|der|des|de|aus)\s+"
    r".{2,200}",
    r"additional\s+reporting\s+(?:from|by)\s+.{2,160}",
    r"(?:sendung|dieses\s+thema\s+im\s+programm|ausstrahlung|broadcast|aired)\s*:\s*.{2,200}",
))
#: an author's sign-off name: "Jane Doe", "Lê Phương", "NEWS-Redaktion"
SIGNATURE = re.compile(r"(?:[^\W\d_][\w'’.\-]*+\s?+){1,4}+")
_JOURNO = alternation(
    "reporter", "correspondent", "journalist", "editor", "writer", "columnist", "contributor",
    "freelance", "fellow", "professor", "author", "analyst", "korrespondent", "korrespondentin",
    "redakteur", "redakteurin", "reporterin", "journalistin", "autor", "autorin", "kolumnist",
    "kolumnistin", "chefredakteur", "journaliste", "rédacteur", "rédactrice", "correspondant",
    "correspondante", "periodista", "redactor", "redactora", "corresponsal", "giornalista",
    "redattore", "corrispondente", "dziennikarz", "dziennikarka", "verslaggever", "redacteur",
)
#: a person's name: one to four capitalised words, not led by an article or a demonstrative
#: ("The DGA has been ...", "Die Stadt ist ..." start sentences, not bios)
_NAME = (r"(?!(?:the|a|an|this|that|these|those|its|der|die|das|ein|eine|le|la|les|un|une|el|"
         r"los|las|il|lo|gli|de|het|een)\s)"
         r"(?-i:[^\W\d_a-zß][\w'’.\-]*)(?:\s+(?-i:[^\W\d_a-zß][\w'’.\-]*)){0,3}")
#: a sign-off bio, matched at the start of a line: "Jane Doe is a reporter at X covering Y",
#: "Korrespondent X ist bei Y ...", "Jane Doe covers politics ..."
AUTHOR_BIO = re.compile(
    rf"{_NAME}(?:\s+\([^()]{{1,20}}\))?\s+(?:is|was|ist|war|est|[èe]s|[èe]|writes|has\s+been|"
    rf"schreibt|lebt|arbeitet)\b[^\n]{{0,200}}\b(?:{_JOURNO})(?:in|r)?\b"
    rf"|{_JOURNO}\s+{_NAME}\s+(?:ist|is|est|es|war|was)\b"
    rf"|{_NAME}\s+(?:covers|has\s+covered|writes\s+(?:about|for|on)|reports\s+on|berichtet\s+"
    r"(?:f[üu]r|[üu]ber|aus)|(?:makes|has\s+made)\s+(?:frequent|regular)\s+appearances|appears\s+"
    r"(?:regularly|frequently))\b"
    rf"|(?:an?\s+)?[^\n,]{{0,80}}\b(?:{_JOURNO}|veteran),\s+{_NAME}\s+(?:has|is|was)\b",
    re.IGNORECASE,
)
#: "About the author", "Die Autorin", "Zur Person": everything after it is the bio
BIO_HEADING = re.compile(BULLET + alternation(
    r"about\s+the\s+authors?", r"the\s+authors?", r"die\s+autorin(?:nen)?", r"der\s+autor",
    r"die\s+autoren", r"zur\s+person", r"[üu]ber\s+(?:den\s+autor|die\s+autorin)",
    r"[àa]\s+propos\s+de\s+l['’]auteure?", r"l['’]auteure?", r"sobre\s+(?:el|la)\s+autora?",
    r"el\s+autor|la\s+autora", r"l['’]autore|l['’]autrice", r"o\s+autorze", r"over\s+de\s+auteur",
) + r"\s*:?", re.IGNORECASE)
#: an appeal that ends with its button: "... Sind Sie dabei? Jetzt unterstützen"
END_CTA = re.compile(
    r"\b(?:jetzt|now|today|hoy|maintenant|ora|teraz)\s+(?:unterst[üu]tzen|spenden|abonnieren|"
    r"donate|support|subscribe|apoyar|donar|suscr[ií]bete|soutenir|faire\s+un\s+don|sostieni|"
    r"abbonati|wesprzyj)\s*[.!]?$|\b(?:unterst[üu]tzen|support\s+us|donate|spenden)\s*[!]?$",
    re.IGNORECASE,
)
#: the newsroom's own products: searched, and only counts with a call to action (:data:`CTA`)
PLUG_PRODUCT = re.compile(
    r"\b(?:newsletters?|news-?app|(?:unsere|our|notre|nuestra)\s+app|app\s+store|google\s+play|"
    r"whatsapp-?kanal|push-?mitteilungen|push\s+notifications|e-?paper|google\s+news)\b",
    re.IGNORECASE,
)
CTA = re.compile(
    r"\b(?:sign(?:ing)?\s+up|subscribe|abonnier|anmelden|melden\s+sie\s+sich|registrier|inscri|"
    r"suscr[ií]b|iscriv|zapisz|hier|here|click|klick|jetzt|download|herunterladen|t[ée]l[ée]charge|"
    r"descarga|join|folge|follow|abonn|informiert\s+sie|richtig|entlang)",
    re.IGNORECASE,
)
#: plugs for donations, feedback channels, subscriptions and citations: (trigger words, pattern);
#: the pattern is searched only in lines whose case-folded text has one of the trigger words
PROMO_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (triggers, re.compile(pattern, re.IGNORECASE)) for triggers, pattern in (
        (("newsletter", "podcast"), r"(?:newsletters?|podcasts?)\s*[:|]\s*[^.!?]{1,60}$"),
        (("follow", "folge", "suivez", "guenos", "seguici"),
         r"^(?:follow|folge|folgen\s+sie|suivez|s[ií]guenos|seguici)\b.{0,80}\b(?:on|auf|sur|en|su)"
         r"\b\s+(?:google\s+news|facebook|twitter|x|instagram|whatsapp|tiktok|youtube|linkedin|"
         r"telegram|threads|bluesky|social\s+media)"),
        (("gefallen", "gefällt", "gefallt", "if you", "support", "unterstützen", "unterstutzen",
          "soutenez", "apoya", "become a", "werden sie", "make a", "spenden", "zapraszamy"),
         r"hat\s+ihnen\s+(?:dieser|der)\s+(?:artikel|beitrag)\s+gefallen|gef[äa]llt\s+(?:dir|ihnen)"
         r"\s+unser|if\s+you\s+(?:enjoyed|liked|value|appreciate)\b|support\s+(?:our|independent)\s+"
         r"(?:work|journalism|reporting)|unterst[üu]tzen\s+sie\s+(?:uns|unseren|unabh[äa]ngigen)|"
         r"soutenez|apoya\s+(?:nuestro|el\s+periodismo)|become\s+a\s+(?:member|supporter|subscriber)"
         r"|werden\s+sie\s+(?:mitglied|abonnent)|make\s+a\s+(?:donation|contribution)|jetzt\s+spenden"
         r"|zapraszamy\s+(?:te[żz]\s+|r[óo]wnie[żz]\s+)?do\s+(?:subskrypcji|prenumeraty|wsparcia)"),
        (("touch", "contact", "mail", "send us", "sie uns", "meinung ist"),
         r"(?:get\s+in\s+touch\s+with|contact)\s+(?:our|the)\s+(?:news\s+|editorial\s+)?(?:team|"
         r"desk|newsroom)|e-?mail(?:ing)?\s+us\s+at|send\s+us\s+(?:a\s+message|your\s+(?:tips|"
         r"feedback))|(?:senden|schreiben)\s+sie\s+uns|ihre\s+meinung\s+ist\s+uns\s+wichtig"),
        (("suscrip", "cuenta", "contrase", "subscription", "account", "password", "abo", "konto",
          "passwort", "compte", "mot de passe"),
         r"\b(?:tu|su|your|ihr|ihre|votre)\s+(?:suscripci[óo]n|cuenta|contrase[ñn]a|subscription|"
         r"account|password|abo|abonnement|konto|passwort|compte|mot\s+de\s+passe)\b"),
        (("abgerufen", "accessed", "retrieved", "consult", "zitiervorschlag", "cite this",
          "quote this"),
         r"\b(?:abgerufen\s+am|accessed\s+(?:on|at)|retrieved\s+(?:on|from)|consult[ée]\s+le)\b"
         r"|zitiervorschlag|cite\s+this\s+article|quote\s+this\s+article"),
        (("abone",), r"\babone(?:lik|lere|ler|\s+ol)\b"),
        (("get ",), r"^get\s+(?:real-time|live|the\s+latest|all\s+the\s+latest|breaking)\s+"
         r"(?:news\s+)?(?:updates|alerts|news)\b"),
    )
)
