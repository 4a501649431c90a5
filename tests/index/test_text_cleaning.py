"""Cleaning (index/text.py): what the bot quotes carries no mojibake and no page furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_testkit import SEEDS

from index.chars import language_problem
from index.corpus import load_corpus
from index.segment import Kind, segment
from index.text import (
    UndecodableError,
    clean_text,
    decode_bytes,
    looks_like_mojibake,
    parse_date,
    repair_mojibake,
)

SEED_000 = next(SEEDS.glob("000_*.txt"))

# --- mojibake -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned_000() -> str:
    raw = decode_bytes(SEED_000.read_bytes())
    assert looks_like_mojibake(raw), "the seed is expected to arrive damaged"
    return clean_text(raw).text


def test_seed_000_is_repaired(cleaned_000: str) -> None:
    assert not looks_like_mojibake(cleaned_000)
    for debris in ("šŸ", "ā€", "Ā", "āø", "ļø"):
        assert debris not in cleaned_000
    assert "“critical technologies”" in cleaned_000
    assert "“Free & Open Indo-Pacific”" in cleaned_000
    assert "🇺🇸" in cleaned_000 and "🇯🇵" in cleaned_000
    assert "🎯 Why it matters" in cleaned_000
    assert "⚠️ Key caveats & open questions" in cleaned_000


def test_every_cleaned_seed_is_free_of_mojibake() -> None:
    for doc in load_corpus(SEEDS).documents:
        assert not looks_like_mojibake(doc.clean), doc.source.id
        # the raw text stays recoverable: cleaning never touches it
        assert doc.raw == decode_bytes(Path(doc.path).read_bytes())


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Itâ€™s a deal", "It’s a deal"),  # cp1252, the most common case
        ("â€œQuotedâ€\x9d words", "“Quoted” words"),
        ("Ã©tÃ© Ã\xa0 Paris", "été à Paris"),
        ("ā€œcritical technologiesā€", "“critical technologies”"),  # Baltic page, lost byte
        ("šŸ”“ Breaking", "🔓 Breaking"),
    ],
)
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert repair_mojibake(broken) == fixed
    assert not looks_like_mojibake(fixed)


@pytest.mark.parametrize(
    "correct",
    [
        "café, naïve, façade and déjà vu",
        "It’s “quoted” — with an en dash – and an ellipsis…",
        "東京で日本と米国が署名した。重要鉱物の協定。",
        "Zürich Straße costs 50 € · ½ price",
        "Österreich, Émile Zola, Ça va, Ångström, SÃO PAULO, Ðe",  # capitals before ASCII
        "Москва и Санкт-Петербург",
        "Ελληνικά κείμενα",
        "🔴 Live: 🇺🇸🇯🇵 summit ⚠️",
    ],
)
def test_correct_text_is_left_alone(correct: str) -> None:
    assert repair_mojibake(correct) == correct
    assert not looks_like_mojibake(correct)
    assert clean_text(correct).text == correct


# --- furniture ------------------------------------------------------------------------------

PROSE = [
    "The parliament passed the budget on Tuesday after a long and heated debate.",
    "Readers were invited to comment on the proposal, and thousands left a comment online.",
    "The minister said a photo of the signing would be released, and an image by the press "
    "office showed both leaders.",
    "Officials declined to comment on whether the deal would be signed by Friday.",
    "She thanked the negotiators for putting in the effort over many months.",
    "By the end of the year, exports are expected to double.",
    "Related talks will continue in Geneva next month, officials said.",
    "Investors should contact their advisers before making decisions, the regulator warned.",
]


def article(*furniture: str) -> str:
    """A synthetic article: prose paragraphs with furniture lines mixed in."""
    lines = ["Parliament Passes Budget After Long Debate"]
    for n, sentence in enumerate(PROSE):
        lines.append(sentence)
        if n < len(furniture):
            lines.append(furniture[n])
    lines.extend(furniture[len(PROSE) :])
    return "\n".join(lines)


@pytest.mark.parametrize(
    "furniture",
    [
        "Leave a comment",
        "Leave a Reply",
        "Post a comment.",
        "12 Comments",
        "This site is protected by hCaptcha and the hCaptcha Privacy Policy and Terms of Service apply.",
        "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.",
        "Thanks for putting in the effort to write this.",
        "Thank you for reading!",
        "TweetOct. 28, 2025",
        "Share",
        "Facebook Twitter LinkedIn",
        "Share on Facebook | Share on X | Email",
        "Share this article: WhatsApp, Telegram, Copy link",
        "⸻",
        "***",
        "Advertisement",
        "Should you have any questions about trade, do not hesitate to contact any attorney at Smith & Partners, LLP.",
        "For more information, please contact our office.",
        "Feel free to reach out to our team with any questions.",
    ],
)
def test_furniture_line_is_removed_and_prose_kept(furniture: str) -> None:
    cleaned = clean_text(article(furniture))
    assert furniture not in cleaned.text
    assert furniture in cleaned.removed
    for sentence in PROSE:
        assert sentence in cleaned.text


@pytest.mark.parametrize(
    "credit",
    ["Featured Image by Kevin Schwarz from Pixabay", "Photo by Jane Doe on Unsplash", "Image credit: Reuters", "Photo: AP/Eugene Hoshiko"],
)
def test_an_image_credit_stays_in_the_text_to_answer_who_took_the_photo(credit: str) -> None:
    cleaned = clean_text(article(credit))
    assert credit in cleaned.text and credit not in cleaned.removed
    assert [u.kind for u in segment(cleaned.text) if u.text == credit] == [Kind.CREDIT]


def test_related_link_list_is_removed_up_to_the_next_paragraph() -> None:
    raw = "\n".join(
        [
            *PROSE[:2],
            "Related Topics",
            "Related News",
            "Türkiye, Gabon Sign Eight Deals On Strategic Sectors",
            "Africa",
            "August 2025",
            "China Tightens Grip on Critical Minerals",
            "Defense",
            "August 2025",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "\n".join(PROSE[:2])
    assert "China Tightens Grip on Critical Minerals" in cleaned.removed


@pytest.mark.parametrize("header", ["Related Articles", "You may also like", "More news:"])
def test_other_related_headers_drop_their_lists(header: str) -> None:
    raw = "\n".join([PROSE[0], header, "Some Other Story Headline", "Another Headline Here"])
    assert clean_text(raw).text == PROSE[0]


def test_byline_on_two_lines_becomes_the_author() -> None:
    raw = "\n".join(["Japan Signs Minerals Deal", "By:", "Chaney A. Finn", *PROSE[:2]])
    cleaned = clean_text(raw)
    assert cleaned.author == "Chaney A. Finn"
    assert "By:" not in cleaned.text and "Chaney A. Finn" not in cleaned.text
    assert cleaned.text == "\n".join(["Japan Signs Minerals Deal", *PROSE[:2]])


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By: Jane Q. Public", "Jane Q. Public"),
        ("By Maria García-López", "Maria García-López"),
        ("BY JOHN SMITH", "JOHN SMITH"),
    ],
)
def test_byline_on_one_line_becomes_the_author(line: str, author: str) -> None:
    cleaned = clean_text("\n".join(["Budget Passes", line, *PROSE[:2]]))
    assert cleaned.author == author
    assert line not in cleaned.text
    assert PROSE[0] in cleaned.text


def test_sentences_starting_with_by_are_not_bylines() -> None:
    raw = "\n".join(["By the end of the year, exports are expected to double.", PROSE[0]])
    cleaned = clean_text(raw)
    assert cleaned.author == ""
    assert cleaned.text == raw


@pytest.mark.parametrize(
    ("line", "date_text", "iso"),
    [
        ("Last Updated on October 28, 2025", "October 28, 2025", "2025-10-28"),
        ("TweetOct. 28, 2025", "Oct. 28, 2025", "2025-10-28"),
        ("Published: 2024-03-05", "2024-03-05", "2024-03-05"),
        ("Updated 5 March 2024", "5 March 2024", "2024-03-05"),
    ],
)
def test_datelines_are_removed_and_their_date_kept(line: str, date_text: str, iso: str) -> None:
    cleaned = clean_text("\n".join([line, *PROSE[:2]]))
    assert cleaned.text == "\n".join(PROSE[:2])
    assert cleaned.date_text == date_text
    assert parse_date(cleaned.date_text) == iso


def test_site_name_line_is_removed_only_when_it_is_the_outlet() -> None:
    raw = "\n".join(["October 28, 2025Clash Report", "", "ClashReport", *PROSE[:2]])
    assert clean_text(raw, outlet="Clash Report").text == "\n".join(PROSE[:2])


def test_seed_furniture_is_gone_but_the_reporting_stays() -> None:
    docs = {d.source.id[:3]: d for d in load_corpus(SEEDS).documents}
    everything = "\n".join(d.clean for d in docs.values())
    for furniture in (
        "Leave a comment",
        "hCaptcha",
        "Related Topics",
        "Related News",
        "Lynas Raises $538mn",
        "Thanks for putting in the effort",
        "Tweet",
        "By:",
        "do not hesitate to contact",
        "Last Updated on",
    ):
        assert furniture not in everything, furniture
    assert "Akasaka Palace on October 28" in docs["001"].clean
    assert "Lithium is essential for rechargeable batteries." in docs["003"].clean
    assert docs["003"].clean.rstrip().endswith("Featured Image by Kevin Schwarz from Pixabay")
    assert docs["004"].source.author == "Chaney A. Finn"
    assert docs["004"].clean.rstrip().endswith("exhibited by China.")


def test_paragraphs_lists_and_tables_survive_cleaning() -> None:
    raw = "\n".join(
        [
            "Key facts:",
            "- First point of the list.",
            "- Second point of the list.",
            "",
            "| Country | Partners |",
            "|---|---|",
            "| Japan | U.S., ASEAN |",
            "",
            PROSE[0],
        ]
    )
    assert clean_text(raw).text == raw


# --- decoding and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"text with a \x00 NUL byte",
        bytes(range(256)) * 4,
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(data)


def test_a_share_bar_is_furniture_but_prose_naming_networks_is_not() -> None:
    prose = "Facebook and Twitter were blocked in China in 2009, the ministry said."
    assert clean_text(prose).text == prose
    assert clean_text("Facebook Twitter LinkedIn\nShare this article").text == ""


def test_high_bytes_without_nul_are_not_text() -> None:
    # What `head -c 20000 /dev/urandom | tr -d '\000-\177'` gives, minus the five bytes
    # Windows-1252 leaves undefined: it decodes, but as no words of any language.
    data = bytes(b for b in range(0x80, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    noise = bytes(data[(n * 37 + n // 7) % len(data)] for n in range(20_000))
    with pytest.raises(UndecodableError, match="not text"):
        decode_bytes(noise)


def test_double_encoded_text_is_repaired_not_refused() -> None:
    # UTF-8 read as cp1252 and saved again ("Ð’ÑÐµ Ð»ÑŽÐ´Ð¸"): not word-shaped until the
    # mojibake is repaired, which cleaning does; so it is text.
    russian = "Все люди рождаются свободными и равными в своем достоинстве и правах."
    data = russian.encode("utf-8").decode("cp1252", "ignore").encode("utf-8")
    assert language_problem(data.decode("utf-8")) != ""
    repaired = repair_mojibake(decode_bytes(data))
    assert "Все люди" in repaired and language_problem(repaired) == ""


ARTICLE_TEXT = "Tokyo Hydrogen Port\nThe port of Tokyo opened a hydrogen terminal on Monday.\n"


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE_TEXT.encode("utf-16"),  # with a BOM, little-endian on this machine
        b"\xff\xfe" + ARTICLE_TEXT.encode("utf-16-le"),
        b"\xfe\xff" + ARTICLE_TEXT.encode("utf-16-be"),
        ARTICLE_TEXT.encode("utf-16-le"),  # no BOM: recognised by where the NULs are
        ARTICLE_TEXT.encode("utf-16-be"),
        ARTICLE_TEXT.encode("utf-32"),
    ],
    ids=["bom", "bom-le", "bom-be", "le", "be", "utf-32"],
)
def test_utf16_is_decoded(data: bytes) -> None:
    assert decode_bytes(data) == ARTICLE_TEXT


def test_utf16_of_other_scripts_is_decoded() -> None:
    text = "東京で水素ターミナルが開業した。港湾局が月曜日に発表した。"
    assert decode_bytes(text.encode("utf-16")) == text


def test_broken_utf16_says_what_it_is() -> None:
    with pytest.raises(UndecodableError, match="UTF-16"):
        decode_bytes(b"\xff\xfe" + ARTICLE_TEXT.encode("utf-16-le") + b"\x00")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("It’s “fine” – café 東京".encode(), "It’s “fine” – café 東京"),
        (b"\xef\xbb\xbfWith a BOM", "With a BOM"),
        ("Old export: caf\xe9".encode("cp1252"), "Old export: café"),
        (b"   \n  ", ""),
    ],
)
def test_text_is_decoded(data: bytes, text: str) -> None:
    assert decode_bytes(data) == text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("October 28, 2025", "2025-10-28"),
        ("Oct. 28, 2025", "2025-10-28"),
        ("Sept. 3, 2024", "2024-09-03"),
        ("today, Tuesday, October 28, 2025, in Tokyo", "2025-10-28"),
        ("2025-10-28", "2025-10-28"),
        ("28 October 2025", "2025-10-28"),
        ("3 Jan 2024", "2024-01-03"),
        ("no date here", ""),
        ("February 30, 2024", ""),  # not a real day
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso
