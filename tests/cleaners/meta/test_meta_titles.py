"""Title cleaning: site-name affixes, hyphenated words, choosing among candidates."""

from __future__ import annotations

import pytest

from newsclean.cleaners.meta.extract import extract_metadata
from newsclean.cleaners.meta.titles import (
    TitleCandidates,
    choose_title,
    clean_text,
    displayed_part,
    host_label,
    is_dateline,
    not_a_headline,
    shared_headline,
    shown_key,
    site_keys,
    strip_site_name,
)
from tests.cleaners.meta.conftest import page

BZ = site_keys(["Börsen-Zeitung"], "www.boersen-zeitung.de")


@pytest.mark.parametrize(("title", "keys", "expected"), [
    ("Wero besteht Praxistest | Börsen-Zeitung", BZ, "Wero besteht Praxistest"),
    ("Steigende US-Zinsen setzen Dax zu – Boersen-Zeitung.de", BZ,
     "Steigende US-Zinsen setzen Dax zu"),
    ("Oil prices climb - Reuters", site_keys([], "www.reuters.com"), "Oil prices climb"),
    ("Reuters | Oil prices climb", site_keys([], "www.reuters.com"), "Oil prices climb"),
    ("Streik legt Bahn lahm: Nachrichten", site_keys(["Nachrichten"], None),
     "Streik legt Bahn lahm"),
    ("Laos poisonings | The Independent", site_keys([], "www.independent.co.uk"),
     "Laos poisonings"),
    ("Nach Rückzug - news.ORF.at", site_keys([], "orf.at"), "Nach Rückzug"),
    ("南海トラフ、一時調査：中日新聞Web", site_keys(["中日新聞Web"], None), "南海トラフ、一時調査"),
])
def test_site_name_affix_is_stripped(title: str, keys: frozenset[str], expected: str) -> None:
    assert strip_site_name(title, keys) == expected


@pytest.mark.parametrize(("title", "keys"), [
    ("Rotary Club Liechtenstein-Eschnerberg", site_keys(["Eschnerberg"], None)),
    ("Golem-Test: neue Akkus", site_keys(["Golem.de"], "golem.de")),
    ("Rückschlag im Titelkampf - Liverpool verliert bei Everton",
     site_keys(["sportschau.de"], "www.sportschau.de")),
    ("Weltmeister feiern - Weltmeisterschaft 2026", site_keys(["WELT"], "www.welt.de")),
])
def test_hyphenated_words_and_real_segments_are_kept(title: str, keys: frozenset[str]) -> None:
    assert strip_site_name(title, keys) == title


@pytest.mark.parametrize(("title", "keys", "expected"), [
    # a date and the site's initials around the headline
    ("Ferry service resumes | January 15, 2008 | HPN", site_keys([], "harbourpostnews.example"),
     "Ferry service resumes"),
    # a version number after the site's name: the whole <title> names the site
    ("Harbour Post - 6.0", site_keys([], "harbourpost.example"), "Harbour Post"),
    ("Ferry service resumes @ Harbour Media", site_keys([], "harbour.example"),
     "Ferry service resumes"),
    # a breadcrumb: site, section, story
    ("The Harbour Post : Coast : Ferry service resumes", frozenset(), "Ferry service resumes"),
    ("Harbour Post : Ferry service resumes", site_keys([], "harbourpost.example"),
     "Ferry service resumes"),
])
def test_dates_numbers_initials_and_breadcrumbs_around_the_headline(
        title: str, keys: frozenset[str], expected: str) -> None:
    assert strip_site_name(title, keys) == expected


@pytest.mark.parametrize(("title", "keys"), [
    # initials that do not spell the site, a headline with a colon kicker, a year in it
    ("Ferry service resumes | NHS", site_keys([], "harbourpostnews.example")),
    ("Coast: Ferry service resumes", frozenset()),
    ("Ferry service resumes for 2008", frozenset()),
])
def test_other_segments_stay(title: str, keys: frozenset[str]) -> None:
    assert strip_site_name(title, keys) == title


def test_title_segments_around_a_known_headline() -> None:
    got = strip_site_name("King's speech: key policies | Politics News | Metro News",
                          site_keys([], "metro.co.uk"), ["King's speech: key policies"])
    assert got == "King's speech: key policies"


def test_clean_text_collapses_whitespace_and_entities() -> None:
    assert clean_text("  A&amp;B \n\t sagt&#8217;s\u200b  ") == "A&B sagt\u2019s"


@pytest.mark.parametrize(("host", "label"), [
    ("www.boersen-zeitung.de", "boersen-zeitung"), ("news.bbc.co.uk", "bbc"),
    ("orf.at", "orf"), ("localhost", "localhost"), (None, None),
])
def test_host_label(host: str | None, label: str | None) -> None:
    assert host_label(host) == label


