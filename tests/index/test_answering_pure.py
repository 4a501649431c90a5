"""Choosing quotes that stand alone, and deciding not to answer (no model: fake vectors).

Quote extension: a list's lead-in comes with its items, a sentence opening with "It" comes with
the sentence before it, and a window ending with ":" or "," is never quoted alone.
Abstention: features, sign-constrained logistic models, thresholds.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from index_testkit import FakeEmbedder, document, searcher_of

from index import abstain
from index.answering import (
    Tuning,
    abstention_features,
    agreed_purpose,
    ahead_of,
    asks_for_parts,
    names_near,
    names_nothing_known,
    names_office,
    names_own,
    names_something_new,
    only_ahead,
    reports_signing,
    reports_talk,
    still_ahead,
    tells_trip,
    unknown_share,
)
from index.query import Vocabulary, analyse, asks_page_part
from index.quotes import counts, first_that, lists_with

PACT = (
    "Trade pact\n"
    "The two governments signed a trade pact in Geneva on Monday. "
    "It sets a six-month timeline for tariff cuts.\n\n"
    "Negotiators met for a year. The key elements of the pact include:\n"
    "- Tariffs on steel fall to zero.\n"
    "- Quotas on rice are lifted.\n"
    "- A joint committee meets every year.\n\n"
    "Officials from both sides, including the trade ministers, welcomed it. "
    "Farmers, however, protested in Bern; they fear cheaper rice.\n"
    "What happens next?"
)
LEAD_IN = "The key elements of the pact include:"
ITEMS = ["Tariffs on steel fall to zero.", "Quotas on rice are lifted.", "A joint committee meets every year."]


@pytest.fixture(scope="module")
def pact(tmp_path_factory):
    return searcher_of(tmp_path_factory.mktemp("pact"), [[document("pact", PACT, title="Trade pact")]])


def window_texts(searcher) -> list[tuple[str, bool]]:
    seg = searcher.parts[0].seg.stored
    out = []
    for chunk in range(seg.chunks):
        for w in searcher._windows(0, chunk, Tuning()):
            out.append((searcher.window_text(w)[0], w.extended))
    return out


def test_a_list_lead_in_is_quoted_with_all_its_items(pact) -> None:
    texts = [t for t, _ in window_texts(pact)]
    with_lead = [t for t in texts if LEAD_IN in t]
    assert any(t.startswith(LEAD_IN) for t in with_lead), texts
    for text in with_lead:  # never the lead-in with only some of the items, nor with none
        assert all(item in text for item in ITEMS), text


def test_a_window_ending_with_a_colon_or_comma_or_question_is_not_quoted_alone(pact) -> None:
    for text, _ in window_texts(pact):
        assert not text.rstrip().endswith((":", ",", "?", ";")), text


def test_a_sentence_opening_with_it_comes_with_the_sentence_before(pact) -> None:
    extended = [t for t, ext in window_texts(pact) if ext]
    assert "The two governments signed a trade pact in Geneva on Monday. It sets a six-month timeline for tariff cuts." in extended


def test_quotes_are_verbatim_spans_of_the_cleaned_text(pact) -> None:
    clean = pact.source_text("pact")
    seg = pact.parts[0].seg.stored
    for chunk in range(seg.chunks):
        for w in pact._windows(0, chunk, Tuning()):
            text, start, end = pact.window_text(w)
            assert clean[start:end] == text
            assert len(text) <= Tuning().max_quote_chars


def test_the_best_quote_for_the_list_is_the_whole_list(pact) -> None:
    fake = FakeEmbedder()
    query = pact.analyse("What are the key elements of the pact?")
    best = pact.retrieve(query, fake.embed([query.search_text])[0], 3, Tuning()).picks[0]
    assert best.text.startswith(LEAD_IN) and all(item in best.text for item in ITEMS)


def test_the_best_quote_for_the_timeline_says_what_it_is(pact) -> None:
    fake = FakeEmbedder()
    query = pact.analyse("What timeline does the pact set for tariff cuts?")
    best = pact.retrieve(query, fake.embed([query.search_text])[0], 3, Tuning()).picks[0]
    assert "six-month timeline" in best.text and not best.text.startswith("It ")


def test_a_quote_without_the_thing_asked_for_counts_as_missing_it(pact) -> None:
    """ "Which committee signed the pact?": the best quote is about the signing, but names no
    committee, though the articles mention one elsewhere: a near miss's mark."""
    fake = FakeEmbedder()
    for question, missing in [
        ("Which committee signed the trade pact in Geneva on Monday?", 1.0),
        ("Which officials from both sides, including the trade ministers, welcomed it?", 0.0),
    ]:
        query = pact.analyse(question)
        found = pact.retrieve(query, fake.embed([query.search_text])[0], 1, Tuning())
        assert found.features["head_missing"] == missing, (question, found.picks[0].text)


