"""Telling questions that are not in English, without a model, and never an English one."""

from __future__ import annotations

import pytest
from test_followup import eval_questions

from index.language import foreign_latin, foreign_script, not_english


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("レアアースの協定はどこで署名されましたか？", "Japanese"),
        ("協定はどこで署名されたの", "Japanese"),
        ("稀土协议在哪里签署？", "Chinese"),
        ("희토류 협정은 어디에서 서명되었습니까?", "Korean"),
        ("Где было подписано соглашение?", "Cyrillic script"),
        ("أين تم توقيع الاتفاقية؟", "Arabic script"),
        ("Πού υπογράφηκε η συμφωνία;", "Greek script"),
        ("¿Dónde se firmó el acuerdo?", "Spanish"),
        ("Où l'accord a-t-il été signé ?", "French"),
        ("Wo wurde das Abkommen unterzeichnet?", "German"),
        ("Onde foi assinado o acordo?", "Portuguese"),
        ("Dove è stato firmato l'accordo?", "Italian"),
    ],
)
def test_questions_in_other_languages_are_named(question, language):
    assert not_english(question) == language


@pytest.mark.parametrize(
    "question",
    [
        "What is 希土類?",
        "Who is Sanae Takaichi?",
        "Where is the Akasaka Palace?",
        "What did Trump say about de-escalation?",
        "Is La Niña mentioned?",
        "hi",
        "🙂🙂",
        "?",
        "",
        "Was the deal signed?",
        "Que sera sera",
    ],
)
def test_english_questions_with_foreign_words_are_english(question):
    assert not_english(question) == ""


def test_every_question_of_the_eval_sets_is_english():
    assert [q for q in eval_questions() if not_english(q)] == []


def test_the_two_checks_separately():
    assert foreign_script("Где подписано?") == "Cyrillic script"
    assert foreign_script("¿Dónde se firmó el acuerdo?") == ""  # Latin script
    assert foreign_latin("¿Dónde se firmó el acuerdo?") == "Spanish"
    assert foreign_latin("Where was it signed?") == ""