def test_jsonld_headline_wins_and_is_stripped() -> None:
    keys = site_keys(["Golem.de"], "golem.de")
    c = TitleCandidates(jsonld="LTE-Patent: Samsung - Golem.de",
                        opengraph="LTE-Patent: Samsung - Golem.de",
                        h1=("LTE-Patent: \n Samsung",), title_tag="LTE-Patent: Samsung - Golem.de")
    assert choose_title(c, keys) == ("LTE-Patent: Samsung", "json-ld")


def test_seo_jsonld_loses_to_agreeing_og_and_h1() -> None:
    c = TitleCandidates(jsonld="Best airers 2023, tested", opengraph="The best heated airers",
                        h1=("The best heated airers",), title_tag="Best airers 2023, tested")
    assert choose_title(c, frozenset()) == ("The best heated airers", "opengraph")


def test_h1_confirmed_by_title_tag_when_no_structured_title() -> None:
    keys = site_keys(["Example"], "example.org")
    c = TitleCandidates(h1=("Log In", "Premier League Liverpool verliert"),
                        title_tag="Liverpool verliert | Example")
    assert choose_title(c, keys) == ("Liverpool verliert", "h1")


def test_no_candidates() -> None:
    assert choose_title(TitleCandidates(), frozenset()) is None


@pytest.mark.parametrize(("title", "expected"), [
    ("National Rail Enquiries -", "National Rail Enquiries"),
    ("Pferdesport bei Olympia 2028 dabei |", "Pferdesport bei Olympia 2028 dabei"),
    ("Sophie Binet et la « gravité de la situation »",
     "Sophie Binet et la « gravité de la situation »"),
    ("« Il y a le poids » des choses » et du reste",
     "« Il y a le poids » des choses » et du reste"),
])
def test_trailing_separators_go_guillemets_stay(title: str, expected: str) -> None:
    assert strip_site_name(title, frozenset()) == expected


def test_site_name_h1_does_not_hijack_the_title() -> None:
    c = TitleCandidates(
        h1=("Four Years Remaining",),
        title_tag="Four Years Remaining » Blog Archive » Interning of Small Integers")
    title, origin = choose_title(c, frozenset()) or ("", "")
    assert origin == "title" and title.endswith("Interning of Small Integers")


def test_h1_confirms_the_longer_side_of_the_title_tag() -> None:
    c = TitleCandidates(h1=("Hund vertreibt Einbrecher – Zeugenaufruf",),
                        title_tag="Hund vertreibt Einbrecher – Zeugenaufruf – Hildesheimer Presse")
    assert choose_title(c, frozenset()) == ("Hund vertreibt Einbrecher – Zeugenaufruf", "h1")


def test_headline_behind_two_different_kickers_is_the_title() -> None:
    c = TitleCandidates(
        opengraph="Iranischer Angriff auf Israel: «Die Zurückhaltung hat mit den USA zu tun»",
        h1=("Eskalation im Nahen Osten - «Die Zurückhaltung hat mit den USA zu tun»",),
        title_tag="Iranischer Angriff auf Israel: «Die Zurückhaltung hat mit den USA zu tun» - SRF")
    assert choose_title(c, site_keys(["SRF"], "www.srf.ch")) == (
        "«Die Zurückhaltung hat mit den USA zu tun»", "opengraph")


@pytest.mark.parametrize(("a", "b"), [
    # one kicker only: it may belong to the headline, keep it
    ("Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
     "Trump-Anwältin soll Justizministerin werden"),
    ("Kultur : Ehrengast der Buchmesse: Was lesen die Philippinen?",
     "Ehrengast der Buchmesse: Was lesen die Philippinen?"),
    # the heads differ only by a reworded end: not two kickers
    ("'I sell Disney World holidays - booking the right day could save you thousands'",
     "'I sell Walt Disney World holidays - booking the right day could save you thousands'"),
    # too short to be a headline on its own
    ("Live: Ukraine", "Ticker - Ukraine"),
])
def test_no_shared_headline(a: str, b: str) -> None:
    assert shared_headline(a, b) is None
    assert shared_headline(b, a) is None


def test_one_kicker_stays_in_the_title() -> None:
    c = TitleCandidates(jsonld="Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
                        opengraph="Nach Gaetz-Rückzug: Trump-Anwältin soll Justizministerin werden",
                        h1=("Trump-Anwältin soll Justizministerin werden",))
    assert choose_title(c, frozenset())[0].startswith("Nach Gaetz-Rückzug")  # type: ignore[index]


def test_kicker_most_sources_show_is_kept() -> None:
    head = "Der 9. Juli naht: Gewerkschaften demonstrieren Einheit"
    c = TitleCandidates(jsonld=head, opengraph=f"Nationale Demo / {head}",
                        h1=(f"Nationale Demo {head}",),
                        title_tag=f"Nationale Demo {head} - Tageblatt.lu")
    assert choose_title(c, site_keys(["Tageblatt"], "www.tageblatt.lu")) == (
        f"Nationale Demo / {head}", "opengraph")


