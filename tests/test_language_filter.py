"""``--language de,en`` (``language = [...]`` under ``[clean]``) keeps only articles in those
languages; the others are skips counted as ``language``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newsclean.config import CleanOptions, load_config
from newsclean.errors import ConfigError
from newsclean.languages import language_list
from tests.conftest import newsclean

ENGLISH = " ".join(["The council voted on Tuesday to build a new bridge over the river, "
                    "and the work will start in the spring after a long public debate."] * 4)
GERMAN = " ".join(["Der Stadtrat hat am Dienstag beschlossen, eine neue Brücke über den "
                   "Fluss zu bauen, und die Arbeiten beginnen nach einer langen Debatte "
                   "im Frühjahr."] * 4)
FRENCH = " ".join(["Le conseil municipal a décidé mardi de construire un nouveau pont sur "
                   "le fleuve, et les travaux commenceront au printemps après un long "
                   "débat public."] * 4)


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in (("a_en.txt", ENGLISH), ("b_de.txt", GERMAN), ("c_fr.txt", FRENCH)):
        (folder / name).write_text(text + "\n" + text, encoding="utf-8")
    return folder


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str
         ) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    out = tmp_path / "c.csv"
    code, err = newsclean(capsys, "run", *args, "-o", str(out), "--no-state", "-w", "1")
    assert code in (0, 1), err
    return code, pd.read_csv(out), pd.read_csv(tmp_path / "c.errors.csv")


def test_flag_keeps_only_the_languages_given(tmp_path: Path, pages: Path, capsys):
    code, corpus, errors = _run(capsys, tmp_path, str(pages), "--language", "de,EN-gb")
    assert code == 0                                      # a skip is no failure
    assert corpus["language"].tolist() == ["en", "de"]
    assert errors[["stage", "reason"]].values.tolist() == [["clean", "language"]]
    assert Path(errors.loc[0, "source"]).name == "c_fr.txt"
    assert "language fr, not one of de, en" in errors.loc[0, "message"]


def test_without_the_flag_every_language_is_kept(tmp_path: Path, pages: Path, capsys):
    _code, corpus, _errors = _run(capsys, tmp_path, str(pages))
    assert corpus["language"].tolist() == ["en", "de", "fr"]


def test_config_file_key(tmp_path: Path, pages: Path, capsys):
    config = tmp_path / "newsclean.toml"
    config.write_text('[clean]\nlanguage = ["fr"]\n', encoding="utf-8")
    _code, corpus, errors = _run(capsys, tmp_path, str(pages), "--config", str(config))
    assert corpus["language"].tolist() == ["fr"]
    assert errors["reason"].tolist() == ["language", "language"]
    _code, corpus, _errors = _run(capsys, tmp_path, str(pages), "--config", str(config),
                                  "--language", "en")          # the flag wins
    assert corpus["language"].tolist() == ["en"]


@pytest.mark.parametrize("value", ["de,", "german!", "12"])
def test_a_bad_code_exits_2(tmp_path: Path, pages: Path, capsys, value: str):
    code, err = newsclean(capsys, "run", str(pages), "--language", value, "-o",
                          str(tmp_path / "c.csv"), "--no-state")
    assert code == 2
    assert "is not a language code" in err
    assert not (tmp_path / "c.csv").exists()


def test_language_list_forms():
    assert language_list("de, en-US,de") == ("de", "en")
    assert language_list(["pt-BR", "iw"]) == ("pt", "he")
    assert CleanOptions(language=("DE",)).language == ("de",)
    assert load_config(None, {"clean": {"language": "de,fr"}}).clean.language == ("de", "fr")
    with pytest.raises(ConfigError, match="language .*expected a string or a list of strings"):
        CleanOptions(language=(3,))   # type: ignore[arg-type]
