"""A growing corpus with the real model: an article on another story, added through /ingest,
answers what only it says, and the seeds still answer theirs (issue 7: "a bigger corpus hurts").

One engine for the module over a copy of the seeds, its embedding cache copied from the
session's engine, so only the new article is embedded.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from index_testkit import SEEDS, make_settings

from index.engine import Engine
from index.ingest import ArticleMeta

pytestmark = pytest.mark.model

LITHIUM = (
    b"Australia and Japan agree lithium deal\n"
    b"Australia and Japan signed a lithium supply agreement in Perth on November 3, 2025. "
    b"The deal covers 40,000 tonnes of lithium hydroxide per year from the Greenbushes mine. "
    b"Trade minister Don Farrell said the agreement would create 1,200 jobs in Western Australia.\n"
)
META = ArticleMeta(title="Australia–Japan lithium deal", outlet="Test Wire", published="2025-11-03")


def _seeds_plus(article: bytes, meta: ArticleMeta, root: Path, embedder, settings) -> Engine:
    """An engine over a copy of the seeds with one article ingested; only that one is embedded
    (the session's embedding cache is copied)."""
    shutil.copytree(SEEDS, root / "seeds")
    (root / "data").mkdir()
    with sqlite3.connect(settings.data_dir / "embeddings.sqlite") as source, sqlite3.connect(
        root / "data" / "embeddings.sqlite"
    ) as target:
        source.backup(target)
    own = make_settings(root / "seeds", root / "data", model_cache_dir=settings.model_dir)
    engine = Engine.open(own, embedder=embedder, build_embedder=embedder)
    assert engine.opened_report is not None and engine.opened_report.embedded == 0
    engine.ingest(article, "upload.txt", meta)
    return engine


@pytest.fixture(scope="module")
def grown(real_engine, real_embedder, real_settings, tmp_path_factory) -> Iterator[Engine]:
    engine = _seeds_plus(LITHIUM, META, tmp_path_factory.mktemp("grown"), real_embedder, real_settings)
    yield engine
    engine.close()


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("How many tonnes of lithium hydroxide come from the Greenbushes mine?", "40,000 tonnes"),
        ("What did Don Farrell say?", "1,200 jobs"),
        ("Where did Australia and Japan sign the lithium deal?", "Perth"),
        ("What does the Greenbushes deal cover?", "40,000 tonnes"),
        ("How many jobs will the lithium deal create?", "1,200 jobs"),
    ],
)
def test_an_added_article_answers_what_only_it_says(grown: Engine, question: str, words: str) -> None:
    answer = grown.answer(question)
    assert answer.answered
    top = answer.quotes[0]
    assert top.source.id == "australia-japan-lithium-deal" and words in top.text, top.text
    assert top.source.outlet == "Test Wire"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Where was the agreement signed?", "Akasaka Palace"),
        ("For how long will JERA buy American LNG?", "20 years"),
        ("who are the EU's partners in the chart", "Norway, Chile, Namibia"),
    ],
)
def test_the_seeds_still_answer_their_questions(grown: Engine, question: str, words: str) -> None:
    answer = grown.answer(question)
    assert answer.answered and any(words in q.text for q in answer.quotes)
    assert all(q.source.id != "australia-japan-lithium-deal" for q in answer.quotes[:1])


def test_the_added_article_is_listed_and_embedded_alone(grown: Engine) -> None:
    ids = {s.source.id for s in grown.sources()}
    assert "australia-japan-lithium-deal" in ids and len(ids) == 6
    assert "Greenbushes" in grown.source_text("australia-japan-lithium-deal")


def test_a_place_only_the_added_story_names_does_not_let_the_seeds_answer_for_it(grown: Engine) -> None:
    # "western australia" is known to the grown corpus (the lithium story), so only the quoted
    # article's silence about it tells this near miss apart.
    answer = grown.answer("will western australia join the us japan critical minerals framework")
    assert not answer.answered, answer.quotes[0].text