def test_kicker_tie_keeps_the_jsonld_headline() -> None:
    head = "Beleidigen und beschuldigen: Skisprung-Zoff ums Material"
    c = TitleCandidates(jsonld=head, opengraph=f"Vierschanzentournee | {head}", h1=(head,),
                        title_tag=f"Tageblatt.lu | Vierschanzentournee | {head}")
    assert choose_title(c, site_keys(["Tageblatt"], "www.tageblatt.lu")) == (head, "json-ld")


def test_section_name_in_the_title_tag_is_not_a_second_kicker() -> None:
    c = TitleCandidates(opengraph="Covid-19: New cases rise in the city",
                        title_tag="Health - New cases rise in the city | Example News")
    assert choose_title(c, site_keys(["Example News"], "example.com")) == (
        "Covid-19: New cases rise in the city", "opengraph")


SHOWN = shown_key("Home | Sports | Columnists Home woes for Flyers By Ken Unkle The Flyers lost "
                  "again at home on Tuesday. CANOE -- SLAM! Sports © 2008")


@pytest.mark.parametrize(("title", "expected"), [
    # the headline is the longest displayed run of parts, wherever it stands
    ("CANOE -- SLAM! Sports - Columnists - Unkle: Home woes for Flyers", "Home woes for Flyers"),
    ("Home woes for Flyers | January 15, 2008 | SLAM", "Home woes for Flyers"),
    ("SLAM Sports - Home woes for Flyers - CANOE News, Shows and Sports",
     "Home woes for Flyers"),
    ("Opinion > Home woes for Flyers", "Home woes for Flyers"),
    ("Home woes for Flyers|SLAM", "Home woes for Flyers"),
    ("Home woes for Flyers_Sports_SLAM", "Home woes for Flyers"),     # glued underscores
    ("Home woes for Flyers (from CANOE Sports)", "Home woes for Flyers"),
    ("Home woes for Flyers（CANOE）", "Home woes for Flyers"),
    ("Home woes for Flyers", None),                        # displayed whole: nothing to do
    ("Flyers lose at home | Columnists", None),            # no part of it is displayed
    ("Columnists: Sports - Quarterly", None),              # shown parts too short to be a title
])
def test_displayed_part_of_a_title_tag(title: str, expected: str | None) -> None:
    assert displayed_part(title, SHOWN) == expected


def test_a_displayed_site_name_is_not_the_headline() -> None:
    shown = shown_key("The Calgary Sun Front page Sports Red-hot frontrunners")
    keys = site_keys(["The Calgary Sun"], "calgarysun.com")
    assert displayed_part("The Calgary Sun | Sports | frontrunners", shown, keys) is None


FORTUNE = site_keys(["Fortune"], "fortune.com")


def test_the_one_h1_beats_an_seo_title_tag() -> None:
    c = TitleCandidates(h1=("Here Are 6 Can’t-Miss Gadgets Powered by Amazon’s Alexa",),
                        title_tag="Amazon Alexa: 6 Gadgets Powered by the Assistant | Fortune.com")
    assert choose_title(c, FORTUNE) == ("Here Are 6 Can’t-Miss Gadgets Powered by Amazon’s Alexa",
                                        "h1")


@pytest.mark.parametrize("h1s", [
    ("Fortune",),                                         # the site's name as a logo
    ("Tech",),                                            # a section label
    ("Tech news today", "Here Are 6 Gadgets"),            # several: which one is unclear
])
def test_an_h1_that_is_no_headline_leaves_the_title_tag(h1s: tuple[str, ...]) -> None:
    c = TitleCandidates(h1=h1s, title_tag="Amazon Alexa: 6 Gadgets Powered by the Assistant")
    assert choose_title(c, FORTUNE) == ("Amazon Alexa: 6 Gadgets Powered by the Assistant",
                                        "title")


def test_a_title_tag_holding_the_h1_stays() -> None:
    c = TitleCandidates(h1=("促进航天技术更好惠及人民",),
                        title_tag="促进航天技术更好惠及人民--时政--人民网")
    assert choose_title(c, frozenset()) == ("促进航天技术更好惠及人民--时政--人民网", "title")


def test_the_h1_shown_keeps_its_punctuation_over_the_title_tag() -> None:
    c = TitleCandidates(h1=("Council backs 'green' bus plan",),
                        title_tag="Council backs green bus plan | Local | Example News")
    assert choose_title(c, site_keys(["Example News"], None)) == (
        "Council backs 'green' bus plan", "h1")


