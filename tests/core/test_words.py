"""newsclean.words: one word count for spaced and unspaced scripts."""

from __future__ import annotations

import pytest

from newsclean.words import count_words


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    ("The council approved the budget.", 5),
    ("state-of-the-art don't 2024", 7),                  # runs of letters or digits
    ("Der Stadtrat beschloss am Dienstag neue Radwege", 7),
    ("서울시는 14일 발표했다", 3),                          # Korean is spaced
    ("北京时间今天上午", 4),                               # 8 Han characters: 4 words
    ("東京都は新たに発表した", 6),                          # 11 Han and kana: 6, rounded up
    ("東京都は14日、3人の感染を発表した。", 2 + 7),          # digits are spaced words
    ("新华社北京电 Xinhua reported", 2 + 3),               # mixed scripts add up
])
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_a_chinese_news_paragraph_is_not_one_word() -> None:
    paragraph = "国家统计局今天发布数据显示，今年前三个季度国内生产总值同比增长百分之五点二。"
    assert count_words(paragraph) >= 15