def test_a_speaker_quoted_speaking_is_told_apart_from_one_only_mentioned(pact) -> None:
    fake = FakeEmbedder()
    for question, quoted in [
        ("What did the officials from both sides say?", 1.0),  # "Officials ... welcomed it."
        ("What did the farmers say?", 0.0),  # "Farmers, however, protested": no words reported
    ]:
        query = pact.analyse(question)
        found = pact.retrieve(query, fake.embed([query.search_text])[0], 1, Tuning())
        assert found.features["speaker_quoted"] == quoted, (question, found.picks[0].text)
        assert found.features["speaker_missing"] == 1.0 - quoted


def test_a_quote_shown_that_holds_what_is_asked_goes_first() -> None:
    says = {2, 4}.__contains__
    assert first_that([1, 2, 3, 4], says) == [2, 1, 3, 4]
    assert first_that([2, 1, 3], says) == [2, 1, 3]  # the first holds already
    assert first_that([1, 3], says) == [1, 3]  # none does: the ranking stands
    assert first_that([], says) == []


def test_a_place_the_quoted_article_never_names_marks_a_near_miss(tmp_path: Path) -> None:
    """With a bigger corpus, "taiwan" is a word the corpus knows (another story has it), yet the
    article quoted never names it: the quote cannot say whether Taiwan joins."""
    other = "Island chips\nTaiwan makes most of the advanced chips sold in the world."
    pact_with_beijing = PACT + "\nBeijing and Chinese officials watched the talks."
    both = searcher_of(tmp_path, [[document("pact", pact_with_beijing, title="Trade pact"), document("chips", other)]])
    fake = FakeEmbedder()
    for question, absent in [
        ("Will Taiwan join the trade pact on rice quotas?", 1.0),
        ("Will China join the trade pact on rice quotas?", 0.0),  # "Beijing", "Chinese" name it
        ("Will the farmers join the trade pact on rice quotas?", 0.0),  # no place named
        ("Will the Swiss join the trade pact on rice quotas?", 1.0),  # a people names its country
    ]:
        query = both.analyse(question)
        found = both.retrieve(query, fake.embed([query.search_text])[0], 1, Tuning())
        assert found.picks[0].source.id == "pact"
        assert found.features["place_absent"] == absent, question


def test_a_question_pointing_at_an_article_is_quoted_from_it_alone(tmp_path: Path) -> None:
    other = "Rice pact\nThe two governments signed a rice pact in Geneva on Monday. It lifts quotas on rice."
    both = searcher_of(tmp_path, [[document("pact", PACT, title="Trade pact"), document("rice", other)]])
    fake = FakeEmbedder()
    query = both.analyse("Where did the governments sign the rice pact?")
    vector = fake.embed([query.search_text])[0]
    assert both.retrieve(query, vector, 3, Tuning()).picks[0].source.id == "rice"
    within = both.retrieve(query, vector, 3, Tuning(), only=frozenset({"pact"}))
    assert within.picks and {p.source.id for p in within.picks} == {"pact"}
    assert within.features["pointed"] == 1.0


def test_pointing_at_an_article_in_some_known_words_passes_the_topical_gate_only() -> None:
    model = abstain.Model(abstain.Logistic(-10.0, {}, 0.5), abstain.Logistic(-10.0, {"lexical": 20.0}, 0.5))
    assert model.answers({"pointed": 1.0, "lexical": 1.0})
    assert not model.answers({"pointed": 1.0, "lexical": 1.0, "unknown_share": 1.0})  # the weather
    # "my boss wants a quick summary: list the law firm's key elements": some words it lacks
    assert model.answers({"pointed": 1.0, "lexical": 1.0, "unknown_share": 0.5})
    assert not model.answers({"pointed": 1.0, "lexical": 0.0})  # the article lacks the detail
    assert not model.answers({"lexical": 1.0})  # not pointing: off topic


def test_a_short_question_whose_words_and_kind_of_answer_the_quote_has_passes_the_topical_gate() -> None:
    # "what was the palace called again": one word, in "... unveiled the deal at Akasaka Palace"
    model = abstain.Model(abstain.Logistic(-10.0, {}, 0.5), abstain.Logistic(-10.0, {"lexical": 20.0}, 0.5))
    short = {"lexical": 1.0, "typed": 1.0, "answer_type": 1.0, "log_content_words": math.log1p(2)}
    assert model.answers(short)
    assert not model.answers({**short, "log_content_words": math.log1p(3)})  # longer: similarity decides
    assert not model.answers({**short, "answer_type": -1.0})  # no answer of the kind asked
    assert not model.answers({**short, "unknown_share": 0.5})  # a word no article has
    assert not model.answers({**short, "lexical": 0.5})  # a word the quote lacks


