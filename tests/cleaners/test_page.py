import pytest

from newsclean.cleaners.page import clean_page, is_title_variant
from newsclean.records import Article, DecodedPage

TITLE = "Pendler sparen 60 Prozent bei Bus und Bahn"


@pytest.mark.parametrize("line, expected", [
    (TITLE, True),
    ("49-Euro-Ticket Pendler sparen 60 Prozent bei Bus und Bahn", True),   # kicker glued on
    ("Pendler sparen 60 Prozent bei Bus und Bahn.", False),                # a sentence
    ("Pendler sparen bei Bus und Bahn, sagt der Verband, und das seit Monaten schon", False),
    ("Der Stadtrat beschloss am Dienstag neue Radwege", False),
])
def test_title_variants(line: str, expected: bool):
    assert is_title_variant(line, TITLE) is expected


def test_html_page_keeps_title_out_of_the_body():
    body = "".join(f"<p>Absatz {i}: Die Pendler in der Region zahlen seit Mai deutlich "
                   f"weniger für ihre Fahrten mit Bus und Bahn.</p>" for i in range(5))
    markup = (f"<html><head><title>{TITLE}</title></head><body><article>"
              f"<p>Ticket {TITLE}</p>{body}</article></body></html>")
    article = clean_page(DecodedPage(0, "p.html", markup))
    assert isinstance(article, Article)
    assert article.meta.title == TITLE
    assert not article.text.startswith("Ticket")
    assert ("title_repeat", f"Ticket {TITLE}") in {(r.reason, r.text) for r in article.removals}


@pytest.mark.parametrize("jsonld, expected", [
    ("", True),                                           # only the teaser says so
    ('{"@type": "NewsArticle", "isAccessibleForFree": true}', False),   # metadata wins
])
def test_paywall_teaser_marks_the_article(jsonld: str, expected: bool):
    body = "".join(f"<p>Paragraphe {i} : la ville a voté mardi un nouveau plan de transport "
                   f"pour les habitants des quartiers nord.</p>" for i in range(4))
    script = f'<script type="application/ld+json">{jsonld}</script>' if jsonld else ""
    markup = (f"<html><head>{script}</head><body><article>{body}"
              "<p>Il vous reste 57% de cet article à lire.</p></article></body></html>")
    article = clean_page(DecodedPage(0, "p.html", markup))
    assert isinstance(article, Article)
    assert article.meta.paywalled is expected
    assert "Il vous reste" not in article.text


def test_sign_off_name_replaces_a_publisher_only_author():
    body = "".join(f"<p>Đoạn {i}: bệnh nhân đau bụng âm ỉ, ăn uống khó tiêu, đầy hơi và "
                   f"được đưa đến bệnh viện để kiểm tra sức khỏe.</p>" for i in range(5))
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Đau bụng",'
          ' "author": {"@type": "Organization", "name": "VnExpress"}}</script>')
    markup = (f'<html><head><meta property="og:site_name" content="VnExpress">{ld}</head>'
              f'<body><article>{body}<p style="text-align:right;"><strong>Lê Phương</strong>'
              f'</p></article></body></html>')
    article = clean_page(DecodedPage(0, "p.html", markup, url="https://vnexpress.net/a-1.html"))
    assert isinstance(article, Article)
    assert (article.meta.authors, article.meta.origin("authors")) == (("Lê Phương",), "signature")
    assert "Lê Phương" not in article.text


def test_a_page_whose_metadata_raises_keeps_its_text_and_says_so(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    from newsclean.cleaners.meta import extract
    from newsclean.outcomes import PageWarning

    def explode(*args: object) -> None:
        raise RuntimeError("title step exploded")

    monkeypatch.setattr(extract, "_title", explode)
    body = "".join(f"<p>Absatz {i}: Die Pendler in der Region zahlen seit Mai deutlich "
                   f"weniger für ihre Fahrten mit Bus und Bahn.</p>" for i in range(5))
    markup = (f"<html><head><title>{TITLE}</title></head><body><article>{body}</article>"
              "</body></html>")
    article = clean_page(DecodedPage(0, "p.html", markup))
    assert isinstance(article, Article)
    assert article.meta.warnings == (PageWarning.METADATA_ERROR,)
    assert article.meta.title is None
    assert article.text.count("Absatz") == 5
    assert "title step exploded" in caplog.text


def test_the_displayed_h1_is_the_title_over_an_seo_title_tag():
    body = "".join(f"<p>Paragraph {i}: the speakers answer to voice commands and play music, "
                   f"read the news and switch the lights on and off.</p>" for i in range(4))
    markup = ("<html><head><title>Amazon Alexa: 6 Gadgets Powered by the Assistant | "
              "Fortune.com</title></head><body><header><a href='/'>Fortune</a></header>"
              f"<article><h1>Here Are 6 Gadgets Powered by Amazon’s Alexa</h1>{body}"
              "</article></body></html>")
    article = clean_page(DecodedPage(0, "p.html", markup))
    assert isinstance(article, Article)
    assert (article.meta.title, article.meta.origin("title")) == (
        "Here Are 6 Gadgets Powered by Amazon’s Alexa", "h1")
    assert article.text.startswith("Paragraph 0: the speakers")
    assert ("html_boilerplate:title", "Here Are 6 Gadgets Powered by Amazon’s Alexa") in {
        (r.reason, r.text) for r in article.removals}
