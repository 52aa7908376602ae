"""Line and block rules of newsclean.cleaners.text.rules, one case per parameter."""

from __future__ import annotations

import pytest

from newsclean.cleaners.text.dates import parse_dateline
from newsclean.cleaners.text.facts import contact_author, credit_authors
from newsclean.cleaners.text.rules import LINE_CLASSIFIERS, classify_line, clean_text

BODY = "The company said on Tuesday that sales rose 4% in the third quarter."


@pytest.mark.parametrize(("line", "reason"), [
    ("25 LINKEDIN 1 COMMENTMORE", "share_counts"),
    ("Share", "share_counts"),
    ("Tweet", "share_counts"),
    ("Email", "share_counts"),
    ("Facebook Twitter Pinterest", "share_counts"),
    ("12 Comments", "share_counts"),
    ("1.2k Shares | Facebook | WhatsApp | E-Mail", "share_counts"),
    ("Teilen Drucken", "share_counts"),
    ("Log in", "login_prompt"),
    ("Sign up", "login_prompt"),
    ("Subscribe", "login_prompt"),
    ("Register", "login_prompt"),
    ("Sign in to continue", "login_prompt"),
    ("Log in | Register", "login_prompt"),
    ("date 2020-09-16 Log in", "login_prompt"),
    ("Subscribe to our newsletter", "login_prompt"),
    ("Anmelden oder Registrieren", "login_prompt"),
    ("Read or Share this story: http://example.com/abc", "share_prompt"),
    ("Share this article", "share_prompt"),
    ("Click here to share", "share_prompt"),
    ("Follow us on Facebook and Twitter", "share_prompt"),
    ("Suivez-nous sur Twitter", "share_prompt"),
    ("Artikel teilen", "share_prompt"),
    ("jdoe@example.org", "author_contact"),
    ("Twitter: @Jane_Doe", "author_contact"),
    ("Follow @janedoe", "author_contact"),
    ("@janedoe", "author_contact"),
    ("Email: jdoe@example.org | Twitter: @JaneDoe", "author_contact"),
    ("FILE PHOTO: A worker walks past the logo in Berlin", "photo_caption"),
    ("Photo: Jane Doe", "photo_caption"),
    ("(Photo by John Roe/Getty Images)", "photo_caption"),
    ("Image: Shutterstock", "photo_caption"),
    ("Getty Images", "photo_caption"),
    ("Foto: dpa", "photo_caption"),
    ("People queue outside a store in Shanghai, China. REUTERS/Aly Song/File Photo",
     "photo_caption"),
    ("Birthday : 10/31/1964", "bio_sidebar"),
    ("Place of birth: Hangzhou - China", "bio_sidebar"),
    ("Date of birth: 1 May 1970", "bio_sidebar"),
    ("09/16/2020 | 02:51am EDT", "dateline"),
    ("Published 3:04 p.m. ET Jan. 11, 2018", "dateline"),
    ("Updated: Sept. 16, 2020 at 10:00 a.m. CEST", "dateline"),
    ("16.09.2020, 14:30 Uhr", "dateline"),
    ("Monday, 12 October 2020 14:05 GMT", "dateline"),
    ("(Reporting by Jane Doe; Editing by John Roe)", "credits"),
    ("(Reporting by A Bee; Additional reporting by C Dee; Writing by E Eff; Editing by G Hi)",
     "credits"),
    ("Compiled by Jane Doe", "credits"),
    ("Stocks mentioned in the article", "ticker_widget"),
    ("ACME CORP. -3.08% 82.65 Delayed Quote.118.54%", "ticker_widget"),
    ("By Jane Doe and John Roe, Reuters", "byline"),
    ("Von Anna Schmidt", "byline"),
    ("Related Articles", "related_heading"),
    ("Read more:", "related_heading"),
    ("Lesen Sie auch", "related_heading"),
    ("À lire aussi", "related_heading"),
    ("Leave a Comment", "comment_prompt"),
    ("Kommentar verfassen", "comment_prompt"),
    ("© 2024 Example Media. All rights reserved.", "copyright"),
    ("Copyright 2021 Acme Corp", "copyright"),
    ("Suscríbete a nuestro newsletter", "login_prompt"),
    ("Externer Inhalt nicht verfügbar", "embed_placeholder"),
    ("This content is provided by a third party. To view it, accept cookies.",
     "embed_placeholder"),
    ("Please enable JavaScript to view the comments.", "embed_placeholder"),
    ("STR/AFP via Getty Images", "photo_caption"),
    ("| Weitere Artikel zum Thema |", "related_heading"),
    ("Read also: The ten best trains in Europe", "related_heading"),
    ("Noticias relacionadas", "related_heading"),
    ("Diskutieren Sie mit", "comment_prompt"),
    ("Pour lire la suite, abonnez-vous", "paywall_prompt"),
    ("This article is for subscribers only.", "paywall_prompt"),
    ("Anzeige", "advert_label"),
    ("ADVERTISEMENT", "advert_label"),
    ("Copyright: Jane Doe", "copyright"),
])
def test_junk_line_is_recognised(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize("line", [
    BODY,
    "Users who share their data can log in to a new portal, the company said.",
    "Please share your thoughts with us.",
    "Log in details were stolen in the breach.",
    "The shares fell 3% to 82.65 dollars on Tuesday.",
    "Photos of the event were shared widely online.",
    "By the way, the board approved the plan.",
    "By Friday, the company had sold 2 million units.",
    "March 2019",
    "2019",
    "In 2016 the company opened its first store.",
    "Jack Ma",
    "Follow us on this journey as we explore the city.",
    "Subscribers can register for the event online.",
    "Copyright law was changed in 2019, the court noted.",
    "(c) the third option is to wait.",
    "Read more about the plans in our special report on the economy.",
    "Advertisements for the product ran on television for weeks.",
    "Werbung ist ein großes Geschäft, sagte der Manager.",
])
def test_body_line_survives(line: str) -> None:
    assert classify_line(line) is None


def test_bare_date_inside_the_body_is_kept() -> None:
    text = "\n".join(["Tuesday, 27 August 2024", BODY, "Wednesday, 28 August 2024", BODY + "!"])
    result = clean_text(text, detect_title=False)
    assert [r.text for r in result.removals] == ["Tuesday, 27 August 2024"]
    assert result.lines == (BODY, "Wednesday, 28 August 2024", BODY + "!")


def test_ticker_header_and_quotes_are_one_block() -> None:
    text = "\n".join([BODY, "Stocks mentioned in the article", "ChangeLast1st jan.",
                      "ACME GROUP 1.41% 277.96", "BETA INC. -3.08% 82.65", "", BODY + " More."])
    result = clean_text(text, detect_title=False)
    assert [r.reason for r in result.removals] == ["ticker_widget"]
    assert result.removals[0].text.count("\n") == 3
    assert len(result.lines) == 2


def test_bio_block_takes_the_name_line_before_it() -> None:
    text = "Jane Doe\n\nBirthday : 1 May 1970\nNationality : Irish\n\n" + BODY
    result = clean_text(text)
    assert [(r.reason, r.line) for r in result.removals] == [("bio_sidebar", 0)]
    assert result.lines == (BODY,)


def test_weak_bio_line_alone_is_kept() -> None:
    assert clean_text("Age: 45\n" + BODY, detect_title=False).lines == ("Age: 45", BODY)


@pytest.mark.parametrize(("text", "title"), [
    ("A heading without a period\n\n" + BODY + "\n" + BODY, "A heading without a period"),
    ("A heading\n09/16/2020 | 02:51am EDT\n" + BODY, "A heading"),
    ("A heading\nBy Jane Doe\n" + BODY, "A heading"),
    ("A sentence that ends with a period.\n\n" + BODY, None),
    ("A heading directly followed by body\n" + BODY, None),
    ("only one line", None),
    ("Business\n\n" + BODY + "\n" + BODY, None),
    ("lower-case start\n\n" + BODY + "\n" + BODY, None),
])
def test_title_line(text: str, title: str | None) -> None:
    assert clean_text(text).facts.title == title


def test_title_detection_can_be_switched_off() -> None:
    result = clean_text("A heading\n\n" + BODY, detect_title=False)
    assert result.lines == ("A heading", BODY)
    assert result.facts.title is None


def test_trailing_credit_is_cut_from_the_last_paragraph() -> None:
    result = clean_text(BODY + " (Reporting by Jane Doe in Paris; Editing by John Roe)")
    assert result.lines == (BODY,)
    assert result.removals[0].reason == "credits"
    assert result.facts.authors == ("Jane Doe",)
    assert result.facts.origin("authors") == "credit"


@pytest.mark.parametrize(("credit", "authors"), [
    ("(Reporting by Josh Horwitz; Editing by Clarence Fernandez and Christopher Cushing)",
     ["Josh Horwitz"]),
    ("(Reporting by A Bee and C Dee in Beijing; Writing by E Eff; Editing by G Hi)",
     ["A Bee", "C Dee", "E Eff"]),
    ("(Additional reporting by Jane Doe; Editing by John Roe)", []),
    ("Compiled by Jane Doe", ["Jane Doe"]),
])
def test_credit_authors(credit: str, authors: list[str]) -> None:
    assert credit_authors(credit) == authors


@pytest.mark.parametrize(("lines", "author"), [
    (["ithibodeau@detroitnews.com", "Twitter: @Ian_Thibodeau"], "Ian Thibodeau"),
    (["jane.doe@example.org", "@JaneDoe"], "Jane Doe"),
    (["newsroom@example.org", "Twitter: @Jane_Doe"], None),
    (["jdoe@example.org", "Twitter: @example"], None),
    (["jdoe@example.org"], None),
    (["Twitter: @Jane_Doe"], None),
])
def test_contact_author_needs_corroboration(lines: list[str], author: str | None) -> None:
    assert contact_author(lines) == author


@pytest.mark.parametrize(("line", "lang", "iso"), [
    ("09/16/2020 | 02:51am EDT", None, "2020-09-16T02:51:00-04:00"),
    ("Published 3:04 p.m. ET Jan. 11, 2018", None, "2018-01-11T15:04:00-05:00"),
    ("Published 3:04 p.m. ET July 11, 2018", None, "2018-07-11T15:04:00-04:00"),
    ("12 March 2021 09:00 PT", None, "2021-03-12T09:00:00-08:00"),
    ("15 March 2021 09:00 PT", None, "2021-03-15T09:00:00-07:00"),
    ("Updated: Sept. 16, 2020 at 10:00 a.m. CEST", None, "2020-09-16T10:00:00+02:00"),
    ("Monday, 12 October 2020 14:05 GMT", None, "2020-10-12T14:05:00+00:00"),
    ("12 October 2020 14:05 BST", None, "2020-10-12T14:05:00+01:00"),
    ("11/03/2020 10:00 CET", "de", "2020-03-11T10:00:00+01:00"),
    ("11/03/2020 10:00", "en", "2020-11-03T10:00:00"),
    ("Aktualisiert am 3. März 2021, 08:15 Uhr", "de", "2021-03-03T08:15:00"),
    ("Publié le 12 février 2021 à 10h30", "fr", "2021-02-12T10:30:00"),
    ("Posted: 2021-05-03", "fr", "2021-05-03"),
    ("2020-09-16T02:51:00Z", None, "2020-09-16T02:51:00+00:00"),
])
def test_dateline_to_iso(line: str, lang: str | None, iso: str) -> None:
    assert parse_dateline(line, lang=lang)[1] == iso


def test_updated_dateline_feeds_modified_not_published() -> None:
    facts = clean_text("Updated: 12 October 2020 14:05 GMT\n" + BODY).facts
    assert (facts.published, facts.modified) == (None, "2020-10-12T14:05:00+00:00")


def test_full_dateline_beats_a_bare_date_label() -> None:
    facts = clean_text("date 2020-09-16 Log in\n09/16/2020 | 02:51am EDT\n" + BODY).facts
    assert facts.published == "2020-09-16T02:51:00-04:00"


@pytest.mark.parametrize("line", [
    "Got a story? Get in touch with our news team by emailing us at news@example.co.uk.",
    "Have a news tip? Send it to us.",
    "Follow Example.com on Twitter and Facebook for the latest news updates.",
    "For more stories like this, check our news page.",
    "Sign up for our Morning Briefing newsletter to get the news first.",
])
def test_newsroom_plugs_are_removed(line: str) -> None:
    assert classify_line(line) == "newsroom_plug"


@pytest.mark.parametrize("line", [
    "He urged voters to follow the candidates on Twitter for the latest polls, saying it mattered.",
    "Got a story to tell, the old sailor said, and told it.",
    "For more than a decade, stories like this one were rare.",
])
def test_sentences_like_plugs_survive(line: str) -> None:
    assert classify_line(line) is None


def test_line_classifiers_run_in_their_table_order() -> None:
    assert [name for name, _ in LINE_CLASSIFIERS] == [
        "whole_line_rules", "photo_caption", "contains_rules", "dateline", "byline", "post_meta"]


@pytest.mark.parametrize(("line", "reason"), [
    ("A man walks in Hangzhou, China. REUTERS/Aly Song", "photo_caption"),
    ("Jane Doe contributed to this report.", "credits"),
    ("12.03.2024, 14:30 Uhr", "dateline"),
    ("By Jane Doe", "byline"),
    ("By Jane Doe, economics correspondent", "byline"),
    ("Politik | 12.03.2024 | 3 min", "post_meta"),
    ("12 345", None),                   # a share-bar shape without a share word: kept
])
def test_each_line_classifier_gives_its_reason(line: str, reason: str | None) -> None:
    assert classify_line(line) == reason
