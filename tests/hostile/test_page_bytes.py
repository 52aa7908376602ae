"""Page bytes that used to be cut, inflated or misread in silence: a gzip body served as
text/html without Content-Encoding, a truncated local ``.html.gz``, one NUL byte, UTF-16
without a BOM, UTF-8 with stray Latin-1 bytes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from newsclean import pipeline
from newsclean.errors import DecodeError, PageTooLarge
from newsclean.scraper.decode import decode_bytes, looks_binary
from newsclean.scraper.limits import PAGE_MAX_BYTES
from tests.scraper.fetch.server import Server, fixed
from tests.test_pipeline_cli import ARTICLE


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    code = pipeline.main(["run", *args, "-w", "1", "--no-progress"])
    capsys.readouterr()
    return code


def test_gzip_served_as_html_without_content_encoding_keeps_the_page_limit(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    bomb = gzip.compress(b"<html><body><p>" + b"a " * (PAGE_MAX_BYTES // 2 + 10) + b"</p>")
    assert len(bomb) < PAGE_MAX_BYTES // 100
    server.routes["/bomb.html"] = fixed(body=bomb, content_type="text/html")
    server.routes["/fine.html"] = fixed(body=gzip.compress(ARTICLE.encode()),
                                        content_type="text/html")
    out = tmp_path / "c.csv"
    code = _run(capsys, server.url("/bomb.html"), server.url("/fine.html"), "-o", str(out),
                "--allow-host", "127.0.0.1", "--delay", "0")
    assert code == 1
    errors = pd.read_csv(tmp_path / "c.errors.csv", dtype=str)
    assert list(errors[["stage", "reason"]].itertuples(index=False, name=None)) == [
        ("decode", "too_large")]
    assert f"beyond {PAGE_MAX_BYTES} bytes" in errors["message"][0]
    assert len(pd.read_csv(out)) == 1


def test_a_truncated_local_html_gz_is_an_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]):
    whole = gzip.compress(ARTICLE.encode())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.html.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "in" / "whole.html.gz").write_bytes(whole)
    out = tmp_path / "c.csv"
    assert _run(capsys, str(tmp_path / "in"), "-o", str(out)) == 1
    errors = pd.read_csv(tmp_path / "c.errors.csv", dtype=str)
    assert list(errors["source"]) == [str(tmp_path / "in" / "cut.html.gz")]
    assert list(errors["reason"]) == ["decode_error"]
    assert "truncated gzip data" in errors["message"][0]
    assert len(pd.read_csv(out)) == 1


def test_too_large_after_inflation_is_a_typed_error():
    with pytest.raises(PageTooLarge) as caught:
        decode_bytes(gzip.compress(b"<p>" + b"x" * 2000), max_inflated=1000)
    assert caught.value.reason == "too_large"


def test_one_nul_byte_does_not_make_html_binary():
    page = ARTICLE.replace("<body>", "<body>\x00").encode()
    assert not looks_binary(page)
    text, encoding = decode_bytes(page)
    assert "Rates rise again" in text and encoding == "utf-8"


@pytest.mark.parametrize("head", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\x89PNG\r\n\x1a\n",
                                  b"PK\x03\x04\x14\x00", b"GIF89a\x01\x00"])
def test_binary_formats_are_still_refused(head: bytes):
    with pytest.raises(DecodeError, match="binary"):
        decode_bytes(head + bytes(range(32, 127)) * 8)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_bom_is_decoded(codec: str):
    text = "Der Bürgermeister sagte am Montag, die Brücke werde saniert.\n" * 5
    decoded, encoding = decode_bytes(text.encode(codec))
    assert (decoded, encoding) == (text, codec)


def test_utf16_txt_file_without_a_bom_becomes_an_article(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    story = ("Stadtrat beschließt neue Brücke\n\n" + "Der Bürgermeister sagte am Montag, die "
             "alte Brücke über den Fluss werde im nächsten Jahr saniert und verbreitert.\n" * 4)
    (tmp_path / "story.txt").write_bytes(story.encode("utf-16-le"))
    out = tmp_path / "c.csv"
    assert _run(capsys, str(tmp_path / "story.txt"), "-o", str(out)) == 0
    assert "Brücke" in pd.read_csv(out)["text"][0]


def test_utf8_with_stray_latin1_bytes_is_read_as_utf8():
    utf8 = "<p>Die Straße in Zürich wird für Fußgänger gesperrt, sagt der Bürgermeister.</p>"
    latin1 = "<p>Anzeige: Schöne Grüße</p>"
    page = b"<html><body>" + utf8.encode() + latin1.encode("latin-1") + b"</body></html>"
    text, encoding = decode_bytes(page)
    assert encoding == "utf-8"
    assert utf8 in text and latin1 in text


def test_a_legacy_page_is_not_taken_for_utf8_with_strays():
    page = "<p>Привет, как дела? Сегодня хорошая погода.</p>".encode("cp1251")
    text, encoding = decode_bytes(page, "text/html; charset=windows-1251")
    assert encoding == "cp1251" and "Привет" in text
