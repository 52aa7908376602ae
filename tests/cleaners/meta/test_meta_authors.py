"""Author strings to person names: splitting, prefixes, noise, staff and agencies."""

from __future__ import annotations

import pytest

from newsclean.cleaners.html.parse import parse_html
from newsclean.cleaners.meta.authors import byline_names, normalize_authors
from newsclean.cleaners.meta.names import clean_name, is_prefix_only, split_names


@pytest.mark.parametrize(("raw", "names"), [
    ("By STEVE PEOPLES, THOMAS BEAUMONT and AMELIA THOMSON-DEVEAUX",
     ["STEVE PEOPLES", "THOMAS BEAUMONT", "AMELIA THOMSON-DEVEAUX"]),
    ("Felix Schröder und Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
    ("Anna Smith & Bob Jones", ["Anna Smith", "Bob Jones"]),
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    ("Von Anna Sleegers", ["Anna Sleegers"]),
    ("Kommentar von Nicole Opitz", ["Nicole Opitz"]),
    ("di Luca Monaco", ["Luca Monaco"]),
    ("Trine Juncher Jørgensen og Tôrtia Reimer-Johansen",
     ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"]),
    ("배윤경,이상현", ["배윤경", "이상현"]),
    ("srf/hosb;kesm", ["srf/hosb", "kesm"]),
    ("Ursula von der Leyen", ["Ursula von der Leyen"]),
    ("Elena Oberholzer (obe)", ["Elena Oberholzer"]),
    ("(Reporting by Josh Horwitz; Additional reporting by Ann Lee; Editing by Jane Doe)",
     ["Josh Horwitz", "Ann Lee"]),
])
def test_split_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize("noise", [
    "d.kuckelkorn@boersen-zeitung.de", "https://www.facebook.com/faz",
    "www.example.com/authors/jane", "@GregIacurci", "Political Correspondent",
    "Leitender Wirtschaftsredakteur", "05.06.2025 um 14:46", "Share", "Twitter",
    "Mykolo Romerio universiteto profesorius", "",
])
def test_noise_is_not_a_name(noise: str) -> None:
    assert clean_name(noise) is None


def test_dateline_in_front_of_byline() -> None:
    assert split_names("05.06.2025 um 14:46 von Anne-Marie Slaughter") == ["Anne-Marie Slaughter"]


def test_job_title_after_comma_is_dropped() -> None:
    assert split_names("By Jon King, News Reporter") == ["Jon King"]


def test_dedupe_case_and_accent_insensitive_keeps_order() -> None:
    assert normalize_authors(["Jose Alvarez", "JOSÉ ÁLVAREZ", "Ann Lee"]) == (
        "Jose Alvarez", "Ann Lee")


def test_staff_dropped_next_to_a_person() -> None:
    assert normalize_authors(["Jane Doe", "MND Staff"]) == ("Jane Doe",)


def test_staff_kept_when_only_byline() -> None:
    assert normalize_authors(["MND Staff"]) == ("MND Staff",)


def test_agency_kept_next_to_person() -> None:
    assert normalize_authors(["Reuters", "Thorsten Kramer"]) == ("Reuters", "Thorsten Kramer")


def test_site_name_dropped_next_to_person() -> None:
    got = normalize_authors(["David Straub, MDR THÜRINGEN"],
                            is_site=lambda n: n.lower().startswith("mdr"))
    assert got == ("David Straub",)


def test_byline_from_dom_uses_innermost_elements() -> None:
    tree = parse_html("""<html><body><article>
      <div class="article-byline"><span class="byline__by">Von</span>
        <a class="author-name" href="/autoren/a">Jasper Riemann</a>
        <a class="author-name" href="/autoren/b">Barbara Schneider</a></div>
      <div class="author-bio">Jasper Riemann is a reporter covering Bavaria since 2019.</div>
      <div class="teaser"><span class="author">Someone Else</span></div>
    </article></body></html>""")
    assert byline_names(tree) == ("Jasper Riemann", "Barbara Schneider")


def test_byline_falls_back_to_author_page_links() -> None:
    tree = parse_html('<html><body><p>von <a href="/autoren/name/max-kolter">Dr. Max Kolter'
                      "</a></p></body></html>")
    assert byline_names(tree) == ("Dr. Max Kolter",)


def test_no_byline() -> None:
    assert byline_names(parse_html("<html><body><p>Nothing here</p></body></html>")) == ()


@pytest.mark.parametrize(("raw", "names"), [
    ("Veröffentlicht von Chris Jung", ["Chris Jung"]),
    ("Interview: Julia Lauter", ["Julia Lauter"]),
    ("© Kathrin Führes Kathrin Führes", ["Kathrin Führes"]),
    ("Ryan Merkley, CEO", ["Ryan Merkley"]),
    ("Frankfurt, Germany", ["Frankfurt"]),
    ("Super User", []),
    ("admin", []),
    ("Hinterlasse einen Kommentar", []),
])
def test_more_byline_noise(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(("raw", "names"), [
    ("홍길동 기자", ["홍길동"]),
    ("김철수 특파원 kim@example.com", ["김철수"]),
    ("배윤경 이상현 기자", ["배윤경", "이상현"]),
    ("记者 张三", ["张三"]),
    ("本报记者 王五", ["王五"]),
    ("文/李四", ["李四"]),
    ("山田太郎記者", ["山田太郎"]),
    ("기자", []),
])
def test_cjk_role_words_are_not_part_of_the_name(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize("code", [
    "window._taboola = window._taboola || []", "_taboola.push", "googletag.cmd.push(x)",
    "{\"author\": 1}",
])
def test_program_text_is_not_a_name(code: str) -> None:
    assert split_names(code) == []


def test_byline_leaves_out_scripts_and_buttons() -> None:
    tree = parse_html("""<html><body><div class="byline">By <a href="/people/a">Ann Lee</a>
      <script>window._x = window._x || []; _x.push({a: 1});</script>
      <button class="author-more">Expand</button></div></body></html>""")
    assert byline_names(tree) == ("Ann Lee",)


def test_author_links_in_one_byline_are_all_kept() -> None:
    tree = parse_html('<html><body><p>By <a href="/author/a">Ann Lee</a>, '
                      '<a href="/author/b">Bo Chen</a></p>'
                      '<p><a href="/author/c">Cy Doe</a></p></body></html>')
    assert byline_names(tree) == ("Ann Lee", "Bo Chen")


@pytest.mark.parametrize(("raw", "names"), [
    ("Sam Stein\nSenior Politics Editor", ["Sam Stein"]),
    ("Paul Wiseman\nFatima Hussein, The Associated Press",
     ["Paul Wiseman", "Fatima Hussein", "The Associated Press"]),
    ("By\nJOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL\nDecember 16, 2019",
     ["JOSH HASKELL", "DAVID CAPLAN", "PATRICK REEVELL"]),
    ("By\nEllen Park\nand\nDavid Okafor", ["Ellen Park", "David Okafor"]),
    ("Jane\nDoe", ["Jane Doe"]),
    ("Reuters\nAFP", ["Reuters", "AFP"]),
])
def test_byline_lines_are_split_one_element_per_line(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


def test_adjacent_name_elements_are_two_names() -> None:
    tree = parse_html('<html><body><div itemprop="author"><span itemprop="name">Paul Wiseman'
                      '</span><span itemprop="name">Fatima Hussein</span></div></body></html>')
    assert byline_names(tree) == ("Paul Wiseman", "Fatima Hussein")


@pytest.mark.parametrize(("raw", "names"), [
    ("Isabella.DiBiase\nam\nSamstag", []),
    ("Jaxon\non\nTweet", []),
    ("SHOW ALL ARTICLES OF\nHeiko Sauer", ["Heiko Sauer"]),
    ("Shaun Nichols in California,\nvnunet.com\n15 Jan 2008", ["Shaun Nichols"]),
    ("TOM CANAVAN\nASSOCIATED PRESS", ["TOM CANAVAN", "ASSOCIATED PRESS"]),
    ("本报记者\n王晓明", ["王晓明"]),
])
def test_byline_of_several_elements_keeps_only_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


def test_byline_of_a_teaser_in_a_list_is_another_story() -> None:
    tree = parse_html("""<html><body>
      <ul><li><h3><a href="/news/other">Council agrees the budget for schools</a></h3>
        <span class="byline">By Peter Marsh</span></li></ul>
      <article><h1>Ferry returns</h1><p class="byline">By Maria Santos</p></article>
      </body></html>""")
    assert byline_names(tree) == ("Maria Santos",)


def test_byline_inside_a_card_link_is_another_story() -> None:
    tree = parse_html("""<html><body>
      <a class="card" href="/news/market"><p class="card__title">Market moves to the quay</p>
        <div class="card__author">Dan Olsen</div></a>
      <div class="article__author">Maria Santos</div></body></html>""")
    assert byline_names(tree) == ("Maria Santos",)


def test_author_list_items_are_no_teasers() -> None:
    tree = parse_html("""<html><body><article><h1>Ferry returns</h1>
      <ul class="authors"><li class="author">Maria Santos</li><li class="author">Ruth Kay</li>
      </ul><p>Text.</p><h3><a href="/news/related">A related story with a link</a></h3>
      </article></body></html>""")
    assert byline_names(tree) == ("Maria Santos", "Ruth Kay")


def test_article_without_h1_keeps_its_byline_beside_related_links() -> None:
    body = "<p>" + "The ferry runs again after a long repair of its hull. " * 25 + "</p>"
    tree = parse_html(f"""<html><body><article><h2 class="title">Ferry returns</h2>
      <span class="authorname">Eva Kirchner</span>{body}
      <h3><a href="/news/related">A related story with a link</a></h3></article>
      </body></html>""")
    assert byline_names(tree) == ("Eva Kirchner",)


def test_teaser_author_links_are_not_the_fallback() -> None:
    tree = parse_html("""<html><body>
      <ol><li><h3><a href="/news/other">Council agrees the budget</a></h3>
        <a href="/author/peter-marsh">Peter Marsh</a></li></ol>
      <article><h1>Ferry returns</h1><p>By <a href="/author/maria-santos">Maria Santos</a>
      </p></article></body></html>""")
    assert byline_names(tree) == ("Maria Santos",)


def test_social_wrapper_and_empty_leaf_do_not_hide_the_name() -> None:
    tree = parse_html("""<html><body><div class="Author-authorNameAndSocial">
      <a class="Author-authorName" href="/maria-santos">Maria Santos<span
        class="Author-authorUnderline"></span></a>
      <a class="Author-authorTwitter" href="https://twitter.com/ms">@msantos</a></div>
      </body></html>""")
    assert byline_names(tree) == ("Maria Santos",)


def test_author_card_is_a_byline() -> None:
    tree = parse_html("""<html><body><div class="base-card main-author-card">
      <h3>Ellyn Shook</h3><p>Published Dec 19, 2016</p><button>Follow</button></div>
      </body></html>""")
    assert byline_names(tree) == ("Ellyn Shook",)


@pytest.mark.parametrize(("raw", "names"), [
    ("Brenda Goodman, MA", ["Brenda Goodman"]),
    ("By Jane Doe, MD, PhD", ["Jane Doe"]),
    ("Ma Long", ["Ma Long"]),
    ("Do Kwon", ["Do Kwon"]),
])
def test_credentials_after_a_name_are_no_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(("raw", "names"), [
    ("(avec Damien Leloup et Morgane Tual)", ["Damien Leloup", "Morgane Tual"]),
    ("With Jane Doe", ["Jane Doe"]),
    ("Mit Anna Berg", ["Anna Berg"]),
])
def test_with_in_front_of_co_authors(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(("raw", "names"), [
    ("Politik · Jochen Bittner, Tina Hildebrandt", ["Jochen Bittner", "Tina Hildebrandt"]),
    ("Sport | Anna Berg", ["Anna Berg"]),
    ("Reuters · John Smith", ["Reuters", "John Smith"]),
    ("Anna Berg | Tom Kay", ["Anna Berg", "Tom Kay"]),
])
def test_a_section_label_in_front_of_the_byline_is_no_name(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


def test_byline_with_a_section_label_and_co_authors_in_parentheses() -> None:
    tree = parse_html("""<html><body><div class="article__author">Politik &#xB7;
      Jochen Bittner, Tina Hildebrandt</div></body></html>""")
    assert byline_names(tree) == ("Jochen Bittner", "Tina Hildebrandt")
    tree = parse_html("""<html><body><span class="signature">Par <span itemprop="author">
      <a href="/journaliste/martin-u/">Martin Untersinger</a> (avec Damien Leloup et Morgane
      Tual)</span></span></body></html>""")
    assert byline_names(tree) == ("Martin Untersinger", "Damien Leloup", "Morgane Tual")


def test_co_authors_in_parentheses_after_with_are_kept() -> None:
    assert split_names("Brenda Hale (with Ana Ortiz and Lee Park)") == [
        "Brenda Hale", "Ana Ortiz", "Lee Park"]
    assert split_names("Elena Oberholzer (obe)") == ["Elena Oberholzer"]


def test_a_byline_prefix_element_marks_its_parent_as_the_byline() -> None:
    tree = parse_html("""<html><body><p class="css-4anu6l"><span class="byline-prefix">By
      </span><span itemprop="name"><a href="/by/marc-santora">Marc Santora</a>, </span><span
      itemprop="name"><a href="/by/al-baker">Al Baker</a></span> and <span
      class="last-byline" itemprop="name"><a href="/by/adam-goldman">Adam Goldman</a></span>
      </p></body></html>""")
    assert byline_names(tree) == ("Marc Santora", "Al Baker", "Adam Goldman")


@pytest.mark.parametrize(("text", "prefix"), [
    ("By", True), ("Von:", True), ("Written by", True), ("By Jane Doe", False),
    ("Bylines", False), ("", False),
])
def test_prefix_only(text: str, prefix: bool) -> None:
    assert is_prefix_only(text) is prefix


@pytest.mark.parametrize(("raw", "names"), [
    ("이상현 기자 = 서울", ["이상현"]),
    ("홍길동 기자 =", ["홍길동"]),
    ("山田 太郎", ["山田 太郎"]),
    ("Max Mustermann = test", []),
])
def test_korean_wire_byline_before_the_text(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


def test_teaser_with_a_linked_h1_is_another_story() -> None:
    tree = parse_html("""<html><body>
      <article class="w-stories__item"><h1><a href="/2012/02/other-story/">Another story</a>
        </h1><a class="byline" href="/author/michael">Michael Mooney</a></article>
      <article class="story"><h1>Payments can begin</h1>
        <span>By <a href="/author/kathy-wise">Kathy Wise</a></span><p>Text.</p></article>
      </body></html>""")
    assert byline_names(tree) == ("Kathy Wise",)


def test_publication_name_dropped_next_to_a_person() -> None:
    assert normalize_authors(["By\nMeg Wagner\nNEW YORK DAILY NEWS"]) == ("Meg Wagner",)
    assert normalize_authors(["Anna Berg", "The Riverton Gazette"]) == ("Anna Berg",)


def test_publication_name_kept_when_no_person_is_named() -> None:
    assert normalize_authors(["BBC News"]) == ("BBC News",)
