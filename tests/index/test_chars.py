"""Character-level checks (index/chars.py): visible text, and text that is not language.

`language_problem` must accept real text in any script (here the first article of the Universal
Declaration of Human Rights in fourteen languages, and the seeds) and refuse bytes that only
happen to decode: random high bytes read as Windows-1252, random bytes read as UTF-16, base64,
Cyrillic saved as cp1251 and read as cp1252.
"""

from __future__ import annotations

import base64
import random

import pytest
from index_testkit import SEEDS

from index.chars import bidi_controls_in, drop_invisible, has_visible, language_problem

UDHR_ARTICLE_1 = {
    "fr": "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de raison et de conscience et doivent agir les uns envers les autres dans un esprit de fraternité.",
    "de": "Alle Menschen sind frei und gleich an Würde und Rechten geboren. Sie sind mit Vernunft und Gewissen begabt und sollen einander im Geist der Brüderlichkeit begegnen.",
    "ru": "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью и должны поступать в отношении друг друга в духе братства.",
    "el": "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα. Είναι προικισμένοι με λογική και συνείδηση, και οφείλουν να συμπεριφέρονται μεταξύ τους με πνεύμα αδελφοσύνης.",
    "ar": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء.",
    "he": "כל בני האדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, לפיכך חובה עליהם לנהוג איש ברעהו ברוח של אחווה.",
    "hi": "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है। उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से बर्ताव करना चाहिए।",
    "zh": "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。",
    "ja": "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、互いに同胞の精神をもって行動しなければならない。",
    "ko": "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다. 인간은 천부적으로 이성과 양심을 부여받았으며 서로 형제애의 정신으로 행동하여야 한다.",
    "th": "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักดิ์และสิทธิ ต่างมีเหตุผลและมโนธรรม และควรปฏิบัติต่อกันด้วยเจตนารมณ์แห่งภราดรภาพ",
    "vi": "Tất cả mọi người sinh ra đều được tự do và bình đẳng về nhân phẩm và quyền lợi. Mọi con người đều được tạo hóa ban cho lý trí và lương tâm và cần phải đối xử với nhau trong tình bằng hữu.",
    "pl": "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. Są oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa.",
    "tr": "Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar. Akıl ve vicdana sahiptirler ve birbirlerine karşı kardeşlik zihniyeti ile hareket etmelidirler.",
}

UNDEFINED_IN_CP1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def random_bytes(n: int, low: int, high: int, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    picked = (rnd.randrange(low, high) for _ in range(n))
    return bytes(b for b in picked if b not in UNDEFINED_IN_CP1252)


@pytest.mark.parametrize("language", sorted(UDHR_ARTICLE_1))
def test_real_text_in_any_script_is_language(language: str) -> None:
    assert language_problem(UDHR_ARTICLE_1[language]) == ""


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_seed_is_language(path) -> None:
    assert language_problem(path.read_text(encoding="utf-8")) == ""


def test_mixed_text_with_urls_numbers_and_tables_is_language() -> None:
    text = (
        "| Country | Share (%) |\n|---|---|\n| China | 90 |\n"
        "See https://example.com/report?id=42&x=1 for the 2025 data: COVID-19, G7, iPhone, "
        "McDonald's, U.S.–Japan, 東京 (Tokyo), São Paulo, l'État, $550bn, 40,000 t/yr."
    )
    assert language_problem(text) == ""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("high bytes as cp1252", random_bytes(8000, 0x80, 0x100).decode("cp1252")),
        ("any bytes as cp1252", random_bytes(8000, 0x01, 0x100).decode("cp1252")),
        ("printable ASCII noise", bytes(random_bytes(8000, 0x20, 0x7F)).decode("ascii")),
        ("random bytes as UTF-16", random_bytes(8000, 0, 256).decode("utf-16-le", "replace")),
        ("base64", base64.encodebytes(random_bytes(6000, 0, 256)).decode("ascii")),
        ("cp1251 read as cp1252", UDHR_ARTICLE_1["ru"].encode("cp1251").decode("cp1252")),
        ("no letters", "12 34 -- 56 ## 78\n" * 50),
    ],
)
def test_bytes_that_only_decode_are_not_language(name: str, text: str) -> None:
    assert language_problem(text) != ""


def test_a_long_text_is_judged_on_a_sample_of_its_whole_length() -> None:
    garbage = random_bytes(200_000, 0x80, 0x100).decode("cp1252")
    article = UDHR_ARTICLE_1["fr"] + "\n"
    assert language_problem(article * 3000) == ""
    assert language_problem(article * 20 + garbage) != ""  # good opening, garbage after


@pytest.mark.parametrize(
    ("text", "visible"),
    [
        ("", False),
        ("\u200b\u200d\ufeff \u2800", False),
        ("\u202e\u2066", False),
        ("a", True),
        ("·", True),
        ("😀", True),
        ("東", True),
    ],
)
def test_has_visible(text: str, visible: bool) -> None:
    assert has_visible(text) is visible


def test_drop_invisible_keeps_joiners_and_removes_direction_controls() -> None:
    assert drop_invisible("a\u200bb\u202ec\u2069d\u200de\u200cf\x00g") == "abcd\u200de\u200cf g"
    assert bidi_controls_in("fdp.\u202etxt\u2066") == ["U+202E", "U+2066"]
    assert bidi_controls_in("plain \u200f") == []
