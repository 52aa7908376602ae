"""Wrong and missing charsets, served for real and decoded as the pipeline does."""

from __future__ import annotations

import codecs

import pytest

from newsclean.records import RawPage
from newsclean.scraper.decode import decode_page
from newsclean.scraper.fetch.settings import FetchSettings
from tests.scraper.fetch.server import Server, fetch_all, fixed

FRENCH = "Le café crème coûte désormais 3,50 € à Genève, a déclaré le maître d'hôtel."
JAPANESE = "日本の首相は本日、東京で記者会見を開き、新しい経済対策を発表しました。"


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


CASES = {
    # cp1252 bytes labelled utf-8 in the header: the label is wrong, the detector decides
    "/cp1252-as-utf8": (page(FRENCH * 3).encode("cp1252"), "text/html; charset=utf-8",
                        FRENCH),
    # Shift_JIS with no label anywhere
    "/sjis-undeclared": (page(JAPANESE * 3).encode("shift_jis"), "text/html", JAPANESE),
    # a UTF-8 BOM beats a wrong header label
    "/bom": (codecs.BOM_UTF8 + page(FRENCH).encode(), "text/html; charset=iso-8859-1",
             FRENCH),
    # UTF-16 with BOM and no label
    "/utf16": (codecs.BOM_UTF16_LE + page(JAPANESE).encode("utf-16-le"), "text/html",
               JAPANESE),
    # header says nothing, <meta> says windows-1251
    "/meta-1251": (page("Москва — столица России.", '<meta charset="windows-1251">')
                   .encode("cp1251"), "text/html", "Москва — столица России."),
}


@pytest.mark.parametrize("path", sorted(CASES))
def test_served_charsets_decode(server: Server, settings: FetchSettings, path: str) -> None:
    body, content_type, expected = CASES[path]
    server.routes[path] = fixed(body=body, content_type=content_type)
    [result] = fetch_all([server.url(path)], settings)
    assert isinstance(result, RawPage), result
    decoded = decode_page(result)
    assert expected in decoded.text
    assert "\ufffd" not in decoded.text
    assert server.hits[path] == 1
