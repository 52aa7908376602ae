import codecs
import gzip

import pytest

from newsclean.errors import DecodeError
from newsclean.scraper.decode import decode_bytes


@pytest.mark.parametrize("data, content_type, expected", [
    (codecs.BOM_UTF8 + "café".encode(), None, "café"),
    (codecs.BOM_UTF16_LE + "café".encode("utf-16-le"), None, "café"),
    ("café".encode("latin-1"), "text/html; charset=ISO-8859-1", "café"),
    ('<meta charset="shift_jis"><p>日本語</p>'.encode("shift_jis"), None, "日本語"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Привет</p>'
     .encode("cp1251"), None, "Привет"),
    ("naïve “quotes” — dash".encode(), None, "naïve “quotes” — dash"),
])
def test_charset_order(data: bytes, content_type: str | None, expected: str):
    text, _ = decode_bytes(data, content_type)
    assert expected in text


def test_header_beats_meta():
    data = '<meta charset="utf-8"><p>café</p>'.encode("cp1252")
    text, encoding = decode_bytes(data, "text/html; charset=windows-1252")
    assert "café" in text and encoding == "cp1252"


def test_undeclared_legacy_bytes_use_detector():
    data = ("Москва — столица России, крупнейший город страны. " * 20).encode("cp1251")
    text, _ = decode_bytes(data)
    assert "Москва" in text


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"   \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (b"%PDF-1.4\n\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "binary"),
])
def test_bad_bytes_raise_typed_error(data: bytes, message: str):
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data)


def test_gzip_pages_and_bombs():
    assert decode_bytes(gzip.compress(b"<p>hello</p>"))[0] == "<p>hello</p>"
    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(DecodeError, match="inflates beyond"):
        decode_bytes(bomb, max_inflated=1_000_000)
    with pytest.raises(DecodeError, match="corrupt gzip|truncated gzip"):
        decode_bytes(b"\x1f\x8b\x08\x00garbage")


def test_valid_utf8_beats_a_wrong_legacy_label():
    data = '<meta charset="gb2312"><p>人民网北京四月二十四日电，记者报道。</p>'.encode()
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and "人民网" in text


def test_cp1252_labelled_utf8_uses_the_detector():
    data = ("<p>Caf\xe9 cr\xe8me br\xfbl\xe9e \u2013 d\xe9j\xe0 vu, na\xefve r\xe9sum\xe9.</p>" * 30
            ).encode("cp1252")
    text, encoding = decode_bytes(data, "text/html; charset=utf-8")
    assert "\ufffd" not in text and "crème" in text


@pytest.mark.parametrize("text, encoding, label", [
    ("日本の首相は本日、東京で記者会見を開き、新しい経済対策を発表しました。", "shift_jis", None),
    ("日本の首相は本日、東京で記者会見を開き、新しい経済対策を発表しました。", "euc_jp", None),
    ("Президент заявил сегодня в Москве о новых мерах поддержки экономики страны.", "koi8_r",
     None),
    ("人民网北京电，记者今天报道了新的经济政策。", "gb18030", "gb2312"),   # superset label
    ("①②③ 髙橋さんの記事です。東京で会見が開かれました。", "cp932", "shift_jis"),
])
def test_legacy_cjk_and_cyrillic(text: str, encoding: str, label: str | None):
    meta = f'<meta charset="{label}">' if label else ""
    decoded, _ = decode_bytes(f"<html><head>{meta}</head><body><p>{text}</p></body></html>"
                              .encode(encoding))
    assert text in decoded


_SHORT_PAGES = {
    "pl": "Zażółć gęślą jaźń. Świętokrzyskie władze ogłosiły, że źródła będą sprawdzane.",
    "cs": "Příliš žluťoučký kůň úpěl ďábelské ódy. Šťastný řidič.",
    "hu": "Árvíztűrő tükörfúrógép. Őszinte üdvözlet a szerkesztőségtől.",
    "ru": "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "el": "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.",
    "tr": "Pijamalı hasta yağız şoföre çabucak güvendi.",
    "de": "Größere Änderungen für Bürger: Straßenbahn fährt öfter.",
}


@pytest.mark.parametrize("lang, encoding", [
    ("pl", "cp1250"), ("pl", "iso-8859-2"), ("cs", "cp1250"), ("cs", "iso-8859-2"),
    ("hu", "cp1250"), ("hu", "iso-8859-2"), ("ru", "cp1251"), ("ru", "koi8-r"),
    ("el", "cp1253"), ("el", "iso-8859-7"), ("tr", "cp1254"), ("tr", "iso-8859-9"),
    ("de", "cp1252"),
])
def test_short_undeclared_page_uses_its_language_code_pages(lang: str, encoding: str):
    # too short for a detector to tell windows-1250 from windows-1252 or KOI8-R from
    # windows-1251; <html lang> narrows the choice to the language's code pages
    page = f'<html lang="{lang}"><head></head><body><p>{_SHORT_PAGES[lang]}</p></body></html>'
    text, _ = decode_bytes(page.encode(encoding))
    assert text == page


def test_content_language_meta_is_a_language_hint():
    page = ('<html><head><meta http-equiv="Content-Language" content="pl"></head><body>'
            f'<p>{_SHORT_PAGES["pl"]}</p></body></html>')
    assert decode_bytes(page.encode("iso-8859-2"))[0] == page


def test_declared_charset_beats_the_language_hint():
    page = f'<html lang="pl"><head></head><body><p>{_SHORT_PAGES["de"]}</p></body></html>'
    text, encoding = decode_bytes(page.encode("cp1252"), "text/html; charset=windows-1252")
    assert text == page and encoding == "cp1252"


def test_a_template_lang_en_does_not_hide_a_cyrillic_page():
    body = "Москва — столица России, крупнейший город страны и её политический центр. " * 3
    page = f'<html lang="en"><head></head><body><p>{body}</p></body></html>'
    text, _ = decode_bytes(page.encode("cp1251"))
    assert text == page