def test_a_casual_question_about_the_added_story_is_still_answered(grown: Engine) -> None:
    # The added story stands alone (no other article tells it), so a weak match to it must
    # clear a higher bar (index.abstain); a member asking about it casually still clears it.
    answer = grown.answer("how much lithium are the aussies sending")
    assert answer.answered and "40,000 tonnes" in answer.quotes[0].text


NEIGHBOUR = (
    b"Chile and South Korea sign copper and lithium pact\n"
    b"Chile and South Korea signed a copper and lithium supply pact in Santiago on November 12, 2025.\n"
    b"The two governments set a deadline of March 31, 2026 for naming the first joint refining projects, "
    b"and Korean smelters will receive priority access to 30,000 tonnes of lithium carbonate a year.\n"
    b"Chilean mining minister Aurora Williams said the pact was a big deal for the country's northern "
    b"regions, which expect new investment in processing.\n"
)
NEIGHBOUR_META = ArticleMeta(title="Chile and South Korea sign copper and lithium pact", outlet="Test Wire", published="2025-11-12")


@pytest.fixture(scope="module")
def neighboured(real_engine, real_embedder, real_settings, tmp_path_factory) -> Iterator[Engine]:
    engine = _seeds_plus(NEIGHBOUR, NEIGHBOUR_META, tmp_path_factory.mktemp("neighboured"), real_embedder, real_settings)
    yield engine
    engine.close()


def test_a_question_leaning_on_the_story_is_answered_from_the_main_story(neighboured: Engine) -> None:
    # "in it" points at the channel's story, which the five seeds tell; the added story alone
    # has "refining projects" word for word, and used to be quoted.
    answer = neighboured.answer("what are the refining projects in it")
    assert answer.answered and answer.quotes[0].source.title != NEIGHBOUR_META.title


def test_in_a_conversation_about_the_added_story_it_is_that_story(neighboured: Engine) -> None:
    answer = neighboured.answer("what are the refining projects in it", previous="what's in the chile korea pact?")
    assert answer.answered and answer.quotes[0].source.title == NEIGHBOUR_META.title


def test_which_articles_mention_a_word_of_one_title_lists_every_article_that_says_it(grown: Engine) -> None:
    # "lithium" is in the added article's title, but the seeds mention lithium too: the member
    # asked which articles do, and gets the passage of each, not one article's card.
    answer = grown.answer("which of the articles talk about lithium")
    assert answer.answered and all(q.kind == "passage" for q in answer.quotes)
    titles = {q.source.title for q in answer.quotes}
    assert META.title in titles and len(titles) >= 2
    assert all("lithium" in q.text.lower() for q in answer.quotes)


PAYING = (
    b"Chile and South Korea sign copper pact\n"
    b"Chile and South Korea signed a copper supply pact in Santiago on November 12, 2025. "
    b"Korean smelters will pay a premium of $50 a tonne for Chilean concentrate, and Seoul will pay "
    b"for a new loading terminal at the port of Antofagasta.\n"
)
PAYING_TOO = (
    b"Brazil and India sign nickel accord\n"
    b"Brazil and India signed a nickel accord in Brasilia on November 14, 2025. Indian buyers will "
    b"pay in rupees, and the two governments will pay half each of a new refinery's cost.\n"
)


@pytest.fixture(scope="module")
def paying(real_engine, real_embedder, real_settings, tmp_path_factory) -> Iterator[Engine]:
    meta = ArticleMeta(title="Chile and South Korea sign copper pact", outlet="Test Wire", published="2025-11-12")
    engine = _seeds_plus(PAYING, meta, tmp_path_factory.mktemp("paying"), real_embedder, real_settings)
    engine.ingest(PAYING_TOO, "nickel.txt", ArticleMeta(title="Brazil and India sign nickel accord", outlet="Test Wire"))
    yield engine
    engine.close()