def test_a_figure_the_quote_gives_asked_in_known_words_passes_the_topical_gate() -> None:
    # "whats the 2002 thing": "The U.S. last operated a fully independent rare-earth refinery in 2002"
    model = abstain.Model(abstain.Logistic(-10.0, {}, 0.5), abstain.Logistic(-10.0, {"lexical": 20.0}, 0.5))
    assert model.answers({"numbers_shown": 1.0, "lexical": 1.0})
    assert not model.answers({"numbers_shown": 0.0, "lexical": 1.0})  # the figure is not in the quote
    assert not model.answers({"numbers_shown": 1.0, "lexical": 1.0, "unknown_share": 0.3})  # "the 2002 world cup"


@pytest.mark.parametrize("named", ["table_row", "section"])
def test_naming_the_part_of_an_article_quoted_passes_the_topical_gate_only(named: str) -> None:
    model = abstain.Model(abstain.Logistic(-10.0, {}, 0.5), abstain.Logistic(-10.0, {"lexical": 20.0}, 0.5))
    assert model.answers({named: 1.0, "lexical": 1.0})
    assert not model.answers({named: 1.0, "lexical": 0.0})  # the detail gate still decides
    assert not model.answers({named: 0.0, "lexical": 1.0})


# --- abstention features ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "nothing_known"),
    [
        ("who is the ceo of nintendo?", True),
        ("best sushi in osaka?", True),
        ("ships?", False),  # one word: a topic asked about, which the model may still find
        ("what about the 550bn sushi", False),  # an amount may be written otherwise
        # ... and is set aside, not taken for a sign the question is about the corpus
        ("is sushi gonna hit 150k before xmas", True),
        ("did rice hit 150k", False),
        # "so far" says when, as "this weekend" does, with no place named too
        ("whats the best sushi so far", True),
        ("how much rice so far", False),
        ("who signed the rice pact?", False),
        # a place the corpus names does not make a question about the story
        ("whats the weather in texas tomorrow", True),
        ("whats the weather in texas this weekend", True),  # a corpus that says "this weekend"
        ("what did texas sign this weekend", False),
        ("how much rice is texas sending to ohio", False),  # two places: their relations
        ("does this weather hurt texas", False),  # points at the story
        ("did texas sign the pact", False),
        # words for an article's parts name no topic: the place is all it names
        ("whats in the table for texas", False),
        ("whats on the dinner table in texas", True),
        # a word as common as "time" names no topic, whether or not an article uses it
        ("best time to go to texas for sushi?", True),
        ("what time did they sign the pact", False),
    ],
)
def test_a_question_naming_nothing_the_corpus_knows(question: str, nothing_known: bool) -> None:
    vocab = Vocabulary.of(
        {"rice": 2, "pact": 3, "signed": 2, "sign": 1, "governments": 1, "texas": 1, "ohio": 1, "weekend": 1, "far": 1,
         "time": 2}
    )
    assert names_nothing_known(analyse(question, vocab)) is nothing_known


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("the bullet points in the blog?", True),
        ("bullet pts pls, what are the key components", True),  # chat's short form of "points"
        ("whats in the chart", True),
        ("the bullet points about sushi", False),  # names something else no article has
        ("what does the pact say", False),  # asks for no list or table
    ],
)
def test_a_question_asking_only_for_an_articles_list_or_table(question: str, parts: bool) -> None:
    vocab = Vocabulary.of({"rice": 2, "pact": 3, "blog": 1})
    assert asks_for_parts(analyse(question, vocab)) is parts


