"""The headline a page displays above its text, for pages whose metadata holds none.

Old pages often have no JSON-LD or og:title and a ``<title>`` naming only the site or a
section (``"Bloomberg.com: Muse"``, ``"The Times - Article"``); the headline is an element
of the body. Candidates are headings (``<h1>`` to ``<h4>``), elements whose class or id says
``head`` or ``title`` (``news_story_title``, ``ArticleHead``, ``headline``) and a ``<b>`` or
``<strong>`` that is the whole of its block, outside navigation, footers, asides and lists,
of :data:`MIN_WORDS` to :data:`MAX_WORDS` words; the innermost of nested ones. The headline
is the candidate followed by the most text (not link text) before the next candidate: the
article's text follows its headline, while section labels, "Related" headings and tool
labels are followed by little but links.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newsclean.cleaners.meta.titles import clean_text, not_a_headline
from newsclean.cleaners.textkeys import alnum_key
from newsclean.words import count_words

MIN_WORDS = 3
MAX_WORDS = 30
_FOLD = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_MARKED = " or ".join(f"contains({_FOLD.format(attr)}, '{word}')"
                      for attr in ("@class", "@id") for word in ("head", "title"))
_CANDIDATES = lxml_etree.XPath(
    "descendant::*[(self::h1 or self::h2 or self::h3 or self::h4"
    f" or {_MARKED}"
    " or ((self::b or self::strong) and (parent::p or parent::div or parent::td)"
    "     and normalize-space(.) = normalize-space(..)))"
    " and not(ancestor::nav or ancestor::footer or ancestor::aside or ancestor::ul"
    "         or ancestor::ol or ancestor::select or ancestor::script)]")
#: elements whose text a reader does not see as text
_HIDDEN = frozenset(("script", "style", "noscript", "template", "select", "option", "button"))


def _candidates(body: lxml_html.HtmlElement) -> list[tuple[lxml_html.HtmlElement, str]]:
    """Candidate elements with their text, in document order, the innermost of nested ones."""
    sized = [(el, text) for el in _CANDIDATES(body)
             if MIN_WORDS <= count_words(text := clean_text(el.text_content())) <= MAX_WORDS
             and not not_a_headline(text)]
    # the descendants of an element follow it in document order: when the next candidate
    # is inside this one, this one is the wrapper of a smaller candidate
    return [(el, text) for i, (el, text) in enumerate(sized)
            if i + 1 == len(sized) or el not in sized[i + 1][0].iterancestors()]


def _following_text(body: lxml_html.HtmlElement,
                    candidates: list[tuple[lxml_html.HtmlElement, str]]) -> list[int]:
    """Characters of visible, non-link text after each candidate, up to the next one."""
    index = {el: i for i, (el, _) in enumerate(candidates)}
    counts = [0] * len(candidates)
    current, links = -1, 0
    walker = lxml_etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        if event == "end":
            if el.tag == "a":
                links -= 1
            if current >= 0 and links == 0 and el.tail:
                counts[current] += len(el.tail.strip())
            continue
        if not isinstance(el.tag, str) or el.tag in _HIDDEN or el in index:
            current = index.get(el, current)
            walker.skip_subtree()
            if el.tag == "a":   # its "end" still comes and undoes this
                links += 1
            continue
        if el.tag == "a":
            links += 1
        if current >= 0 and links == 0 and el.text:
            counts[current] += len(el.text.strip())
    return counts


@dataclass(frozen=True, slots=True)
class ShownHeadline:
    """The headline element's text and the text of every candidate, in page order."""

    text: str
    candidates: tuple[str, ...]

    def held_by(self, title: str | None) -> bool:
        """Does ``title`` hold the text of a candidate (then it is a headline with more
        around it, not a site or section name)?"""
        key = alnum_key(title or "")
        return bool(key) and any(alnum_key(text) in key for text in self.candidates)


def shown_headline(tree: lxml_html.HtmlElement) -> ShownHeadline | None:
    """The headline element (see the module doc), or ``None`` when there is no candidate."""
    body = tree.find("body")
    if body is None:
        return None
    candidates = _candidates(body)
    if not candidates:
        return None
    counts = _following_text(body, candidates)
    best = max(range(len(candidates)), key=counts.__getitem__)
    return ShownHeadline(candidates[best][1], tuple(text for _, text in candidates))