@pytest.mark.parametrize(("c", "expected"), [
    # og:title with the writer's name after the headline the <h1> shows
    (TitleCandidates(opengraph="Ferry service resumes after storm | Maria Lindqvist",
                     h1=("Ferry service resumes after storm",)),
     ("Ferry service resumes after storm", "h1")),
    # a source in parentheses, full-width or not
    (TitleCandidates(opengraph="港の新しい橋が開通する予定です（Example Japan）",
                     h1=("港の新しい橋が開通する予定です",)),
     ("港の新しい橋が開通する予定です", "h1")),
    (TitleCandidates(title_tag="Ferry service resumes after storm (from The Gazette)",
                     h1=("Ferry service resumes after storm",)),
     ("Ferry service resumes after storm", "h1")),
    # site and section in front of the headline in a <title>
    (TitleCandidates(title_tag="Harbour Star / Weekly > National > Ferry service resumes after "
                               "storm", h1=("Ferry service resumes after storm",)),
     ("Ferry service resumes after storm", "h1")),
])
def test_the_h1_inside_a_longer_title_is_the_title(c: TitleCandidates,
                                                   expected: tuple[str, str]) -> None:
    assert choose_title(c, frozenset()) == expected


@pytest.mark.parametrize("c", [
    # the section <h1> after the headline in the <title>
    TitleCandidates(title_tag="Example.com - FERRY SERVICE RESUMES AFTER STORM - All The News",
                    h1=("All The News",)),
    # a structured headline keeps the kicker in front of the <h1> text
    TitleCandidates(opengraph="After the storm: Ferry service resumes on Monday",
                    h1=("Ferry service resumes on Monday",)),
    # the <h1> is shorter than the other part: a subtitle, not a byline
    TitleCandidates(opengraph="Ferry service resumes | Crews worked through the night on the pier",
                    h1=("Ferry service resumes",)),
])
def test_an_h1_that_is_not_the_headline_part_leaves_the_title(c: TitleCandidates) -> None:
    title, origin = choose_title(c, frozenset()) or ("", "")
    assert origin != "h1" and len(title) > 30


@pytest.mark.parametrize(("h1", "expected"), [
    ("<h1>\u2018<em>Fantastic Beasts</em>\u2019: A Nice Place to Visit</h1>",
     "\u2018Fantastic Beasts\u2019: A Nice Place to Visit"),
    ("<h1><span>Live:</span><span>Ferry service resumes after storm</span></h1>",
     "Live: Ferry service resumes after storm"),
    ("<h1>Ferry service <em>resumes</em> after storm</h1>", "Ferry service resumes after storm"),
])
def test_the_h1_text_is_joined_as_shown(h1: str, expected: str) -> None:
    head = f"<title>{shown_key(expected)} | Example News</title>"   # no other title source
    meta = extract_metadata(page(head, h1 + "<p>text</p>"), strict=True)
    assert (meta.title, meta.origin("title")) == (expected, "h1")


@pytest.mark.parametrize("text", [
    "MAIL THIS STORY", "Save & Share this Article", "Email To Friend",
    "Post a comment on this article", "Leave a Reply", "Write to The Editor about this article",
    "BACK TO TOP", "Last Updated: 6:10 PM Dec 31, 2007", "14 Jan 2008, 0000 hrs IST,TNN",
    "Thu, 10 Jan 2008 01:40:05", "Tuesday January 15", "Monday 14 Jan 2008 - 09:26",
    "Aktualisiert am 3. März 2024, 14:07 Uhr",
])
def test_ui_phrases_and_date_lines_are_no_headlines(text: str) -> None:
    assert not_a_headline(text)


@pytest.mark.parametrize("text", [
    "Share prices fall as banks report losses", "Save the date: festival returns in May",
    "Rupee at 39.28 against US dollar", "Post Office to close 2,500 branches",
    "May 2008 elections", "Read the story of a survivor", "Report: 300 killed in floods",
    "Mirror, Mirror", "Leave the story to the experts, readers say in a survey of the town",
])
def test_headlines_that_start_like_ui_words_or_hold_dates_stay(text: str) -> None:
    assert not not_a_headline(text)


def test_a_date_line_needs_a_number_and_no_other_words() -> None:
    assert not is_dateline("Tuesday January")
    assert not is_dateline("Storm hits coast on Tuesday, January 15")
    assert is_dateline("Posted: Monday, Dec 31, 2007 AP")


def test_a_ui_phrase_h1_gives_way_to_the_title_tag() -> None:
    meta = extract_metadata(page(
        '<title>Gazette Online - Britney Spears seen buying a new car</title>'
        '<meta property="og:site_name" content="Gazette Online">',
        "<h1>Save &amp; Share this Article</h1><p>Text of the story.</p>"), strict=True)
    assert meta.title == "Britney Spears seen buying a new car"
