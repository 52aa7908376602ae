"""Multilingual line rules (newsclean.cleaners.text.rules_anywhere) and the edge rules of
newsclean.cleaners.text.edges: junk at the start or the end of a story, kept in its middle."""

from __future__ import annotations

import pytest

from newsclean.cleaners.text.edges import tail_reason
from newsclean.cleaners.text.facts import byline_authors
from newsclean.cleaners.text.rules import classify_line, clean_text

BODY = [
    "The council voted on Tuesday to close the old bridge for repairs, officials said.",
    "Work is expected to take six months and will cost about 4 million euros in total.",
    "Residents have complained for years about the noise and the traffic on the bridge.",
    "The mayor said the city would add buses while the bridge is closed to all cars.",
]


@pytest.mark.parametrize(("line", "reason"), [
    ("Read also: Council approves the new budget", "related_heading"),
    ("ALSO READ | Floods hit the north again", "related_prompt"),
    ("Lesen Sie auch: Wie die Stadt spart", "related_heading"),
    ("- Zum Artikel: Tarifrunde im Nahverkehr", "related_prompt"),
    ("À lire aussi : Le gouvernement recule", "related_heading"),
    ("LE PUEDE INTERESAR: El Congreso aprueba la ley", "related_heading"),
    ("PUEDES VER: ¿Qué es la reforma y para qué sirve?", "related_prompt"),
    ("NOTAS RELACIONADAS: Otra noticia", "related_prompt"),
    ("Czytaj też: Nowe przepisy od stycznia", "related_prompt"),
    ("Leggi anche: La riforma del fisco", "related_heading"),
    ("Mehr zum Thema lesen Sie in unserem Liveticker:", "related_prompt"),
    ("Il vous reste 80% de cet article à lire.",
     "paywall_prompt"),
    ("Dieser Artikel ist nur für Abonnenten verfügbar.", "paywall_prompt"),
    ("To view the full story, please subscribe to The Daily Example.", "paywall_prompt"),
    ("この記事は会員限定です。", "paywall_prompt"),
    ("This article was originally published on The Conversation.", "origin_note"),
    ("The post Ten tips for spring appeared first on Example Blog.", "origin_note"),
    ("Dies ist eine automatische Übersetzung aus dem Englischen.", "origin_note"),
    ("Lesen Sie den Originalartikel hier.", "origin_note"),
    ("Aus dem Englischen von Jane Doe", "origin_note"),
    ("Gastbeiträge müssen nicht der Meinung der Redaktion entsprechen.", "origin_note"),
    ("This is a breaking news story - more to follow", "origin_note"),
    ("Du musst eingeloggt sein, um Kommentare zu schreiben!", "login_prompt"),
    ("Titelbild: Jane Doe/Agency", "photo_caption"),
    ("Quelle: AFP", "photo_caption"),
    ("Crowds in the square on Monday. Bild: Jane Doe", "photo_caption"),
    ("A logo at the fair | © Example Media", "photo_caption"),
    ("Hinweis:", "label_line"),
    ("Weiterlesen", "label_line"),
    ("Bild anzeigen", "label_line"),
    ("Hauptinhalt", "label_line"),
    ("Most read", "label_line"),
    ("Weitere Informationen zum Thema:", "label_line"),
    ("Weitere Infos unter www.example.org.", "label_line"),
    ("- -Aktualisiert am", "label_line"),
    ("Die Ministerin im Interview. 21.04.2024 | 3:18 min", "video_teaser"),
    ("- showPaywall:", "code_artifact"),
    ("Ein Roman Jane Doe (Übers.), Verlag 2025, 368 S., 28 €", "book_info"),
    ("© 2022, Example News. This article is the copyrighted property of Example News.",
     "copyright"),
    ("Jahresbericht 2021 PDF | 38 KB", "download_link"),
    ("Schreiben vom 14. Oktober 2021PDF | 38 KB | barrierefrei", "download_link"),
    ("Abbildung 4: Die Schicht unter dem Mikroskop.", "photo_caption"),
    ("Figure 2. Sales by quarter", "photo_caption"),
    ("Der Artikel wurde erfolgreich hinzugefügt.", "ui_message"),
    ("This material may not be published, broadcast, rewritten or redistributed.", "copyright"),
    ("Jane Doe in Berlin and John Roe in Paris contributed to this report.", "credits"),
    ("___", "separator"),
    ("2025年1月14日 01時28分 (1月14日 01時40分更新)", "dateline"),
    ("January 13, 2020 at 08:45 AM | categories: Python | View Comments", "post_meta"),
    ("24. März 2004, 19:49 | Genesis", "post_meta"),
    ("Von Anna Schmidt, Frankfurt", "byline"),
    ("Members get special offers from us. You can unsubscribe at any time. Read our Privacy "
     "Policy", "newsletter_form"),
])
def test_junk_line_is_recognised(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize("line", [
    "Read the report carefully, the minister told reporters.",
    "Weitere Informationen lagen am Abend nicht vor.",
    "Die Zeitung hat ihre Leser über die neue Regel informiert.",
    "Related research suggests the effect is small.",
    "The article was published in a scientific journal and reviewed by peers, she said.",
    "He had to be registered to vote, but the office was closed.",
    "You must be registered to vote by October 5.",
    "新聞の購読者数が減少している。",
    "Der Film dauert 98 Minuten und kostet 12 Euro.",
    "The book has 368 pages and many photos.",
    "| 2002 | Vladimír Špidla | 30 |",
    "| Kofferraumvolumen in Liter | 634 – 1.704 |",
    "...",
    "Die Ministerin sprach von einem großen Erfolg.",
    "Sie sagte: „Wir müssen die Meinung der Bürger hören.“",
    "The app lets users pay for parking with their phone.",
    "Customers can cancel the contract at any time, the regulator said.",
    "There is no such option. You can't opt out of the new search box at any time.",
    "You can opt out of the scheme, the minister said.",
    "The files may not be reproduced without a court order, the judge said.",
    "Figures for 2023 show a 4% rise.",
])
def test_body_line_survives(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(("line", "reason"), [
    ("(abc)", "agency_tag"),
    ("dpa/AFP", "agency_tag"),
    ("mit dpa", "agency_tag"),
    ("Mit Agenturmaterial.", "agency_tag"),
    ("RTV (abc)", "agency_tag"),
    ("With files from The Associated Press", "agency_tag"),
    ("Additional reporting from PA", "agency_tag"),
    ("Sendung: Radio Eins, 24.04.2024, 15:10 Uhr", "agency_tag"),
    ("Jane Doe", "signature"),
    ("Lê Phương", "signature"),
    ("Jane Doe is a reporter at Example News covering energy.", "author_bio"),
    ("Korrespondent Max Muster ist bei der Zeitung für Landespolitik zuständig.", "author_bio"),
    ("Jane Doe covers politics and the courts. Follow her on X.", "author_bio"),
    ("Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns mit einer Spende.",
     "promo_plug"),
    ("If you enjoyed reading this post, would you consider supporting our work?", "promo_plug"),
    ("Sign up for our free weekly newsletter to get the best stories.", "promo_plug"),
    ("Nachrichten aufs Handy? Laden Sie jetzt unsere News-App.", "promo_plug"),
    ("Follow Example News on Google News for more.", "promo_plug"),
    ("Get in touch with our news team by emailing us at news@example.org.", "promo_plug"),
    ("Ihre Meinung ist uns wichtig. Senden Sie uns Ihr Feedback.", "promo_plug"),
    ("Tu suscripción vence mañana.", "promo_plug"),
    ("Ein langer Aufruf für unsere Arbeit. Machen Sie mit? Jetzt unterstützen",
     "promo_plug"),
])
def test_tail_line_is_recognised(line: str, reason: str) -> None:
    assert tail_reason(line) == reason


@pytest.mark.parametrize("line", [
    "The mayor said the bridge will reopen in spring.",
    "Netflix subscribers will pay two dollars more from March, the company said.",
    "The Newsletter was first printed in 1737.",
    "She lives in Berlin.",
    "The victim was a reporter for the local paper.",
    "Fortsetzung folgt (vielleicht)",
])
def test_tail_sentence_survives(line: str) -> None:
    assert tail_reason(line) is None


@pytest.mark.parametrize("junk", [
    "(abc)", "Jane Doe", "Mit Agenturmaterial.", "Die Zeitung auch als News-App – hier entlang.",
    "Jane Doe is a reporter at Example News covering energy.",
])
def test_tail_junk_goes_at_the_end_but_stays_in_the_middle(junk: str) -> None:
    at_end = clean_text("\n".join([*BODY, junk]), detect_title=False)
    assert at_end.lines == tuple(BODY)
    in_middle = clean_text("\n".join([*BODY[:2], junk, *BODY[2:]]), detect_title=False)
    assert junk in in_middle.lines


def test_tail_run_with_a_gap_goes_whole() -> None:
    tail = ["Newsletter: Sport inside", "Every Monday the top stories of the week",
            "(abc)"]
    result = clean_text("\n".join([*BODY, *tail]), detect_title=False)
    assert result.lines == tuple(BODY)


def test_tail_run_that_leaves_one_line_is_kept() -> None:
    text = "\n".join([BODY[0], "Mit Agenturmaterial.", "(abc)"])
    assert clean_text(text, detect_title=False).lines == (BODY[0], "Mit Agenturmaterial.", "(abc)")


def test_a_list_of_names_at_the_end_is_not_a_sign_off() -> None:
    names = ["Jane Doe", "John Roe", "Max Muster"]
    result = clean_text("\n".join([*BODY, *names]), detect_title=False)
    assert result.lines == (*BODY, *names)


def test_author_bio_block_after_its_heading() -> None:
    bio = "Jane Doe (*1958) war Direktorin im Ministerium und lehrt heute in Princeton."
    result = clean_text("\n".join([*BODY, "Die Autorin", bio]), detect_title=False)
    assert result.lines == tuple(BODY)
    assert [r.reason for r in result.removals] == ["author_bio", "author_bio"]


def test_lines_after_a_paywall_teaser_are_the_offer() -> None:
    text = "\n".join([*BODY[:2], "Cet article est réservé aux abonnés.", "- Accès illimité",
                      "- Sans engagement"])
    assert clean_text(text, detect_title=False).lines == tuple(BODY[:2])


@pytest.mark.parametrize(("head", "kept"), [
    (["World"], False),
    (["Finanzmärkte"], False),
    (["Präparat", "Kennzeichen", "Gebrauchsinformation"], True),
    (["- Home", "- Local", "- Berlin"], False),
])
def test_head_kickers_and_breadcrumbs(head: list[str], kept: bool) -> None:
    result = clean_text("\n".join([*head, *BODY]), detect_title=False)
    assert (result.lines[:len(head)] == tuple(head)) is kept


@pytest.mark.parametrize(("names", "authors"), [
    ("Anna Schmidt, Frankfurt", ["Anna Schmidt"]),
    ("Jane Doe and John Roe, Berlin", ["Jane Doe", "John Roe"]),
    ("Frankfurt", None),
])
def test_byline_with_a_place(names: str, authors: list[str] | None) -> None:
    assert byline_authors(names) == authors


def test_a_lone_sentence_is_never_emptied() -> None:
    caption = ("The president speaks during a televised debate in the capital on Monday "
               "before the election. Photo: AP")
    assert clean_text(caption, detect_title=False).lines == (caption,)
    assert clean_text(f"{BODY[0]}\n{caption}", detect_title=False).lines == (BODY[0],)


@pytest.mark.parametrize(("sign_off", "authors"), [
    ("Jane Doe", ("Jane Doe",)),
    ("Redaktion", ()),
])
def test_a_sign_off_name_is_the_author_of_last_resort(sign_off: str,
                                                      authors: tuple[str, ...]) -> None:
    result = clean_text("\n".join([*BODY, sign_off]), detect_title=False)
    assert result.lines == tuple(BODY)
    assert result.facts.authors == authors


@pytest.mark.parametrize("line", [
    "The DGA has been poised to enter early talks since November, but the directors twice "
    "postponed launching their own negotiations to give writers additional time to reach a deal.",
    "Die Gewerkschaft ist seit Jahren im Streit mit den Verlegern und Redakteuren.",
    "Smith was questioned by the authorities on Friday.",
    "Jane Doe was one of the editors' favourite picks this year.",
])
def test_story_sentence_at_the_end_is_no_author_bio(line: str) -> None:
    assert tail_reason(line) is None
