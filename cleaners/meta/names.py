"""Person names: split a list of names, clean one candidate, tell a name by its shape.

One parser for every place names turn up: author fields and visible bylines
(:mod:`newsclean.cleaners.meta.authors`) and the credits and bylines the text rules remove
(:mod:`newsclean.cleaners.text.facts`).

* :data:`NAME_SEPARATOR` splits ``"A, B and C"``, ``"A; B"``, ``"A und B"``, ``"A y B"``,
  ``"A・B"``. A single-letter conjunction (``a``, ``e``, ``i``, ``y``) only counts in lower
  case: ``"John A Smith"`` is one name with an initial.
* :func:`clean_name` is lenient: it strips prefixes (``By``, ``Von``) and noise (e-mails,
  URLs, handles) and rejects what is no name (job titles, dates, UI words).
* :func:`is_person_name` is strict: 2-5 capitalised words or initials, lower-case particles
  allowed (``Ursula von der Leyen``); it tells a name in running text from other words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from newsclean.cleaners.lexicon import is_agency
from newsclean.cleaners.textkeys import name_key

NAME_SEPARATOR = re.compile(
    r"\s*(?:[;|\n\u3001\uff0c\u00b7\u2022]|,"
    r"|\s(?:(?i:and|und|et|og|och|en|ja)|y|e|i|a|&|\+)\s)\s*")
_PREFIX = re.compile(
    r"^(?:(?:ein(?:e[rn]?)?\s+)?(?:kommentar|gastbeitrag|gastkommentar|analyse|interview|essay|"
    r"reportage|glosse|kolumne)\s+)?(?:(?:additional\s+)?(?:written|reported|reporting|writing|"
    r"posted|published|created|text|story|"
    r"words|geschrieben|verfasst|veröffentlicht|erstellt|publiziert|publié|publicado)\s+)?"
    r"(?:by|von|vom|par|por|door|av|af|from|autor(?:in|en)?|authors?|text|texte|reporting"
    r"|with|avec|mit|con|com)\b"
    r"(?!\s+(?:der|dem|den|und|zu)\b)[:\s]*"
    r"|^(?:interview|text|texte|fotos?|photos?|bild|recherche|mitarbeit|quelle|source)\s*:\s*",
    re.I)
_NOT_AUTHOR = re.compile(r"^(?:editing|edited|translated|translation|translating|photos?|"
                         r"graphics?|illustrations?|compiled|fact-checked)\s+by\b", re.I)
#: Chinese, Japanese and Korean role words around a name: ``记者 张三``, ``文/张三``,
#: ``홍길동 기자``, ``山田太郎記者``, ``김철수 특파원``
_CJK_ROLE_PREFIX = re.compile(
    r"^(?:(?:本报|本報|本台|特约|特約|实习|實習|见习|見習)?(?:记者|記者|通讯员|通訊員)"
    r"|(?:文|撰文|作者|撰稿|采写|採寫)\s*[/\uff0f|\uff5c:\uff1a])\s*")
_CJK_ROLE_SUFFIX = re.compile(
    r"\s*(?:(?:선임|객원|수습|인턴|전문|대기자|사진)?기자|특파원|논설위원|통신원"
    r"|記者|记者|特派員|特派员|報道|报道|撰文)(?:\s*=.*)?$")
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\u00b7\u30fb]{2,12}")
#: several Korean names joined by spaces (``배윤경 이상현``; a Han-script pair may be one
#: Japanese name, ``山田 太郎``)
_HANGUL_NAMES = re.compile(r"^[\uac00-\ud7a3]{2,4}(?:\s+[\uac00-\ud7a3]{2,4})+$")
#: program text that a template let into an author field (``window._x.push({...})``)
_CODE = re.compile(r"[{}=]|(?<![\w.])_\w|\w\._")
_CALL = re.compile(r"[\w.$]*\w\.\w+\([^)]*\)?;?")
#: where the reporter filed from, after the name: "Shaun Nichols in California"
_PLACE_SUFFIX = re.compile(r"\s+(?:in|aus)\s+(?-i:[A-Z])[\w.'\- ]{1,30}$")
_LOWER_PREFIX = re.compile(r"^(?:di|da|de|del|por|pelo|pela)\s+(?=[A-ZÀ-Þ])")
_MID_BY = re.compile(r"\b(?:by|von|par|por)\s+(?!der\b|dem\b|den\b|und\b|zu\b)", re.I)
#: a section label in front of the byline: ``Politik · Jochen Bittner, Tina Hildebrandt``
#: (one word, then a middle dot, bullet or pipe, then the names)
_SECTION_LEAD = re.compile(r"^([^\W\d_][\w\-]*)\s+[\u00b7\u2022|]\s+(?=\w)")
_EMAIL = re.compile(r"\S+@\S+\.\w+|\[email[^\]]*\]")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w+")
#: co-authors in parentheses: ``A (with B and C)``, ``A (avec B et C)``
_WITH_PAREN = re.compile(r"\s*[(\[]\s*(?i:with|avec|mit|con|com)\s+([^)\]]+)[)\]]")
_PAREN = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00a9]")
_DATEISH = re.compile(r"\d[.:/-]\d|(?<![\w])\d+(?![\w])")
_EDGE = " \t.,:;|/\\-\u2013\u2014\u00b7\u2022*\"'()[]"
#: lower-case words a person's name may carry after its first word
PARTICLES = frozenset("de da das do dos van von der den del della di du la le bin al ter".split())

JOB_WORDS = frozenset(name_key(w) for w in """
reporter reporterin correspondent korrespondent korrespondentin editor editors redakteur
redakteurin journalist journalistin writer columnist kolumnist kolumnistin producer analyst
photographer fotograf fotografin contributor contributing freelance freelancer senior chief
bureau professor director directeur directrice directora intern anchor moderator moderatorin
presenter host researcher economist commentator chefredakteur herausgeber publisher
leiter leiterin ressortleiter ressortleiterin volontär volontärin gastautor gastautorin
ceo cto cfo coo founder co-founder gründer gründerin geschäftsführer geschäftsführerin
präsident präsidentin president vorsitzender vorsitzende sprecher sprecherin spokesperson
expert experte expertin berater beraterin consultant
nachrichtenagentur correspondant correspondante rédacteur rédactrice redactor redactora
enviado enviada especial periodista giornalista inviato
""".split())
#: word parts that mark a job title inside longer (compound) words
#: degrees and professional credentials written after a name (``Brenda Goodman, MA``)
CREDENTIALS = frozenset(name_key(w) for w in """
ma ms msc mba mph md phd dphil rn np pa-c dds dmd do jd llm cpa cfa bsc ba rd ld
frcp frcs facp mbbs dvm pharmd psyd edd lcsw
""".split())
JOB_ROOTS = ("redakteur", "korrespondent", "reporter", "journalist", "universit", "profes",
             "editor", "columnist")
UI_WORDS = frozenset(name_key(w) for w in """
share follow twitter facebook linkedin instagram email e-mail mail bookmark comments comment
more menu print subscribe login log sign updated published posted aktualisiert veröffentlicht
stand photo foto image bild video audio listen hören teilen folgen profile profil about
mehr weiterlesen read uncategorized allgemein kommentar kommentare antworten reply
show contact kontakt impressum tweet tweets
""".split())
#: values some CMSs put into author fields that never name anyone (the user names of
#: WordPress & co., and the word "news" that section-driven templates put there)
JUNK_NAMES = frozenset(("admin", "administrator", "super user", "superuser", "no author",
                        "unknown", "user", "guest", "webmaster", "wordpress", "default",
                        "news", "nachrichten", "noticias", "notizie", "nieuws", "nyheter",
                        "nyheder", "uutiset", "actualites", "wiadomosci", "noticies", "haber",
                        "haberler", "novosti", "новости", "zpravy", "hirek"))
#: country names that trail author fields ("Frankfurt, Germany")
COUNTRIES = frozenset(("germany", "deutschland", "austria", "osterreich", "switzerland",
                       "schweiz", "suisse", "france", "usa", "uk", "united states",
                       "united kingdom", "italy", "italia", "spain", "espana"))
#: the words NAME_SEPARATOR splits on, standing alone (a byline's ``<a>A</a> and <a>B</a>``
#: leaves ``and`` on a line of its own)
CONJUNCTIONS = frozenset("and und et og och en ja y e i a & +".split())
MAX_WORDS = 5
MAX_CHARS = 60


def is_person_name(text: str) -> bool:
    """A 2-5 word name: capitalised words or initials, lower-case particles allowed."""
    words = text.split()
    if not 2 <= len(words) <= MAX_WORDS:
        return False
    for position, word in enumerate(words):
        if position and word.lower() in PARTICLES:
            continue
        if not word[0].isupper() or any(c.isdigit() for c in word):
            return False
        if not all(c.isalpha() or c in ".-'’" for c in word):
            return False
    return True


def is_job_title(words: Sequence[str]) -> bool:
    """Does one of ``words`` name a job (``Reporter``, ``Chefredakteurin``, ``Senior``)?"""
    for word in words:
        w = name_key(word).strip(_EDGE)
        if w in JOB_WORDS or (len(w) > 8 and any(root in w for root in JOB_ROOTS)):
            return True
    return False


def _strip_noise(text: str) -> str:
    text = _ZERO_WIDTH.sub("", html.unescape(text)).strip()
    if text[:1] in "([" and text[-1:] in ")]" and text.count("(") + text.count("[") == 1:
        text = text[1:-1]
    text = _EMAIL.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _WITH_PAREN.sub(r", \1", text)
    return " ".join(_PAREN.sub(" ", text).split())


def clean_name(part: str) -> str | None:
    """One candidate name: stripped of prefixes and noise; ``None`` when it is no name."""
    text = _strip_noise(part).strip(_EDGE)
    # the role word first: a Korean wire byline ends "기자 =" before the text
    text = _CJK_ROLE_SUFFIX.sub("", _CJK_ROLE_PREFIX.sub("", text)).strip(_EDGE)
    if _NOT_AUTHOR.match(text) or _CODE.search(text):
        return None
    for _ in range(2):
        text = _PREFIX.sub("", text).strip(_EDGE)
    text = _PLACE_SUFFIX.sub("", _LOWER_PREFIX.sub("", text)).strip(_EDGE)
    if not text or len(text) > MAX_CHARS or _DATEISH.search(text):
        return None
    if text.casefold() in CONJUNCTIONS:
        return None
    words = text.split()
    if len(words) > MAX_WORDS or is_job_title(words) or all(
            name_key(w).strip(_EDGE) in CREDENTIALS for w in words):
        return None
    folded = name_key(text)
    if folded in JUNK_NAMES or folded in COUNTRIES or not re.search(r"\w", text):
        return None
    if any(name_key(w).strip(_EDGE) in UI_WORDS for w in words):
        return None
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        text = " ".join(words[:half])
    return text


def is_prefix_only(text: str) -> bool:
    """Is ``text`` only a byline's lead word (``By``, ``Von``, ``Written by:``)?"""
    stripped = text.strip(_EDGE)
    return bool(stripped) and _PREFIX.sub("", stripped).strip(_EDGE) == ""