def test_asking_an_article_for_its_list_passes_the_topical_gate_only_when_one_is_quoted() -> None:
    model = abstain.Model(abstain.Logistic(-10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    asked = {"pointed": 1.0, "asks_parts": 1.0, "unknown_share": 1.0}
    assert model.answers({**asked, "structure": 1.0})
    assert not model.answers(asked)  # "what does the clash report chart say": it has none
    assert not model.answers({"asks_parts": 1.0, "structure": 1.0})  # no article pointed at


def test_a_quote_that_still_has_the_event_ahead() -> None:
    planned = "The signing precedes Trump's planned meeting with Xi in Seoul. Energy ties grew."
    assert still_ahead(planned, ["meet", "xi"])
    assert not still_ahead(planned, ["energi"])  # its other sentence is about something done
    assert not still_ahead("Trump met Xi in Seoul and they agreed on tariffs.", ["meet", "xi"])


def test_an_occasion_still_to_come_follows_the_word_saying_so() -> None:
    visit = "Trump and Takaichi will visit the USS George Washington at Yokosuka naval base."
    assert ahead_of(visit, ["carrier", "yokosuka"])  # "what did trump say on the carrier at yokosuka"
    # the signing is done; the meeting after "precedes" is what is ahead
    assert not ahead_of("The signing precedes Trump's planned meeting with Xi in Seoul.", ["sign"])
    assert ahead_of("The signing precedes Trump's planned meeting with Xi in Seoul.", ["seoul"])
    assert not ahead_of("Trump spoke aboard the carrier at Yokosuka.", ["yokosuka"])


def test_a_facility_named_beside_its_kind() -> None:
    asked = "which louisiana lng terminal are japanese buyers signing with"
    assert not names_near("imports away from Russia toward U.S. suppliers in Alaska and Louisiana.", "termin", asked)
    assert names_near("Japanese buyers signed with the Plaquemines LNG terminal in Louisiana.", "termin", asked)
    assert not names_near("a new terminal in Louisiana", "termin", asked)  # the place the question gives


def test_an_occasion_spoken_of_only_as_still_to_come() -> None:
    visit = "Trump and Takaichi will visit the USS George Washington at Yokosuka. The pact is part of it."
    assert only_ahead(visit, ["georg", "washington"])  # "what did takaichi tell the sailors on the george washington"
    # a sentence naming it otherwise may be about it
    assert not only_ahead(visit + " Washington's push for burden-sharing goes on.", ["georg", "washington"])
    assert not only_ahead("Trump spoke aboard the USS George Washington.", ["georg", "washington"])
    assert not only_ahead("The pact is part of it.", ["georg", "washington"])  # not named at all


def test_a_question_naming_something_of_its_own() -> None:
    vocab = Vocabulary.of({"rare": 9, "earth": 9, "stocks": 1, "signing": 9, "materials": 9, "shares": 2})
    assert not names_own(analyse("did rare earth stocks pop after the signing", vocab))
    assert names_own(analyse("how much did MP Materials shares jump", vocab))  # a company, capitalised
    assert not names_own(analyse("Did rare earth stocks pop?", vocab))  # a sentence's first word


def test_an_office_is_named_by_its_words_in_a_row() -> None:
    signed = "Japanese Prime Minister Sanae Takaichi signed the U.S.–Japan trade agreement."
    assert names_office(signed, ("prime", "minist"))
    assert not names_office(signed, ("trade", "minist"))  # "trade" and "Minister", no trade minister


def test_a_meeting_ahead_with_everyone_asked_about() -> None:
    planned = "The signing precedes Trump's planned meeting with Xi in Seoul."
    assert still_ahead(planned, ["xi"], every=True)  # "when's trump's next meeting with xi"
    assert not still_ahead(planned, ["takaichi"], every=True)  # a meeting ahead, but not with her
    assert not still_ahead("Trump met Takaichi at Akasaka Palace.", ["takaichi"], every=True)  # done, not ahead


@pytest.mark.parametrize(
    ("quote", "question", "named"),
    [
        # "China" is further on, and names no mine
        ("The U.S. has only one operational rare earth mine, and it sells its ore to China.", "whats the name of the one rare earth mine the US has", False),
        ("The U.S. last ran a rare-earth refinery in 2002.", "what was the name of the us refinery that shut in 2002", False),
        ("Output rose at the Mountain Pass mine in California.", "name of the mine?", True),
        # "which X is the one" asks X's name as well
        ("The U.S. has only one operational rare earth mine, and it sells its ore to China.", "which mine is the one the us runs", False),
        ("Output rose at the Mountain Pass mine in California.", "which mine is the one operating in the states", True),
        # "which X did they pick": the ones chosen, by name ("which projects ... are not yet public" names none)
        ("Many details (which projects, exact amounts, timing) are not yet fully public.", "which mining projects did they end up picking", False),
        ("Signed by Trump, the Critical Minerals Agreement aligns the U.S. and Japan.", "whats the official name of the agreement", True),
        ("China processes 90 percent of rare earths.", "how much does china process", True),  # asks no name
    ],
)
def test_a_quote_naming_the_thing_asked_for(quote: str, question: str, named: bool) -> None:
    assert names_something_new(quote, question) is named


def test_how_an_event_went_is_not_answered_by_a_quote_that_still_has_it_ahead() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert model.answers({"not_yet": 0.0}) and not model.answers({"not_yet": 1.0})
    assert not model.answers({"no_name": 1.0})  # "what's the name of the mine": none quoted


def test_a_weak_match_to_a_story_no_other_article_tells_fails_the_topical_gate() -> None:
    # P(topical) 0.5: enough for a quote from the main story, not from a lone neighbouring one
    weak = abstain.Model(abstain.Logistic(0.0, {}, 0.3), abstain.Logistic(10.0, {}, 0.5))
    assert weak.answers({"article_support": 0.9})
    assert not weak.answers({"article_support": 0.6})
    assert weak.answers({})  # no article quoted yet to weigh: the gate as before
    strong = abstain.Model(abstain.Logistic(2.0, {}, 0.3), abstain.Logistic(10.0, {}, 0.5))
    assert strong.answers({"article_support": 0.6})  # a close match to the lone story
    # "what does the Greenbushes deal cover?": the quote holds the names asked about
    assert weak.answers({"article_support": 0.6, "named_match": 1.0, "top_dense_chunk": 0.5})
    # "how do vaccines work?": a lone story names vaccines in passing, about something else
    assert not weak.answers({"article_support": 0.6, "named_match": 1.0, "top_dense_chunk": 0.04})


def test_asking_for_the_story_in_short_passes_the_topical_gate() -> None:
    model = abstain.Model(abstain.Logistic(-10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert model.answers({"summary": 1.0}) and not model.answers({})


def test_naming_nothing_known_fails_the_topical_gate_unless_the_question_leans_on_the_story() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert model.answers({"unknown_all": 0.0})
    assert not model.answers({"unknown_all": 1.0})
    assert model.answers({"unknown_all": 1.0, "vague": 1.0})  # "why'd they even do this tbh"


def test_a_name_no_article_mentions_fails_the_detail_gate() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert not model.answers({"unknown_name": 1.0, "named_match": 1.0})
    assert model.answers({"unknown_name": 0.0})


def test_advice_for_the_asker_fails_the_topical_gate_whatever_its_words_match() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert not model.answers({"advice": 1.0, "named_match": 1.0})
    assert model.answers({"advice": 0.0, "named_match": 1.0})
    # nor a heading it names ("the best way to learn Japanese" beside a section on Japanese steel)
    assert not model.answers({"advice": 1.0, "section": 1.0})
    assert model.answers({"advice": 0.0, "section": 1.0})


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("will taiwan join the pact?", ("taiwan",)),
        ("whats the weather in osaka", ("osaka",)),
        ("what time is it in new york", ("new york",)),  # "york" unknown: the place is
        ("did the pact reach south korea", ()),  # both words known: the corpus names it
        ("who signed the pact in geneva", ()),  # "geneva" is in the corpus
        ("is chiba in the pact", ("chiba",)),  # a place is never a typo of "china"
        ("what about the rice tariffs", ()),
        # the names English speakers use, not only ISO 3166's ("Russian Federation")
        ("how does the pact compare to the us-uk deal", ("uk",)),
        ("did russia sign the pact", ("russia",)),
        ("is britain in on the pact", ("britain",)),
        # a people's name for its country
        ("did the us sign a pact with the saudis too", ("saudi arabia",)),
        ("is a norwegian fund in the pact", ("norway",)),
    ],
)
def test_places_a_question_names_that_the_corpus_does_not(question: str, places: tuple[str, ...]) -> None:
    vocab = Vocabulary.of({"rice": 2, "pact": 3, "signed": 2, "geneva": 1, "south": 1, "korea": 1, "new": 4, "china": 3})
    assert analyse(question, vocab).unknown_places == places


@pytest.mark.parametrize("question", ["whats the central point", "is it a western thing", "any male leaders", "the unity stuff?", "is victoria quoted"])
def test_words_that_also_name_some_province_are_not_places(question: str) -> None:
    assert analyse(question, Vocabulary.of({"pact": 1})).unknown_places == ()


def test_naming_a_place_no_article_mentions_fails_the_detail_gate_whatever_else() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert model.answers({"unknown_place": 0.0})
    assert not model.answers({"unknown_place": 1.0})
    assert not model.answers({"unknown_place": 1.0, "pointed": 1.0})  # "the blog on taiwan?"
    assert not model.answers({"place_absent": 1.0})


def test_asking_what_someone_said_when_the_quote_does_not_report_them_fails_the_detail_gate() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {"lexical": 5.0}, 0.5))
    assert model.answers({"speaker_quoted": 1.0, "lexical": 1.0})
    assert not model.answers({"speaker_missing": 1.0, "lexical": 1.0})  # all its words matched