def test_a_question_leaning_on_the_story_hears_the_story_when_other_deals_fill_the_nearest(paying: Engine) -> None:
    # "pay" is only in the two added deals, and with a shallow search their chunks are all the
    # model finds first: the main story's own closest chunks are heard all the same, and the
    # question leaning on it ("all this") is answered from them.
    searcher = paying._live
    query = searcher.analyse("did they say how they're gonna pay for all this")
    assert query.leans
    vector = paying.embedder.embed([query.search_text])[0]
    shallow = replace(paying.tuning, dense_depth=1)
    added = {"Chile and South Korea sign copper pact", "Brazil and India sign nickel accord"}
    picks = searcher.retrieve(query, vector, 3, shallow).picks
    assert picks and picks[0].source.title not in added
    # without hearing the story, only the added deals were candidates
    assert searcher.retrieve(query, vector, 3, replace(shallow, story_heard=0)).picks[0].source.title in added


DISTRACTORS = Path(__file__).resolve().parents[2] / "eval" / "distractors"


@pytest.fixture(scope="module")
def price_floor(real_engine, real_embedder, real_settings, tmp_path_factory) -> Iterator[Engine]:
    """The seeds with two neighbouring stories of eval/distractors: the Pentagon's price floor
    for MP Materials, and the US–Australia minerals framework."""
    floor = (DISTRACTORS / "d08_mp-materials-pentagon-price-floor.txt").read_bytes()
    meta = ArticleMeta(title="Pentagon guarantees price floor for rare earths", outlet="Metals Monitor")
    engine = _seeds_plus(floor, meta, tmp_path_factory.mktemp("floor"), real_embedder, real_settings)
    australia = (DISTRACTORS / "d01_us-australia-framework.txt").read_bytes()
    engine.ingest(australia, "australia.txt", ArticleMeta(title="US and Australia sign minerals framework", outlet="Test Wire"))
    yield engine
    engine.close()


def test_a_detail_asked_of_this_deal_is_not_taken_from_a_neighbouring_story(price_floor: Engine) -> None:
    # "this deal" is the channel's story, which sets no price floor; the Pentagon's floor for
    # MP Materials matches only a little better than the main story does, and used to be quoted.
    answer = price_floor.answer("what price floor does this deal set for rare earths")
    assert not answer.answered or "Pentagon" not in answer.quotes[0].source.title, answer.quotes[0].text


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # named by its own parties, or matched far better than the main story: its own story
        ("what price floor did the pentagon give mp materials", "Pentagon guarantees price floor for rare earths"),
        ("how much is each government putting in under the deal with australia", "US and Australia sign minerals framework"),
    ],
)
def test_a_neighbouring_story_still_answers_what_it_says(price_floor: Engine, question: str, title: str) -> None:
    answer = price_floor.answer(question)
    assert answer.answered and answer.quotes[0].source.title == title



@pytest.fixture(scope="module")
def neighbours(real_engine, real_settings, tmp_path_factory) -> Iterator[Engine]:
    """The seeds with all 28 neighbouring stories of eval/distractors, as `index eval --extra-seeds`
    runs them: a grown corpus in which most stories stand alone (only the seeds' is told
    several times). The seeds' embeddings are copied; the neighbours' are computed (~15 s)."""
    root = tmp_path_factory.mktemp("neighbours")
    shutil.copytree(SEEDS, root / "seeds")
    for article in DISTRACTORS.glob("d*.txt"):
        shutil.copy(article, root / "seeds" / article.name)
    listing = (SEEDS / "sources.toml").read_text(encoding="utf-8") + "\n" + (DISTRACTORS / "sources.toml").read_text(encoding="utf-8")
    (root / "seeds" / "sources.toml").write_text(listing, encoding="utf-8")
    (root / "data").mkdir()
    with sqlite3.connect(real_settings.data_dir / "embeddings.sqlite") as source, sqlite3.connect(
        root / "data" / "embeddings.sqlite"
    ) as target:
        source.backup(target)
    engine = Engine.open(make_settings(root / "seeds", root / "data", model_cache_dir=real_settings.model_dir))
    yield engine
    engine.close()


