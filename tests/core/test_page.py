import pytest

from cleaners.page import clean_page, is_title_variant
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