@pytest.mark.parametrize(
    ("text", "noun", "counted"),
    [
        ("The U.S. has only one operating rare earth mine.", "mine", True),
        ("JERA will import LNG under a 20-year deal.", "year", True),
        ("The leaders have met twice.", "time", True),
        ("Japan will channel about $550 billion in U.S. investments.", "job", False),
        ("It creates jobs in 2030.", "job", False),  # a number, but not counting jobs
        # an amount in yen, written with the sign or the word; dollars are no yen
        ("The cabinet approved an ¥18.3 trillion ($117 billion) budget.", "yen", True),
        ("The budget is 8.9 trillion yen.", "yen", True),
        ("Japan will channel about $550 billion in U.S. investments.", "yen", False),
        ("The call came as Takaichi faces pressure from a weakening yen.", "yen", False),
    ],
)
def test_a_quote_counts_the_noun_only_with_a_number_just_before_it(text: str, noun: str, counted: bool) -> None:
    assert counts(text, noun) is counted


@pytest.mark.parametrize(
    ("measured", "counted"),
    [
        (("us", "lng"), True),
        (("neo", "magnet"), False),  # tons of gas are no tons of magnets
        ((), True),  # nothing named after the unit: any tons count
    ],
)
def test_a_unit_counts_only_what_it_measures(measured: tuple[str, ...], counted: bool) -> None:
    text = "Utility giant JERA agreed to import 5.5 million tons of U.S. LNG annually."
    assert counts(text, "ton", measured) is counted


