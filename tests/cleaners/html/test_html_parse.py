"""newsclean.cleaners.html.parse: decoded markup that still carries XML declarations."""

from __future__ import annotations

import pytest

from newsclean.cleaners.html.parse import parse_html, strip_xml_declarations
from newsclean.errors import ExtractError

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
