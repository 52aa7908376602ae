"""Read schema.org JSON-LD blocks: find the page's article node and its fields.

Pages embed JSON-LD in many shapes: one object, an array, an ``@graph``, the article nested
under ``mainEntity``, authors given by ``@id`` reference, and often JSON that is not quite
JSON (trailing commas, raw control characters, HTML comments or CDATA wrappers). Everything
here is tolerant: broken blocks are repaired where cheap and skipped otherwise, never raised.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: schema.org types that describe the article itself (compared lower-case)
ARTICLE_TYPES = frozenset(t.lower() for t in (
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
    "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "TechArticle", "ScholarlyArticle",
    "SatiricalArticle", "Report", "Review", "Recipe", "MedicalWebPage",
))
#: page types used only when no article node exists
PAGE_TYPES = frozenset(("webpage", "itempage", "aboutpage", "collectionpage"))
ORG_TYPES = frozenset(("organization", "newsmediaorganization", "corporation", "ngo",
                       "governmentorganization", "educationalorganization", "brand"))
MAX_BLOCK_CHARS = 3_000_000
MAX_NODES = 5_000

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_COMMENT = re.compile(r"<!--|-->|^\s*//.*$", re.M)
_CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Person:
    """An author as JSON-LD gives it; ``is_org`` when typed as an organization."""

    name: str
    is_org: bool = False


@dataclass(frozen=True, slots=True)
class JsonLdArticle:
    """The fields newsclean reads from the page's main JSON-LD node."""

    types: tuple[str, ...] = ()
    headline: str | None = None
    authors: tuple[Person, ...] = ()
    published: str | None = None
    modified: str | None = None
    description: str | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()
    free: bool | None = None
    image: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    is_article: bool = True


def loads_lenient(text: str) -> Any:
    """Parse one JSON-LD block, repairing common breakage; ``None`` when hopeless."""
    if not text or len(text) > MAX_BLOCK_CHARS:
        return None
    text = text.strip().lstrip("\ufeff")
    for attempt in range(2):
        try:
            return json.loads(text, strict=False)
        except (ValueError, RecursionError) as exc:
            if attempt:
                log.debug("unparseable JSON-LD block: %s", exc)
                return None
        text = _CONTROL.sub(" ", _CDATA.sub("", _COMMENT.sub("", text))).strip().rstrip(";")
        text = _TRAILING_COMMA.sub(r"\1", text)
    return None


def _types(node: dict[str, Any]) -> tuple[str, ...]:
    value = node.get("@type")
    if isinstance(value, str):
        return (value.rsplit("/", 1)[-1].lower(),)
    if isinstance(value, list):
        return tuple(v.rsplit("/", 1)[-1].lower() for v in value if isinstance(v, str))
    return ()


def walk(roots: Iterable[Any]) -> Iterator[tuple[dict[str, Any], int]]:
    """Yield every dict node with its nesting depth (``@graph`` members count as top level)."""
    stack: list[tuple[Any, int]] = [(r, 0) for r in reversed(list(roots))]
    seen = 0
    while stack and seen < MAX_NODES:
        item, depth = stack.pop()
        if isinstance(item, list):
            stack.extend((v, depth) for v in reversed(item))
            continue
        if not isinstance(item, dict):
            continue
        seen += 1
        yield item, depth
        graph = item.get("@graph")
        if graph is not None:
            stack.append((graph, depth))
        for key, value in item.items():
            if key != "@graph" and isinstance(value, dict | list):
                stack.append((value, depth + 1))


def text_value(value: Any) -> str | None:
    """A clean string from a JSON-LD scalar, list or ``{"@value": ...}``."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = str(value)
    if "&" in text:
        text = html.unescape(html.unescape(text))
    text = " ".join(text.split())
    return text or None


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and "name" not in value:
        return ids.get(str(value["@id"]), value)
    return value


def _persons(value: Any, ids: dict[str, dict[str, Any]]) -> tuple[Person, ...]:
    items = value if isinstance(value, list) else [value]
    out: list[Person] = []
    for item in items:
        if isinstance(item, list):
            out.extend(_persons(item, ids))
            continue
        item = _resolve(item, ids)
        if isinstance(item, str):
            name = text_value(item)
            if name:
                out.append(Person(name))
        elif isinstance(item, dict):
            name = text_value(item.get("name"))
            if name:
                out.append(Person(name, is_org=bool(set(_types(item)) & ORG_TYPES)))
    return tuple(out)


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) and value.strip() else None


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(k for k in (text_value(v) for v in value) if k)


def _free(node: dict[str, Any]) -> bool | None:
    for holder in (node, node.get("hasPart")):
        if isinstance(holder, list):
            holder = holder[0] if holder else None
        if isinstance(holder, dict) and "isAccessibleForFree" in holder:
            flag = str(holder["isAccessibleForFree"]).strip().lower()
            if flag in ("true", "false"):
                return flag == "true"
    return None


def _pick(nodes: list[tuple[dict[str, Any], int]]) -> tuple[dict[str, Any], bool] | None:
    """The main node: the shallowest article node, else the shallowest page node."""
    articles = [(d, i) for i, (n, d) in enumerate(nodes) if set(_types(n)) & ARTICLE_TYPES]
    if articles:
        best = min(articles)[1]
        return nodes[best][0], True
    pages = [(d, i) for i, (n, d) in enumerate(nodes) if set(_types(n)) & PAGE_TYPES]
    if pages:
        return nodes[min(pages)[1]][0], False
    return None


def _article(node: dict[str, Any], is_article: bool,
             ids: dict[str, dict[str, Any]]) -> JsonLdArticle:
    publisher = _resolve(node.get("publisher"), ids)
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    main = node.get("mainEntityOfPage")
    url = node.get("url") or (main.get("@id") if isinstance(main, dict) else main)
    return JsonLdArticle(
        types=_types(node),
        headline=text_value(node.get("headline")) or text_value(node.get("name")),
        authors=_persons(node.get("author") or node.get("creator"), ids),
        published=text_value(node.get("datePublished")) or text_value(node.get("dateCreated")),
        modified=text_value(node.get("dateModified")),
        description=text_value(node.get("description")),
        section=text_value(node.get("articleSection")),
        keywords=_keywords(node.get("keywords")),
        free=_free(node),
        image=_image(node.get("image")) or _image(node.get("thumbnailUrl")),
        publisher=text_value(publisher.get("name")) if isinstance(publisher, dict) else None,
        url=url if isinstance(url, str) else None,
        language=text_value(node.get("inLanguage")),
        is_article=is_article,
    )


def read_jsonld(blocks: Iterable[str]) -> JsonLdArticle | None:
    """Parse the page's ``application/ld+json`` texts and read its main article node."""
    roots = [r for r in (loads_lenient(b) for b in blocks) if r is not None]
    if not roots:
        return None
    nodes = list(walk(roots))
    ids = {str(n["@id"]): n for n, _ in nodes if isinstance(n.get("@id"), str) and len(n) > 2}
    picked = _pick(nodes)
    if picked is None:
        return None
    return _article(picked[0], picked[1], ids)
