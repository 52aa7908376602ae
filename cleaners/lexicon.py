"""Word lists the cleaners share, kept as data: news agencies, social networks, the words
share bars are made of, and the one helper that turns a list into a regex alternation.

Entries are regex fragments (``r"e-?mail"``, ``r"copy\\s+link"``) where a list feeds a
pattern; :data:`NEWS_AGENCIES` is plain text, so one list gives both the set of names an
author field is checked against (:func:`is_agency`) and the pattern the line rules match
agency tags and credits with (:data:`AGENCY`).
"""

from __future__ import annotations

import re

from newsclean.cleaners.textkeys import name_key


def alternation(*words: str) -> str:
    """An alternation of ``words``, longest first so a prefix never shadows a longer word."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


#: news agencies, by the abbreviations and names they sign with (plain text, lower case)
NEWS_AGENCIES = (
    "ap", "afp", "dpa", "reuters", "rtr", "sid", "kna", "epd", "apa", "sda", "ats", "efe",
    "ansa", "ddp", "dpa-afx", "awp", "dts", "pap", "ctk", "čtk", "tass", "ria", "xinhua",
    "kyodo", "yonhap", "pti", "ians", "ani", "anp", "belga", "ritzau", "ntb", "tt", "aap",
    "lusa", "upi", "pa", "aa", "bloomberg", "associated press", "the associated press",
    "agence france-presse", "deutsche presse-agentur", "europa press", "keystone-sda",
    "press association", "pa media",
)
#: words that credit agencies as a group: "Agenturen", "mit Agenturmaterial"
AGENCY_GROUP_WORDS = (
    "agencias", "agences", "agencies", "agenturen", "nachrichtenagenturen", "agenturmaterial",
)
#: folded agency names (see :func:`is_agency`)
AGENCY_NAMES = frozenset(name_key(name) for name in NEWS_AGENCIES)
#: an agency or the agencies as a group, as a regex (compile with ``re.IGNORECASE``)
AGENCY = alternation(*(re.escape(name).replace(r"\ ", r"\s+")
                       for name in (*NEWS_AGENCIES, *AGENCY_GROUP_WORDS)))
#: photo agencies as they sign a picture credit ("REUTERS/Aly Song"), case-sensitive forms
PHOTO_AGENCY_CREDITS = (
    "REUTERS", "Reuters", r"AP(?:\s+Photo)?", "AFP", "EPA(?:-EFE)?", r"Getty\s+Images",
    "Xinhua", "dpa", "Bloomberg",
)


def is_agency(name: str) -> bool:
    """A news agency, or agencies joined by ``/`` (``AP``, ``dpa``, ``dpa/AFP``, ``Reuters``)."""
    parts = name_key(name).strip(" .").split("/")
    return all(part.strip() in AGENCY_NAMES for part in parts)


#: social networks and messengers a share bar or a "follow us" line names
SOCIAL_NETWORKS = (
    "facebook", "twitter", "x", "linkedin", "pinterest", "whatsapp", "telegram", "reddit",
    "tumblr", "xing", "flipboard", "messenger", "pocket", "vk", "weibo", "wechat", "threads",
    "bluesky", "mastodon", "instagram", "youtube", "tiktok", "snapchat", "sms", r"e-?mail",
)
#: the other words a share bar is made of; counts and separators may be glued to them
SHARE_BAR_WORDS = (
    r"shares?", "shared", "sharing", "tweet", "retweet", "mail", "print",
    r"copy\s+link", "link", r"comments?", "more", "on", "via", "teilen", "drucken",
    "partager", "imprimer", "compartir", "imprimir", "condividi", "stampa", "delen",
    r"kommentare?", r"commentaires?", r"comentarios?", "commenti",
)
#: share-bar words that make a line of counts a share bar (a line of counts alone is kept)
SHARE_BUTTON_WORDS = (
    "share", "tweet", "mail", "print", "comment", "teilen", "partager",
    "compartir", "condividi", "delen", "kommentar", "commentaire", "comentario",
)
