"""URL helpers shared by the stages: making a link absolute, dropping repeats.

Pure string work (``urllib.parse``), no network. Both the scraper (feed, sitemap and
robots.txt links) and the cleaners (canonical, ``og:url`` and image links) use
:func:`absolute_url`, so a link means the same thing wherever it is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsclean import lazy_module

if TYPE_CHECKING:
    import courlan
else:
    courlan = lazy_module("courlan")

#: longest URL kept from a feed, sitemap or page; longer ones are dropped as junk
MAX_URL_LENGTH = 4096
_HTTP_PREFIXES = ("http://", "https://")


def absolute_url(raw: object, base: str | None = None) -> str | None:
    """``raw`` resolved against ``base`` if it is an http(s) URL with a host, else None.

    ``raw`` is stripped; anything but a non-empty string of at most
    :data:`MAX_URL_LENGTH` characters is None. An absolute URL is kept as written (its
    scheme in any case); a relative one needs ``base``. A URL that ``urllib`` cannot split
    (a broken IPv6 literal) is None, never an exception.
    """
    if not isinstance(raw, str):
        return None
    raw = raw.strip()
    if not raw or len(raw) > MAX_URL_LENGTH:
        return None
    try:
        # already absolute (the common case in sitemaps): skip urljoin, which is slow
        is_absolute = raw[:8].lower().startswith(_HTTP_PREFIXES)
        url = raw if is_absolute or not base else urljoin(base, raw)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def unique(urls: list[str]) -> list[str]:
    """Drop repeated strings, keeping the first occurrence and the order."""
    return list(dict.fromkeys(urls))


def canonical_url(url: str) -> str:
    """The form two links to one article share: scheme and host lower-cased, the default
    port, the fragment and tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ...)
    dropped, the other query parameters sorted (courlan's ``normalize_url``). A URL courlan
    cannot read is kept as it is."""
    try:
        normal = courlan.normalize_url(url)
    except ValueError:
        return url
    return normal.split("#", 1)[0]