@pytest.mark.parametrize(
    ("text", "example", "listed"),
    [
        ("The deal envisions a mix of subsidies, loans, trade incentives, and storage systems.", {"subsidi"}, True),
        ("They are essential for electronics, renewable energy, EVs and weapons systems.", {"ev"}, True),
        ("The deal envisions a mix of subsidies, loans, trade incentives, and storage systems.", {"magnet"}, False),
        ("Japan will provide subsidies to the mining sector.", {"subsidi"}, False),  # no list
    ],
)
def test_a_list_in_prose_counts_when_it_holds_the_example_asked_with(text: str, example: set[str], listed: bool) -> None:
    assert lists_with(text, frozenset(example)) is listed


def test_a_count_that_counts_something_else_fails_the_detail_gate() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert model.answers({"count_missing": 0.0})
    assert not model.answers({"count_missing": 1.0})


def test_an_amount_or_organisation_about_something_else_fails_the_detail_gate() -> None:
    model = abstain.Model(abstain.Logistic(10.0, {}, 0.5), abstain.Logistic(10.0, {}, 0.5))
    assert model.answers({"typed_off": 0.0, "typed_focus": -1.0})  # a date or a count: a sign only
    assert not model.answers({"typed_off": 1.0})


def test_abstention_features_of_a_question() -> None:
    vocab = Vocabulary.of({"lithium": 2, "agreement": 1})
    query = analyse("Which agency runs the lithium stockpile of Zebraland?", vocab)
    features = abstention_features(query, {"score": 0.4, "dense": 0.3})
    assert features["score"] == 0.4 and features["dense"] == 0.3
    assert features["head_unknown"] == 1.0 and features["typed"] == 1.0
    assert features["unknown_rare"] == float(len(query.unknown_rare)) >= 1  # zebraland
    assert features["unknown_common"] == float(len(query.unknown) - len(query.unknown_rare))
    assert features["unknown_share"] == pytest.approx(unknown_share(query))
    assert 0 < features["unknown_share"] < 1
    assert features["log_content_words"] == pytest.approx(math.log1p(query.content_words))
    plain = abstention_features(analyse("lithium agreement", vocab), {})
    assert plain["unknown_share"] == 0.0 and plain["typed"] == 0.0 and plain["head_unknown"] == 0.0


def test_a_question_pointing_at_the_story_in_everyday_words_counts_as_vague_when_a_passage_is_near() -> None:
    vocab = Vocabulary.of({"lithium": 2, "agreement": 1})
    casual = analyse("ok but is this actually legit", vocab)
    assert casual.casual and not casual.vague  # "legit" is rarer than the words a vague question may use
    assert abstention_features(casual, {"top_dense_chunk": 0.2})["vague"] == 1.0
    # "it" points too, but nothing in the articles comes near a question about a cat's sleep
    assert abstention_features(casual, {"top_dense_chunk": 0.0})["vague"] == 0.0
    assert not analyse("is this sourdough recipe legit", vocab).casual  # a rare word names a thing
    assert not analyse("legit question honestly", vocab).casual  # nothing points at the story


