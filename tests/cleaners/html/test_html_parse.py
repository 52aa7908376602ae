"""newsclean.cleaners.html.parse: decoded markup that still carries XML declarations."""

from __future__ import annotations

import lxml.html
import pytest

from newsclean.cleaners.html.parse import parse_html, strip_xml_declarations
from newsclean.errors import ExtractError, PageTooComplex

BODY = "<html><body><p>Der Stadtrat tagt am Dienstag.</p></body></html>"
DECL = '<?xml version="1.0" encoding="UTF-8"?>'


@pytest.mark.parametrize("markup", [
    DECL + BODY,
    f"  \r\n{DECL}\n{BODY}",
    "\ufeff" + DECL + BODY,                                   # a BOM left in the text
    '<?xml version="1.0"?>' + DECL + BODY,                    # two, glued together
    DECL + DECL + "\n" + BODY,
    "<?XML VERSION='1.0' ENCODING='utf-8'?>" + BODY,
    DECL + '<?xml-stylesheet href="a.xsl" type="text/xsl"?>' + BODY,
])
def test_leading_declarations_do_not_stop_the_parse(markup: str) -> None:
    tree = parse_html(markup)
    assert tree.text_content() == "Der Stadtrat tagt am Dienstag."


def test_only_the_leading_declarations_are_stripped() -> None:
    inner = f"<p>a {DECL} b</p>"
    assert strip_xml_declarations(DECL + inner) == inner
    assert strip_xml_declarations(BODY) == BODY


@pytest.mark.parametrize("markup", ["", "  \n", DECL])
def test_nothing_to_parse_is_an_extract_error(markup: str) -> None:
    with pytest.raises(ExtractError):
        parse_html(markup)


def test_every_element_is_an_html_element_with_its_helpers() -> None:
    tree = parse_html("<html><body><form action='/s'><label>Q</label><input name='q'>"
                      "<select><option>a</option></select><textarea>t</textarea></form>"
                      "<!-- note --><p class='x'>Text <b>bold</b></p></body></html>")
    elements = [el for el in tree.iter() if isinstance(el.tag, str)]
    assert {type(el) for el in elements} == {lxml.html.HtmlElement}
    assert {el.tag for el in elements} >= {"form", "label", "input", "select", "textarea"}
    comments = [el for el in tree.iter() if not isinstance(el.tag, str)]
    assert [type(c) for c in comments] == [lxml.html.HtmlComment]
    paragraph = tree.find(".//p")
    assert paragraph is not None and paragraph.text_content() == "Text bold"
    assert paragraph.classes == {"x"}                 # lxml.html's mixin methods are there
    paragraph.find("b").drop_tag()
    assert lxml.html.tostring(paragraph, encoding=str) == '<p class="x">Text bold</p>'


def test_the_element_limit_counts_tags_not_angle_brackets() -> None:
    text = "a < b, c <= d, 1<2 " * 20                   # 60 "<" and no tag among them
    markup = f"<html><body><p>{text}</p></body></html>"
    assert "1<2" in parse_html(markup, max_elements=10).text_content()
    with pytest.raises(PageTooComplex):
        parse_html("<html><body>" + "<p>x" * 11, max_elements=10)
    parse_html("<html><body>" + "<p>x" * 8, max_elements=10)