def test_a_question_naming_only_the_main_storys_words_is_not_answered_by_a_neighbour(neighbours: Engine) -> None:
    # Every word of it is the main story's; Takaichi's talks with Xi matched a little better (a
    # sentence on what she said there) and used to be quoted as the answer.
    answer = neighbours.answer("how long did trump and takaichi's meeting last?")
    assert not answer.answered or answer.quotes[0].source.id.startswith("0"), answer.quotes[0].text


def test_how_many_is_answered_by_a_figure_before_a_rough_count(neighbours: Engine) -> None:
    # the carrier story says "thousands of American sailors" first and "About 6,000 sailors"
    # later: the figure answers a count asked, the rough count had been quoted first
    answer = neighbours.answer("how many sailors showed up for the carrier speech")
    assert answer.answered and "6,000" in answer.quotes[0].text, answer.quotes[0].text


def test_a_price_asked_needs_a_price_in_the_quotes_article(neighbours: Engine) -> None:
    # the main story sets no price floor; a neighbour's sentence on the deal had answered it
    assert not neighbours.answer("is there a price floor in the US-japan minerals deal and at what level").answered
    # the Pentagon's floor is a price ("guarantees $110 price floor for rare earths")
    answer = neighbours.answer("What price floor did the Pentagon guarantee MP Materials?")
    assert answer.answered and "$110" in answer.quotes[0].text, answer.quotes[0].text


@pytest.mark.parametrize(
    ("question", "source_id"),
    [
        # every word is the main story's too, but only the talks hold them all together
        ("what did takaichi ask xi about rare earths", "d25_takaichi-xi-gyeongju"),
        ("who did takaichi pick as finance minister", "d23_ldp-ishin-coalition-cabinet"),
        # naming the neighbour's own thing, with everyday words the main story lacks
        ("which state is the lynas heavy rare earths plant in", "d09_lynas-malaysia-texas"),
        ("how many tonnes a year will the alaska lng deal with jera be", "d14_alaska-lng-jera-loi"),
    ],
)
def test_a_neighbour_holding_more_of_the_questions_words_still_answers(neighbours: Engine, question: str, source_id: str) -> None:
    answer = neighbours.answer(question)
    assert answer.answered and answer.quotes[0].source.id == source_id, answer.quotes[0].text


@pytest.mark.parametrize(
    "question",
    [
        # the words only neighbours use ("agency", "pentagon"; "capital", "canada") were unknown
        # to the seeds alone, which declined both; the main story still has nothing on them
        "is the pentagon or the energy department running the stockpile?",
        "what's the capital of canada",
        # a neighbour's JERA story gives a cost, one on China's controls names JOGMEC "the
        # state agency": everyday words that do not make the question that story's
        "how much did the jera gas deal cost",
        "which agency is going to run the stockpile",
        # "kept" only the Sakhalin story uses: an everyday word, no name of that story
        "where will the stockpile be kept",
        # a name only neighbouring stories have, asked of the signing: no article says he was there
        "who signed for the us side besides trump, was bessent there",
        # guesses offered ("jbic or the dfc", "dfc? exim?") name no story: only neighbours
        # have them, and the main story, not found among the nearest, is heard and says nothing
        "is jbic or the dfc handling the financing for this",
        "which us agencies r funding it, dfc? exim?",
        # "it" is the deal: China's controls and the G7's projects cover both, the deal neither
        "does it cover gallium and germanium",
        # whether something came up at the story's event: a neighbour's story about that thing
        # (Nippon Steel's takeover of US Steel) says nothing of the summit
        "did the nippon steel takeover come up at the summit",
        "was the nippon steel deal brought up at all",
    ],
)
def test_a_detail_only_neighbouring_stories_have_words_for_is_declined(neighbours: Engine, question: str) -> None:
    answer = neighbours.answer(question)
    assert not answer.answered, [(q.source.id, q.text) for q in answer.quotes]