def toy(n: int = 80, seed: int = 0) -> tuple[list[dict[str, float]], list[bool]]:
    """Answerable rows have a high `match`; a noise feature carries no signal."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for i in range(n):
        label = i % 2 == 0
        rows.append(
            {
                "match": float(rng.uniform(0.5, 0.9) if label else rng.uniform(0.0, 0.4)),
                "unknown_rare": float(rng.integers(0, 3)),
            }
        )
        labels.append(label)
    return rows, labels


def test_fit_separates_a_separable_set() -> None:
    rows, labels = toy()
    model = abstain.fit(rows, labels, names=["match", "unknown_rare"])
    probs = [model.probability(r) for r in rows]
    assert all((p > 0.5) == y for p, y in zip(probs, labels, strict=True))
    assert model.weights["match"] > 0


def test_fit_keeps_every_weight_on_the_side_its_meaning_allows() -> None:
    rows, labels = toy()
    # A quirk of the data: answerable rows happen to name more unknown words. The fit must not
    # learn "unknown names mean answerable" (SIGNS says they can only lower the probability).
    for row, label in zip(rows, labels, strict=True):
        row["unknown_rare"] = 3.0 if label else 0.0
        row["head_unknown"] = 1.0 if label else 0.0
        row["dense"] = 0.1 if label else 0.9  # and relevance "means" unanswerable
    names = ["match", "unknown_rare", "head_unknown", "dense"]
    model = abstain.fit(rows, labels, names=names)
    assert model.weights["unknown_rare"] <= 0 and model.weights["head_unknown"] <= 0
    assert model.weights["dense"] >= 0 and model.weights["match"] > 0
    unconstrained = {n: abstain.SIGNS.get(n, 0) for n in names}
    assert all(unconstrained[n] != 0 for n in names)  # every one of them has a fixed sign


def test_fit_weights_work_on_the_original_scale() -> None:
    rows, labels = toy()
    for row in rows:
        row["match"] *= 1000.0  # standardised inside the fit; probabilities need no scaler
    model = abstain.fit(rows, labels, names=["match"])
    assert all((model.probability(r) > 0.5) == y for r, y in zip(rows, labels, strict=True))


def test_a_model_answers_only_when_both_gates_pass() -> None:
    topical = abstain.Logistic(0.0, {"match": 10.0}, threshold=0.5)
    detail = abstain.Logistic(2.0, {"head_unknown": -10.0}, threshold=0.5)
    model = abstain.Model(topical, detail)
    assert model.answers({"match": 0.5, "head_unknown": 0.0})
    assert not model.answers({"match": -0.5, "head_unknown": 0.0})  # off topic
    assert not model.answers({"match": 0.5, "head_unknown": 1.0})  # a near miss
    assert model.probability({"match": 0.5}) == pytest.approx(
        topical.probability({"match": 0.5}) * detail.probability({})
    )
    overridden = abstain.Model(topical, detail, override=0.999)
    assert not overridden.answers({"match": 0.5, "head_unknown": 0.0})
    assert abstain.Logistic.from_json(topical.to_json()) == topical


def test_cross_validation_fits_both_gates_within_the_false_decline_budget() -> None:
    rng = np.random.default_rng(1)
    rows, kinds = [], []
    for i in range(120):
        kind = ("answer", "off_topic", "near_miss")[i % 3]
        rows.append(
            {
                "match": float(rng.uniform(0.5, 1.0) if kind != "off_topic" else rng.uniform(0.0, 0.3)),
                "top_dense_chunk": float(rng.uniform(0.4, 0.8) if kind != "off_topic" else rng.uniform(0.0, 0.3)),
                "head_unknown": 1.0 if kind == "near_miss" else 0.0,
            }
        )
        kinds.append(kind)
    result = abstain.cross_validate(rows, kinds, folds=4, max_false_declines=0.05)
    model = result["model"]
    assert isinstance(model, abstain.Model)
    declined = {k: sum(not model.answers(r) for r, kk in zip(rows, kinds, strict=True) if kk == k) for k in set(kinds)}
    assert declined["answer"] <= 2  # 5% of 40
    assert declined["off_topic"] >= 38 and declined["near_miss"] >= 38
    assert model.topical.weights["match"] >= 0 and model.detail.weights["head_unknown"] <= 0


def test_thresholds_are_chosen_together_where_the_budget_declines_most() -> None:
    """Two answerable questions look off topic to the topical model: spending the whole budget
    on them lets the topical gate decline every off-topic question, and the detail gate still
    declines every near miss without declining an answer."""
    kinds = ["answer"] * 22 + ["off_topic"] * 10 + ["near_miss"] * 10
    topical = [0.01, 0.02] + [0.9] * 20 + [0.3] * 10 + [0.9] * 10
    detail = [0.9] * 22 + [0.9] * 10 + [0.2] * 10
    t1, t2 = abstain.choose_thresholds(topical, detail, kinds, budget=2)
    declined = [t < t1 or d < t2 for t, d in zip(topical, detail, strict=True)]
    assert sum(declined[:22]) == 2 and all(declined[22:])
    t1, t2 = abstain.choose_thresholds(topical, detail, kinds, budget=0)
    declined = [t < t1 or d < t2 for t, d in zip(topical, detail, strict=True)]
    assert not any(declined[:22]) and all(declined[32:])  # near misses still; off topic not


def test_a_saved_model_is_loaded_by_default(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "model.json"
    model = abstain.Model(abstain.Logistic(1.0, {"match": 2.0}, 0.4), abstain.Logistic(0.5, {"lexical": 1.0}, 0.6))
    abstain.save(model, path, note="test")
    monkeypatch.setattr(abstain, "MODEL_FILE", path)
    loaded = abstain.Model()
    assert loaded.topical == model.topical and loaded.detail == model.detail
    path.write_text("{ damaged")
    assert abstain.Model().topical == abstain._DEFAULT_TOPICAL  # a damaged file: the defaults


def test_a_passage_reports_talk_when_someone_said_or_agreed_something() -> None:
    assert reports_talk("Prime Minister Takaichi thanked Trump for a decades-long friendship.")
    assert reports_talk("The two leaders signed a framework in Tokyo.")
    # that they met, and a meeting still ahead, tell nothing of what was said
    assert not reports_talk(
        "The visit included a meeting with Emperor Naruhito, ahead of talks where the leaders are "
        "expected to discuss trade."
    )


def test_a_purpose_other_articles_give_too_is_the_agreed_one() -> None:
    # windows 0 and 1 are two articles' ledes; 2 and 3 purposes given elsewhere, in articles b, c
    vecs = np.array([[1.0, 0.0], [0.0, 1.0], [0.9, 0.436], [0.8, 0.6]], dtype=np.float32)
    purposed = np.array([False, False, True, True])
    agreed = agreed_purpose(vecs, ["a", "b", "b", "c"], purposed, most=2)
    assert agreed[0] > agreed[1]  # a's lede says what b and c say; b's only its own framing
    # an article's own purposes do not vouch for its lede: b's lede is compared with c's alone
    assert agreed[1] == np.float32(0.6)
    assert not agreed_purpose(vecs, ["a", "b", "b", "c"], np.zeros(4, dtype=bool)).any()


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("what questions does the FAQ cover", True),
        ("what's in the 'interesting facts' bit near the end", True),
        ("list the key points from the final thoughts section", True),
        ("is fusion part of this?", True),  # a part asked; the heading must still be named
        ("would japan be exempt from the section 232 tariffs", False),  # a law's section
        ("what does the deal cover", False),
    ],
)
def test_a_question_asks_for_a_part_of_a_page(question: str, asks: bool) -> None:
    assert asks_page_part(question) is asks


@pytest.mark.parametrize(
    ("quote", "place", "tells"),
    [
        ("Takaichi and Trump will visit the carrier before the U.S. leader travels to Seoul.", "seoul", True),
        # a capital counts for its country, and the country for its capital
        ("The visit to Japan included a meeting with Emperor Naruhito.", "tokyo", True),
        ("Trump's Tokyo visit ended on Wednesday.", "japan", True),
        # another journey, with the place named far from it
        (
            "The visit to Japan, which included a meeting with Emperor Naruhito, precedes a highly "
            "anticipated meeting between President Trump and Chinese President Xi Jinping.",
            "china",
            False,
        ),
        ("Japan will channel about $550 billion in U.S. investments.", "washington", False),
    ],
)
def test_a_trip_to_a_place_is_told_only_by_a_journey_there(quote: str, place: str, tells: bool) -> None:
    assert tells_trip(quote, place) is tells


def test_a_signing_is_reported_in_its_own_words() -> None:
    assert reports_signing("Washington and Tokyo signed a rare earths and critical minerals pact.")
    assert reports_signing("The pact, sealed during President Trump's Asia tour, ...")
    assert not reports_signing("Japan will channel about $550 billion in U.S. investments.")