def _lines(raw: str) -> list[str]:
    """The lines of a byline (a visible byline has one per element: ``Sam Stein`` /
    ``Senior Politics Editor``); one-word lines next to each other are one name split over
    elements (``<span>Jane</span><span>Doe</span>``)."""
    lines: list[str] = []
    single = False
    for line in (part.strip() for part in raw.split("\n")):
        if not line:
            continue
        one_word = (len(line.split()) == 1 and line[:1].isupper() and line[-1:].isalpha()
                    and not is_agency(line))
        if one_word and single and not _PREFIX.match(lines[-1]):
            lines[-1] += " " + line
        else:
            lines.append(line)
        single = one_word
    return lines


def split_names(raw: str) -> list[str]:
    """Split a joined byline (``A, B and C``, one element per line) into cleaned names, in
    order."""
    names = []
    lines = _lines(raw)
    for line in lines:
        text = _strip_noise(_CALL.sub(" ", line))
        if re.search(r"\d", text):
            tail = _MID_BY.split(text)
            if len(tail) > 1:
                text = tail[-1]
        lead = _SECTION_LEAD.match(text)
        if lead and not is_agency(lead[1]):
            text = text[lead.end():]
        for part in NAME_SEPARATOR.split(text):
            name = clean_name(part)
            if name and _HANGUL_NAMES.match(name):
                names += name.split()
            elif name and (len(lines) == 1 or _looks_named(name)):
                names.append(name)
    return names


def _looks_named(name: str) -> bool:
    """Strict test for a candidate from a byline of several elements, where the lines
    around the names are buttons, labels and connectors (``in``, ``Tweet``, ``Seiten``):
    a person's name by its shape, a news agency, or a name in a script without spaces."""
    return is_person_name(name) or is_agency(name) or bool(_CJK_NAME.fullmatch(name))