@pytest.mark.parametrize(
    "question",
    [
        "how did the trump xi meeting go",
        "so what did trump and xi actually agree on when they met in korea",
    ],
)
def test_how_an_event_went_is_answered_by_the_story_that_reports_it(neighbours: Engine, real_engine: Engine, question: str) -> None:
    # The seeds have the Trump-Xi meeting still ahead, so they decline; added, the stories
    # reporting it answer (the Busan one among the quotes; the Takaichi-Xi talks' one, on the
    # same days, may come first), not a main-story sentence with the meeting ahead.
    assert not real_engine.answer(question).answered
    answer = neighbours.answer(question)
    sources = [q.source.id for q in answer.quotes]
    assert answer.answered and "d12_busan-trump-xi-pause" in sources, sources
    assert not any(s.startswith("0") for s in sources)


def test_a_month_the_main_story_never_mentions_is_answered_by_the_story_that_does(neighbours: Engine, real_engine: Engine) -> None:
    # The seeds mention no April, so they decline; added, China's export-control stories answer.
    question = "which elements did china put export controls on back in april"
    assert not real_engine.answer(question).answered
    answer = neighbours.answer(question)
    assert answer.answered, answer.suggestion
    assert answer.quotes[0].source.id in {"d10_china-april-controls-magnet-exports", "d11_china-october-export-rules"}, answer.quotes[0].source.id


def test_a_question_pointing_at_the_story_is_not_answered_by_a_neighbours_word(neighboured: Engine) -> None:
    # "the minerals framework" is the channel's story; "smelters" and "priority access" are the
    # added story's alone, and used to make it the one asked about.
    answer = neighboured.answer("does the minerals framework give korean smelters priority access")
    assert all(q.source.title != NEIGHBOUR_META.title for q in answer.quotes[:1])


def test_whether_something_is_part_of_the_story_only_the_story_can_say(neighboured: Engine) -> None:
    # The added story names Korean smelters; none of the five seeds does, so none says they are
    # part of this deal (the seeds' sentence on meetings before APEC in South Korea was quoted).
    answer = neighboured.answer("are korean smelters part of this deal")
    assert not answer.answered, answer.quotes[0].text
    assert neighboured.answer("is fusion part of it?").answered  # the seeds name it


def test_an_article_described_by_its_publisher_shows_every_one_that_fits(neighbours: Engine) -> None:
    # Two law firms wrote: the client alert on China's October rules matched "law firm" by its
    # name ("... Trade Law LLP") and its headline alone was given for the main story's.
    answer = neighbours.answer("whats the headline on the law firm's writeup")
    assert answer.answered
    titles = [q.source.title for q in answer.quotes]
    assert titles[0] == "Japan in Critical Minerals Agreement with U.S." and len(titles) == 2, titles


def test_whom_to_contact_asked_of_no_article_is_the_main_storys_page_first(neighbours: Engine) -> None:
    # the Harbourline client alert also ends "Please contact any member of our ... Practice":
    # asked of no article, the main story's law firm comes first, as "the deal" does
    quote = neighbours.answer("who do i hit up if i got questions about trade deals lol").quotes[0]
    assert quote.kind == "notice" and quote.source.outlet == "Barnes, Richardson & Colburn, LLP"


def test_the_date_on_each_law_firms_post_is_shown_as_its_page_prints_it(neighbours: Engine) -> None:
    quotes = neighbours.answer("what date is on the attorneys' post").quotes
    assert [(q.kind, q.text) for q in quotes[:1]] == [("notice", "Oct. 28, 2025")]
    assert all(q.kind in ("notice", "source") for q in quotes)
