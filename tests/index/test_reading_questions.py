"""Reading a question before searching (pure): answer types, typo correction, aliases, unknown
and head words, speakers, and questions about the articles themselves."""

from __future__ import annotations

import jellyfish
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.about import (
    CANDIDATES,
    SMALL_CORPUS,
    Intent,
    asks_mention,
    asks_order,
    asks_outlet,
    asks_updated,
    asks_who_author_is,
    attribution_span,
    by_date,
    candidates,
    card_text,
    catalogue,
    contact_lines,
    described_phrases,
    describes_article,
    has_field,
    initials,
    intent,
    name_forms,
    page_holder,
    part_described,
    printed_date,
    quoted_phrases,
    quoting,
    rank_sources,
    referenced,
    related_headlines,
    rest_terms,
    section_span,
    sources_lines,
    updated_line,
)
from index.answer_types import (
    AnswerType,
    asks_agency,
    asks_company,
    city_half_answers,
    cue_words,
    describes_org,
    expected_type,
    names_new_org,
    rough_count_only,
    satisfies,
    type_mask,
    types_in,
    types_of,
)
from index.answering import office_holder, office_holders_in, speaks
from index.lexical import tokenize
from index.lexicon import place_names
from index.query import (
    COMMON_ZIPF,
    PHONETIC_KEY,
    PHONETIC_LENGTH,
    PHONETIC_SIMILARITY,
    SOUNDED_LENGTH,
    Vocabulary,
    analyse,
    asks_advice,
    asks_after_story,
    asks_city,
    asks_elements,
    asks_next_meeting,
    asks_outcome,
    asks_parallel,
    asks_price,
    asks_region,
    asks_term,
    asks_where,
    calendar_days,
    counted_noun,
    deal_parties,
    defined_heads,
    defined_words,
    defines,
    element_actors,
    english_typo,
    english_words,
    fact_terms,
    far_substitution,
    hashtags_read,
    head_words,
    initialisms,
    institutions_named,
    joined_words,
    kind_named,
    led_by_another_place,
    locates,
    measured_terms,
    meeting_parties,
    member_words,
    names_city,
    names_element,
    names_element_by,
    names_region,
    numbered_names,
    numbers_in,
    occasion_terms,
    offered_names,
    offered_terms,
    office_terms,
    one_edit,
    part_of,
    places_apart,
    plain_idioms,
    reports_deal_between,
    reports_deal_of,
    said_about,
    set_aside_terms,
    speaker_replaced,
    speaker_terms,
    spelling_variants,
    states_amount_of,
    states_part,
    states_price,
    states_prior,
    states_term,
    states_topic,
    subject_names,
    tells_use,
    topics_asked,
    trip_destination,
    unheard_words,
    unknown_names,
    unmentioned_names,
    without_purpose,
    word_family,
    written_capitalised,
    written_out,
    zipf,
)
from index.records import Source

T = AnswerType

# --- answer types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When was the agreement signed?", T.DATE),
        ("wen did they sign it", T.DATE),
        ("what year does the export start", T.DATE),
        ("what exact year was that 80s semiconductor alliance", T.DATE),
        ("is the start date of the gas deal the same everywhere", T.DATE),  # "<event> date"
        ("is the article up to date", None),
        ("How much will Japan invest in America?", T.MONEY),
        ("how much cash is japan putting in", T.MONEY),
        # a price is an amount of money, however it is asked
        ("whats the price of neodymium right now", T.MONEY),
        ("price floor in the deal? like $/kg for ndpr", T.MONEY),  # a price set, per kilogram
        ("whats neodymium going for per kg rn", T.MONEY),
        ("what's the budget for the joint stockpile", T.MONEY),
        ("what's the exact dollar amount of the joint financing", T.MONEY),
        ("who makes the AP1000 anyway", T.ORG),  # a maker, not whoever acts
        # whoever runs or develops a site is a firm or a body, not the country it is in
        ("that one US rare earth mine they mention, who runs it?", T.ORG),
        ("who's developing the tungsten mine", T.ORG),
        ("what price floor did the pentagon guarantee", T.MONEY),
        ("what are they going for with this deal", None),  # an aim, not a price
        ("how are the lng contracts priced, oil linked or what", None),  # a method, not an amount
        ("How long will the LNG contract last?", T.DURATION),
        ("for how many years is the gas deal", T.DURATION),
        # a span of time, not the money the question names
        ("how much earlier than planned is the defense spending goal met", T.DURATION),
        ("How many reactors are planned?", T.NUMBER),
        ("What share of rare earths does China refine?", T.PERCENT),
        ("Who signed the deal?", T.ACTOR),  # people, organisations or countries
        ("who's the other guy trump is seeing", T.PERSON),  # an individual
        ("Which company will import the gas?", T.ORG),
        ("Where was it signed?", T.VENUE),
        ("which building was it signed in", T.VENUE),  # a building, not "Tokyo"
        # a site within the city the question names, which "signed ... in Tokyo" does not give
        ("in which place of tokyo the two leaders have signed the agreement?", T.VENUE),
        ("where in tokyo did they sign it", T.VENUE),
        ("what part of tokyo was the signing in", T.VENUE),
        # a signing is held in a building, which news names beside the city
        ("where did the signing happen", T.VENUE),
        ("takaichi trump minerals signed where venue", T.VENUE),
        ("where will trump meet xi", T.PLACE),  # no signing: a city answers
        ("where are the signs of it working", T.PLACE),  # signs are no signing
        ("which part of japan has the mud", None),  # a country's part is no building
        ("which site ran the story", T.ORG),  # a website
        ("whats the name of the company building alaska lng", T.ORG),
        ("is commerce proposing tariffs on processed minerals now? how high", T.NUMBER),  # a level
        ("yokosuka sailor headcount?", T.NUMBER),
        ("In what city did they meet?", T.PLACE),
        ("Why does Japan want this?", T.REASON),
        # what set it off: a cause, which news gives as what the event follows
        ("why now tho, what set it off", T.CAUSE),
        ("what prompted the deal", T.CAUSE),
        # a builder or developer is an organisation, not whoever acts ("U.S. suppliers in Alaska")
        ("who's actually building the alaska lng project", T.ORG),
        ("who's the developer of the alaska LNG project japan is supposed to buy from", T.ORG),
        # what someone did that set it off is its cause too
        ("what did china do that kicked all this off", T.CAUSE),
        ("What did Trump say about Japan?", T.QUOTE),
        # what a text holds, not a quotation: "We share deep respect" answers nothing of it
        ("what did the article say about stockpiling, are they building a shared one", None),
        ("what did the reuters piece say about jera", None),
        ("what did the white house say about it", T.QUOTE),
        # how settled something is, which news says in hedges ("agreed to consider ...")
        ("is the reserve plan set in stone yet or just talk", T.STATUS),
        ("r the joint projects locked in", T.STATUS),
        ("is it legally binding", None),  # its legal force: a topic of its own (query.TOPICS)
        # a name someone gave a thing is reported as said ("often called the 'vitamins of ...'")
        ("do the magnets have a nickname", T.QUOTE),
        # a trailing "what is it" points back at what was asked before it
        ("one of these gives rare earths some catchy nickname, what is it", T.QUOTE),
        ("how much did japan pledge, what was it again", T.MONEY),
        ("the table has japan's strategy, what is it", None),
        ("what are heavy rare earths sometimes called", T.QUOTE),
        ("who is called the iron lady", T.PERSON),  # asks who, not a name given
        # the same words name a text for both readings (lexicon.TEXT_WORDS)
        ("what did the law firm say about the export rules", None),
        ("what did the policies say about china", None),
        ("Who says China dominates refining?", T.ATTRIBUTION),
        ("According to whom is China dominant?", T.ATTRIBUTION),
        # the answer is a trip, not a date: "when" counts only where the question starts
        ("What trip was he on when it was signed?", None),
        ("What is the stockpiling arrangement?", None),
        ("what interest rate are the loans gonna have", T.PERCENT),  # a rate is a percentage
        ("whats the tariff rate on cars", T.PERCENT),
        ("whats chinas share of refining", T.PERCENT),  # a place's share, "what" not next to it
        ("any numbers on the stockpile", T.NUMBER),
        ("stats on how much china refines?", T.NUMBER),
        # the apostrophe members leave out
        ("whats the total of the investment", T.MONEY),
        ("what is the alaska pipeline supposed to cost in total?", T.MONEY),  # "cost" as a verb
        ("what did it cost them", T.MONEY),
        ("how expensive is the new refinery", T.MONEY),
        ("ok but what's it worth", T.MONEY),
        ("what's the total investment", T.MONEY),
        ("whats the investment figure", T.MONEY),
        ("is it worth it for japan", None),  # whether it pays off, not a sum
        ("what quantity of lng", T.NUMBER),
        ("exact date they signed it?", T.DATE),  # a date asked without "what"
        ("what's china's market share", T.PERCENT),
        ("whats the point of the stockpile", T.REASON),
        # "what is X for": its purpose; "what are magnets used for" asks their uses
        ("what is the stockpiling arrangement for", T.REASON),
        ("wtf does a 'complementary stockpiling arrangement' even mean lol, what's it for", T.REASON),
        ("what are the magnets used for", None),
        ("what is japan paying for", None),
        ("what kinda industries need these minerals", T.SECTORS),
        ("where's all that japanese cash going, which industries", T.SECTORS),
        ("what sectors is the 550 billion going into", T.SECTORS),
        ("whos saying china dominates refining", T.ATTRIBUTION),
    ],
)
def test_expected_answer_type(question: str, expected: AnswerType | None) -> None:
    assert expected_type(question) == expected


@pytest.mark.parametrize(
    ("question", "cues"),
    [
        # what the amount answers, not what it is about: Japan, America, the LNG deal stay
        ("How much money has Japan pledged to invest in America?", ["money", "pledged", "invest"]),
        ("how big is the stockpile gonna be in dollars", ["big", "dollars"]),
        ("how much did the jera lng deal cost", ["cost"]),
        # "the big number": the sum itself, not something the sum is about
        ("how much is japan putting into the US again?? the big investment number", ["big", "investment", "number"]),
        ("how many tons of rare earths are they stockpiling", ["many", "tons"]),
        ("what share of the world's rare earths does china mine", ["share"]),
        # a date: the words that only ask when
        ("what year did the us last run its own refinery", ["year"]),
        # ... and the start asked of ("when does that start": the start is the date itself)
        ("when exactly does the jera gas start", ["when", "exactly", "start"]),
        # other kinds of answer name no amount: nothing is set aside
        ("how long does the jera contract run", []),
        ("who is investing in the mines?", []),
    ],
)
def test_the_words_an_amount_answers_are_set_aside(question: str, cues: list[str]) -> None:
    assert cue_words(expected_type(question), question) == cues


@pytest.mark.parametrize(
    ("passage", "present", "absent"),
    [
        ("It was signed on October 28, 2025.", {T.DATE}, {T.MONEY, T.DURATION}),
        ("They unveiled it at Akasaka Palace in Tokyo.", {T.VENUE, T.PLACE}, set()),
        ("The White House said so in Tokyo.", {T.PLACE}, {T.VENUE}),  # the government, not a building
        ("Utility giant JERA agreed to import it.", {T.ORG}, set()),
        ("Imports of LNG from the US will rise.", set(), {T.ORG}),  # a fuel and a country: no company
        ("Japan pledged $550 billion for projects.", {T.MONEY, T.NUMBER}, {T.DATE, T.DURATION}),
        ("The contract runs for 20 years.", {T.DURATION, T.NUMBER}, {T.MONEY}),
        ("China refines 90% of rare earths.", {T.PERCENT}, {T.MONEY}),
        ("Prime Minister Sanae Takaichi thanked him.", {T.PERSON}, {T.DATE}),
        ("They met at Akasaka Palace in Tokyo.", {T.PLACE}, {T.MONEY}),
        ("The deal aims to reduce reliance on China.", {T.REASON}, {T.DATE, T.CAUSE}),
        ("The deal follows Beijing's new export restrictions.", {T.CAUSE}, {T.DATE}),
        ("This comes amid new export controls.", {T.CAUSE}, set()),
        ("It goes to shipbuilding, energy, and technology.", {T.SECTORS}, set()),
        ("It is vital for defence, electronics, autos, aerospace.", {T.SECTORS}, set()),
        ("The focus on energy security is new.", set(), {T.SECTORS}),  # one industry is no list
        ("Both agreed to consider establishing a stockpile.", {T.STATUS}, set()),  # a hedge: not settled
        ("The framework is still broadly defined.", {T.STATUS}, set()),
        ("They signed a stockpiling arrangement.", set(), {T.STATUS}),
        ("The weather was nice.", set(), set(AnswerType)),
    ],
)
def test_types_found_in_passages(passage: str, present: set, absent: set) -> None:
    found = types_in(passage)
    assert present <= found and not (absent & found)
    assert types_of(type_mask(passage)) == found


def test_satisfies_matches_related_classes() -> None:
    assert satisfies(None, frozenset()) is None  # the question asks for no class
    assert satisfies(T.DATE, types_in("It was signed on October 28, 2025.")) is True
    assert satisfies(T.DATE, types_in("It was signed at the palace.")) is False
    # "how many" is answered by any amount; "how much money" only by money
    assert satisfies(T.NUMBER, types_in("It covers 40% of supply.")) is True
    assert satisfies(T.MONEY, types_in("It covers 40% of supply.")) is False
    # "who" is answered by a person or an organisation, and asked of no one in particular
    # ("who's annoyed?") by a country too
    assert satisfies(T.PERSON, types_in("The Ministry of Trade signed it.")) is True
    assert satisfies(T.ACTOR, types_in("It frustrated Japan and Korea.")) is True
    assert satisfies(T.PERSON, types_in("It frustrated Japan and Korea.")) is False


@pytest.mark.parametrize(
    ("passage", "rough"),
    [
        ("They addressed thousands of American sailors aboard the carrier on Tuesday.", True),
        ("It will create hundreds of jobs.", True),
        ("About 6,000 sailors were in the audience.", False),  # a figure
        ("Thousands of sailors, 6,000 by the Navy's count, were there.", False),
        ("Twelve ministers and thousands of officials attended.", False),  # a count written out
        ("Several hundred companies signed up.", False),  # no rough count: "several" is a count
        ("It was signed in Tokyo.", False),  # no count at all
    ],
)
def test_a_count_given_only_roughly_is_told_apart(passage: str, rough: bool) -> None:
    assert rough_count_only(passage) is rough


@settings(max_examples=50, deadline=None)
@given(st.sets(st.sampled_from(list(AnswerType))))
def test_type_masks_round_trip(kinds) -> None:
    from index.answer_types import _BITS

    mask = 0
    for kind in kinds:
        mask |= _BITS[kind]
    assert types_of(mask) == frozenset(kinds)


# --- typo correction ------------------------------------------------------------------------

VOCAB = Vocabulary.of(
    {
        "stockpile": 3,
        "stockpiling": 2,
        "takaichi": 5,
        "minerals": 4,
        "lithium": 3,
        "agreement": 4,
        "tokyo": 2,
        "japan": 6,
        "jobe": 1,  # a name in some article: "jobs" must still not become it
        "signed": 4,
        "prime": 3,
        "minister": 3,
    }
)


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("stockpiel", "stockpile"),
        ("takachi", "takaichi"),
        ("takiachi", "takaichi"),
        ("minerls", "minerals"),
        ("lithum", "lithium"),
        ("agreemnt", "agreement"),
        ("tokio", "tokyo"),
    ],
)
def test_typos_are_corrected_to_corpus_words(word: str, fixed: str) -> None:
    assert VOCAB.correct(word) == fixed


def test_a_dropped_letter_is_read_before_a_far_key() -> None:
    # "wich building": one edit from both, but "c" for "t" is no slip of the finger
    vocab = Vocabulary.of({"with": 50, "which": 10, "building": 2})
    assert vocab.correct("wich") == "which"
    # a neighbouring key is as likely as a dropped letter: the commoner word still wins
    assert Vocabulary.of({"with": 50, "wish": 10}).correct("wirh") == "with"


@pytest.mark.parametrize(
    "word", ["jobs", "the", "signed", "lithium", "weather", "banana", "xqzv", "jbs", "it", "2025", "we're"]
)
def test_everyday_words_known_words_and_non_words_are_left_alone(word: str) -> None:
    assert VOCAB.correct(word) is None


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("fission", None),  # a rare English word, one letter from the corpus's "fusion"
        ("levers", None),
        ("roped", None),
        ("beefing", None),
        ("goverment", "government"),  # as rare in wordfreq, but no English word
        ("seperate", "separate"),
    ],
)
def test_a_rare_english_word_is_not_taken_for_a_typo(word: str, fixed: str | None) -> None:
    vocab = Vocabulary.of({"fusion": 3, "levels": 2, "hoped": 1, "beijing": 4, "government": 5, "separate": 2})
    assert vocab.correct(word) == fixed


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("lgn", "lng"),  # a non-word, though chat logs give it a frequency (zipf 1.6)
        ("abt", None),  # "about" in chat (zipf above 2), not a typo of "art"
        ("nlg", None),  # three letters: only a word with the same first letter
    ],
)
def test_a_three_letter_typo_is_corrected_only_when_it_is_no_word(word: str, fixed: str | None) -> None:
    vocab = Vocabulary.of({"lng": 4, "art": 3, "bag": 1})
    assert vocab.correct(word) == fixed


def test_the_most_used_candidate_wins() -> None:
    vocab = Vocabulary.of({"tariff": 9, "tarifs": 1})
    assert vocab.correct("tarif") == "tariff"


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("coalishun", "coalition"),  # "-shun" for "-tion": three edits, one sound
        ("tarrif", "tariff"),  # two edits in six letters, past the one-edit limit
        ("lowkey", None),  # sounds like "like" (LK), but hardly looks it
        ("lynas", None),  # a name of five letters: "loans" sounds alike, too short to trust
    ],
)
def test_a_word_spelt_as_it_sounds_is_read_as_the_corpus_word_that_sounds_the_same(word: str, fixed: str | None) -> None:
    vocab = Vocabulary.of({"coalition": 3, "tariff": 5, "like": 9, "loans": 2})
    assert vocab.correct(word) == fixed


def _correct_by_comparing_every_word(vocab: Vocabulary, word: str) -> str | None:
    """The rule `Vocabulary.correct` states, applied by brute force to every corpus word."""
    from rapidfuzz.distance import OSA, Indel

    limit = 1 if len(word) < 7 else 2
    best = None
    for cand, count in vocab.counts.items():
        d = OSA.distance(word, cand)
        if d > limit or (cand[0] != word[0] and (len(word) <= 3 or (d == limit and limit > 1))):
            continue
        key = (d, far_substitution(word, cand), 0 if cand[0] == word[0] else 1, -count, cand)
        best = key if best is None or key < best else best
    if best is None and len(word) >= PHONETIC_LENGTH:
        # with nothing that near, a long word is read by its sound (compared with every word too)
        key = jellyfish.metaphone(word)
        alike = [
            c for c in vocab.counts
            if len(c) >= SOUNDED_LENGTH and c.isalpha() and len(key) >= PHONETIC_KEY
            and jellyfish.metaphone(c) == key and Indel.normalized_similarity(word, c) >= PHONETIC_SIMILARITY
        ]
        return max(alike, key=lambda c: (vocab.counts[c], c)) if alike else None
    return best[4] if best else None


def _edited(word: str, edits: list[tuple[int, int, str]]) -> str:
    """`word` after a few edits: (kind, position, letter), kind 0 deletes, 1 swaps, 2 replaces, 3 inserts."""
    for kind, at, letter in edits:
        i = at % (len(word) + 1)
        if kind == 0 and i < len(word):
            word = word[:i] + word[i + 1 :]
        elif kind == 1 and i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == 2 and i < len(word):
            word = word[:i] + letter + word[i + 1 :]
        elif kind == 3:
            word = word[:i] + letter + word[i:]
    return word


_EDIT = st.tuples(st.integers(0, 3), st.integers(0, 12), st.sampled_from("bcdgkqxz'"))


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text("bcdgkqxz'", min_size=1, max_size=10), st.integers(1, 5), max_size=40),
    st.lists(st.tuples(st.lists(_EDIT, min_size=1, max_size=2), st.integers(1, 5)), max_size=8),
    st.text("bcdgkqxz", min_size=4, max_size=10),
)
def test_a_typo_is_corrected_as_if_every_corpus_word_were_compared(counts, variants, word) -> None:
    """Looking up one-edit strings and comparing same-initial words finds what comparing all would."""
    if word in english_words() or zipf(word) >= COMMON_ZIPF or word in place_names():
        return  # not a typo to correct, by rules the search never reaches
    counts = {**counts, **{_edited(word, edits): n for edits, n in variants}}
    counts = {w: n for w, n in counts.items() if w and w != word}
    vocab = Vocabulary.of(counts)
    assert vocab.correct(word) == _correct_by_comparing_every_word(vocab, word)


@pytest.mark.parametrize(
    ("word", "question", "fixed"),
    [
        ("simmilar", "is it simmilar to the 80s one", "similar"),
        ("shipmnts", "", "shipments"),
        ("anounced", "", "announced"),
        ("karoline", "", None),  # "caroline" starts with another letter: a name, not a typo
        ("numbr", "", None),  # five letters: as often chat or a short form
        ("rebase", "", None),  # an English word, if not an everyday one
        ("minamitorishima", "", None),  # nothing one edit away
        ("simmilar", "what is Simmilar Holdings", None),  # capitalised inside a sentence: a name
    ],
)
def test_a_misspelt_everyday_word_the_corpus_lacks_is_read_as_that_word(word: str, question: str, fixed) -> None:
    assert english_typo(word, question) == fixed


def test_an_everyday_word_one_edit_away_beats_a_corpus_word_two_away() -> None:
    vocab = Vocabulary.of({"comment": 3, "lng": 4, "alaska": 2})
    q = analyse("where is the lng comming from", vocab)
    assert "comment" not in q.terms and "comming" not in q.unknown
    # ... when commoner: "empower" is no likelier than the corpus's "emperor"
    assert "emperor" in analyse("did he meet the emporer", Vocabulary.of({"emperor": 2})).terms
    assert vocab.correct("commentt") == "comment"  # one edit: the corpus's word, as before
    assert analyse("any commentt on it", vocab).terms[:1] == ("comment",)


def test_two_corpus_words_run_together_are_read_apart() -> None:
    vocab = Vocabulary.of({"prime": 4, "minister": 4, "rare": 6, "earths": 3, "week": 1, "end": 2})
    assert vocab.split("primeminister") == "prime minister"
    assert vocab.split("rareearths") == "rare earths"
    assert vocab.split("weekend") is None  # an English word, not two run together
    assert vocab.split("primexyz") is None  # one half is no corpus word
    q = analyse("whos the japanese primeminister", vocab)
    assert q.search_text == "whos the japanese prime minister" and "primeminister" not in q.unknown


def test_two_corpus_words_run_together_and_misspelt_are_read_apart() -> None:
    vocab = Vocabulary.of({"white": 5, "house": 4, "called": 2, "pact": 3, "nick": 1, "lut": 1})
    # "whitehosue": one half a letter off a corpus word ("hosue" for "house")
    assert vocab.split("whitehosue") == "white house"
    q = analyse("what did the whitehosue call the pact", vocab)
    assert "whitehosue" not in q.unknown and {"white", "hous"} <= set(q.terms)
    # short halves are not read as misspelt: "lutnock" is a name, not "lut" + "nick" a letter off
    assert vocab.split("lutnock") is None
    assert vocab.split("whiteqqqqq") is None  # the other half is no corpus word a letter off


def test_a_corpus_word_split_in_two_is_read_as_one() -> None:
    vocab = Vocabulary.of({"takaichi": 3, "stockpiling": 5, "anyone": 2, "any": 5, "one": 9, "say": 4})
    # voice typing breaks a name; a phone keyboard a compound
    assert joined_words("what did taka ichi say", vocab) == "what did takaichi say"
    assert joined_words("wheres the stock piling gonna be", vocab) == "wheres the stockpiling gonna be"
    assert joined_words("any one know", vocab) == "any one know"  # both halves are corpus words
    assert joined_words("taka, ichi", vocab) == "taka, ichi"  # not side by side
    q = analyse("what did taka ichi say", vocab)
    assert "takaichi" in q.terms and "taka" not in q.unknown


def test_a_hashtag_is_read_as_its_words_or_left_out() -> None:
    vocab = Vocabulary.of({"rare": 3, "earths": 2, "jera": 1, "signed": 2})
    assert hashtags_read("#RareEarths who signed", vocab) == "Rare Earths who signed"
    assert hashtags_read("#rareearths?", vocab) == "rare earths?"  # two corpus words run together
    assert hashtags_read("#jera deal", vocab) == "jera deal"
    # a tag that is no corpus word labels the post: read as a name, it had declined the question
    q = analyse("#raremetals when was the deal signed", vocab)
    assert "raremetals" not in q.unknown and not q.unknown_names
    assert hashtags_read("the #1 producer", vocab) == "the #1 producer"  # a rank, not a tag


def test_a_misspelt_everyday_word_counts_as_everyday_not_as_a_rare_name() -> None:
    q = analyse("is the stockpile simmilar to theirs", VOCAB)
    assert q.search_text == "is the stockpile similar to theirs"
    assert q.unknown == ("similar",) and q.unknown_rare == ()


# --- analysing a question -------------------------------------------------------------------


def test_analyse_corrects_the_search_text_and_the_terms() -> None:
    q = analyse("what did Takachi say about the stockpiel?", VOCAB)
    assert dict(q.corrections) == {"takachi": "takaichi", "stockpiel": "stockpile"}
    assert q.search_text == "what did takaichi say about the stockpile?"
    assert "stockpil" in q.terms and "takaichi" in q.terms
    assert q.speaker == ("takaichi",) and q.expected is T.QUOTE


def test_a_word_only_neighbouring_stories_use_is_unknown_to_the_main_storys_reading() -> None:
    vocab = Vocabulary.of({"stockpile": 3, "fusion": 1, "company": 2, "holds": 2})
    plain = analyse("which fusion company holds the stockpile", vocab)
    assert plain.unknown == ()
    scoped = analyse("which fusion company holds the stockpile", vocab, foreign={"fusion", "company"}.__contains__)
    assert scoped.unknown == ("fusion", "company") and scoped.head_unknown
    # the words searched do not change: only what counts as known does
    assert scoped.terms == plain.terms


def test_everyday_words_are_told_from_names_places_and_elements() -> None:
    vocab = Vocabulary.of({"jera": 3, "deal": 4, "gallium": 2, "canada": 1})
    q = analyse("how much did the jera deal with canada cost, and the gallium", vocab)
    assert {"cost", "deal"} <= q.everyday
    assert not {"jera", "canada", "gallium"} & q.everyday


def test_a_short_word_of_letters_and_digits_is_a_word_of_the_question() -> None:
    # "g7" names something, though two characters long ("us", "pm" are not content)
    q = analyse("did the g7 say anything about the stockpile", VOCAB)
    assert "g7" in q.unknown and q.specific_unknown == 1


def test_a_part_of_a_stated_amount_needs_another_amount() -> None:
    whole = part_of(written_out("how much of the 550bn goes to shipbuilding"))
    assert whole == "550 billion"
    restated = "a previous deal included Japanese investment of ~US $550 billion and a tariff reduction to 15%"
    assert not states_part(restated, whole)  # the whole again, and a percentage of something else
    assert states_part(restated + " About $40 billion goes to shipyards.", whole)
    # a count is answered by another number
    assert part_of("how many of the 12 projects are in texas") == "12"
    assert states_part("three of them are in texas, 3 in ohio", "12")
    assert not states_part("the 12 projects were named", "12")
    assert part_of("how much of it goes to energy") == ""


def test_hedging_adverbs_are_not_searched_as_the_words_they_stem_to() -> None:
    # "exactly" stems to "exact", which "exact investment amounts" has: no sentence is about it
    q = analyse("when exactly did they actually sign the stockpile deal", VOCAB)
    assert "exact" not in q.terms and "actual" not in q.terms
    assert "sign" in q.terms and "stockpil" in q.terms
    # the adjective goes with it ("the exact date"): it asks for precision, not about exactness;
    # and "the date" asks for one, as "what date was it signed" does ("promises date back to July")
    assert analyse("what's the exact date of the signing", VOCAB).terms == ("sign",)
    assert analyse("exact date they signed it?", VOCAB).terms == ("sign",)


def test_a_numbered_provision_no_article_has_is_an_unknown_name() -> None:
    known = {"2", "2024", "15"}.__contains__
    assert numbered_names("what rate are the section 232 tariffs on processed minerals", known) == ("section 232",)
    assert numbered_names("is phase 2 of the deal out", known) == ()  # the articles have a 2
    assert numbered_names("what does article 3 say about jera", known) == ()  # maybe the third article


def test_chat_slang_is_neither_searched_nor_counted_as_an_unknown_word() -> None:
    # "fr" (for real), "lowkey", "smh": how members write, not what they ask about
    q = analyse("lowkey is the stockpile deal happening fr smh", VOCAB)
    assert q.terms == ("stockpil", "deal")
    assert not {"fr", "lowkey", "smh"} & set(q.unknown)
    # chat letters for little words: "abt" is "about", "w" is "with"
    q = analyse("did they say anything abt the stockpile deal w u", VOCAB)
    assert q.terms == ("stockpil", "deal") and not {"abt", "w", "u"} & set(q.unknown)
    # chat spellings of "what" and "gonna": no words to search, no unknown names
    q = analyse("wat kinda stockpile deal are they gona do", VOCAB)
    assert q.terms == ("stockpil", "deal") and not {"wat", "gona"} & set(q.unknown)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("any grants for the mining projects", "subsidi"),
        ("which metals are in it", "miner"),
        ("does the deal fund any nukes", "nuclear"),
        # news names a company by its trade ("Utility giant JERA")
        ("which japanese company buys the gas", "util"),
    ],
)
def test_an_everyday_word_is_also_searched_as_the_articles_word_at_half_weight(question: str, plain: str) -> None:
    q = analyse(question, VOCAB)
    assert plain in q.terms and q.weights[q.terms.index(plain)] == 0.5


def test_a_company_is_searched_by_its_trade_without_becoming_a_word_the_corpus_knows() -> None:
    vocab = Vocabulary.of({"utility": 1, "giant": 1, "gas": 3, "mining": 4, "projects": 5})
    q = analyse("which company buys the gas", vocab)
    assert "util" in q.terms and "company" in q.unknown
    # the plural asks for firms the articles would have to name: not searched by trade
    assert "util" not in analyse("which mining companies are in on the projects", vocab).terms


def test_a_hoard_is_read_as_a_stockpile_in_the_question_itself() -> None:
    # the idiom rewrites the text, so the stockpile is searched (and embedded) at full weight
    q = analyse("are they gonna hoard minerals", VOCAB)
    assert "stockpil" in q.terms and q.weights[q.terms.index("stockpil")] == 1.0
    assert "hoard" not in q.terms


def test_what_kind_of_thing_is_asked_names_no_topic_of_its_own() -> None:
    # "kind", "sort" only frame the question: "what kind of money" is about the money
    q = analyse("what kind of stockpile is it, some sort of reserve?", VOCAB)
    assert not {"kind", "sort"} & set(q.terms) and not {"kind", "sort"} & set(q.unknown)


def test_a_phrase_or_a_quote_asked_for_is_no_topic_of_its_own() -> None:
    # like "say" and "called": how something was said, not what it is about
    q = analyse("what was that stockpile phrase everybody kept quoting", VOCAB)
    assert not {"phrase", "quoting", "everybody"} & set(q.unknown)
    assert "phrase" not in q.terms


def test_a_month_no_article_mentions_is_kept_for_the_decline() -> None:
    assert analyse("which elements did china restrict back in april", VOCAB).unknown_months == ("april",)
    dated = Vocabulary.of({"october": 2, "signed": 3})
    assert analyse("did they sign it in october", dated).unknown_months == ()  # an article's month
    assert analyse("may i ask what the deal covers", VOCAB).unknown_months == ()  # no month


def test_a_cause_is_searched_in_the_words_news_gives_one_in() -> None:
    # "set it off" is no topic ("It sets a six-month timeline"); "follows", "amid" say a cause
    q = analyse("why now tho, what set it off", VOCAB)
    assert "set" not in q.terms and "off" not in q.terms
    assert {"follow", "amid"} <= set(q.terms) and q.weights[q.terms.index("follow")] == 0.5
    assert "follow" not in analyse("why did they sign it", VOCAB).terms  # a purpose, not a cause


@pytest.mark.parametrize(
    ("question", "asked", "kept"),
    [
        ("what date was it signed", "date", "sign"),  # not "promises date back to July"
        ("on what day of the week was it signed", "week", "sign"),
        ("so what's the actual point of the thing", "point", ""),  # not "the key points"
        ("whats the point of tariffs in all this", "point", "tariff"),
    ],
)
def test_a_noun_asking_for_a_date_or_a_purpose_is_no_topic(question: str, asked: str, kept: str) -> None:
    q = analyse(question, Vocabulary.of({"date": 1, "week": 1, "point": 1, "tariffs": 1, "signed": 1}))
    assert asked not in q.terms
    assert not kept or kept in q.terms


def test_verbs_of_saying_are_no_topic() -> None:
    q = analyse("what caveats does the blog flag", Vocabulary.of({"caveats": 1, "blog": 1}))
    assert "flag" not in q.terms and "flag" not in q.unknown


def test_aliases_and_capitals_add_weaker_terms() -> None:
    q = analyse("did the pm ink a pact with tokyo", VOCAB)
    weights = dict(zip(q.terms, q.weights, strict=True))
    assert weights["pm"] == 1.0 and weights["prime"] == weights["minist"] == 0.5
    assert weights["sign"] == 0.5 and weights["agreement"] == 0.5  # ink -> signed, pact -> agreement
    assert weights["japan"] == 0.5  # the capital names its government
    assert "pm" not in q.unknown and "tokyo" not in q.unknown and "pact" not in q.unknown
    # a reserve, one or several, is a stockpile
    for asked in ("a shared reserve", "strategic reserves"):
        assert "stockpil" in analyse(asked, VOCAB).terms


def test_unknown_words_and_names_are_kept_as_signals() -> None:
    q = analyse("What did Scott Bessent say about the lithium deal?", VOCAB)
    assert set(q.unknown) >= {"scott", "bessent", "deal"}
    assert "bessent" in q.unknown_rare and "deal" not in q.unknown_rare  # "deal" is everyday English
    assert q.speaker == ("scott", "bessent")
    assert q.content_words >= 4


@pytest.mark.parametrize(
    ("question", "reading", "asked"),
    [
        # whether something came up at the story's event (`raised`)
        ("did the nippon steel thing come up at the summit", "raised", True),
        ("was taiwan brought up at all", "raised", True),
        ("did takaichi bring up taiwan with trump", "raised", True),
        ("which late PM did takaichi bring up", "raised", False),  # what she said, of the story
        ("did they come up with a plan", "raised", False),
        ("how long do they have to come up w/ the joint projects", "raised", False),
        # what people talked about (`talk`)
        ("what did trump and the emperor talk about", "talk", True),
        ("what did takaichi and trump discuss at the summit", "talk", True),
        ("what did they talk about", "talk", True),
        ("which articles talk about stockpiles", "talk", False),  # a text's subject
        ("what did the article discuss", "talk", False),
        ("did japan and the us talk about gallium before", "talk", False),  # yes or no
        ("what will trump and xi discuss", "talk", False),  # ahead: "expected to discuss trade"
        # a value before a change the question states (`prior`)
        ("what was the tariff before it got cut to 15", "prior", True),
        ("whats the original deadline they moved it up from", "prior", True),
        ("what did the tariff used to be", "prior", True),
        ("what is the tariff now", "prior", False),
        ("was it signed before the xi meeting", "prior", False),
    ],
)
def test_what_a_question_asks_of_the_story(question: str, reading: str, asked: bool) -> None:
    assert getattr(analyse(question, VOCAB), reading) is asked


def test_the_use_of_one_element_is_asked_and_told_only_of_it() -> None:
    assert analyse("whats dysprosium actually used for", VOCAB).use_of == "dysprosium"
    assert analyse("what are cerium and lanthanum used for", VOCAB).use_of == ""  # two: the sentence on both
    assert analyse("what are rare earths used for", VOCAB).use_of == ""
    listed = "Rare earth elements such as neodymium, dysprosium, and lithium are vital for modern technology:"
    assert not tells_use(listed, "dysprosium")
    assert tells_use(listed + "\n- Neodymium magnets power electric vehicle motors.", "neodymium")


def test_a_value_before_a_change_needs_another_than_the_questions() -> None:
    asked = "what was the tariff before it dropped to 15"
    # the rate after the cut, beside other kinds of number, gives no earlier rate
    assert not states_prior("In July 2025 Japan pledged $550 billion and a tariff reduction to 15%.", asked)
    assert states_prior("The tariff was cut from 25% to 15%.", asked)
    # a year asked: any other number
    assert states_prior("The target was 2027, now moved up to 2025.", "whats the original deadline they moved it up from")


def test_seats_are_a_majority_in_parliament() -> None:
    vocab = Vocabulary.of({"majority": 1, "parliament": 1, "takaichi": 2})
    query = analyse("does takaichi have enough seats", vocab)
    assert "major" in query.terms and "seats" not in query.unknown


def test_chat_short_forms_are_no_names_or_terms() -> None:
    # "ppl" stands for an everyday word, so it does not count as a name the articles lack
    q = analyse("why do ppl call rare earths vitamins", VOCAB)
    assert "ppl" not in q.unknown_rare and "peopl" in q.terms
    # "smth", "tryna", "yrs": chat, not content
    assert analyse("is smth up with the stockpile", VOCAB).unknown == ()
    assert analyse("what are they tryna do with the minerals", VOCAB).unknown == ()
    assert "year" in analyse("takaichi signed it 2 yrs ago", VOCAB).terms
    # people at large are no speaker whose words must be found quoted
    assert speaker_terms("why do people call rare earths vitamins") == []
    assert speaker_terms("why do ppl call them the vitamins of industry") == []


@pytest.mark.parametrize(
    ("question", "vague"),
    [
        ("why did they even do this?", True),
        ("what's in the deal for japan", True),
        ("who won the world series this year", False),
        ("who won the world series this yr", False),  # chat spelling of the same time
        ("what's the weather in osaka this weekend", False),
        ("did they sign the agreement this year", True),  # "they": the story
    ],
)
def test_a_time_like_this_year_is_no_pointer_to_the_story(question: str, vague: bool) -> None:
    # A vague question leans on the conversation, i.e. the articles; "this year" names a time.
    assert analyse(question, VOCAB).vague is vague


@pytest.mark.parametrize(
    ("question", "vague"),
    [
        ("did canada end up scrapping its digital tax", False),  # Canada's tax, not the story's
        ("did they end up scrapping the digital tax", True),
        ("is this bad for canada and its tax", True),  # "this" still points
        ("what did canada say about their part of the deal", True),
    ],
)
def test_its_after_a_place_is_the_places_not_the_storys(question: str, vague: bool) -> None:
    vocab = Vocabulary.of({"canada": 2, "scrapping": 1, "digital": 2, "tax": 3, "deal": 4, "part": 1})
    assert analyse(question, vocab).vague is vague


LEANING_VOCAB = Vocabulary.of(
    dict.fromkeys(
        ["deadline", "big", "deal", "tariff", "rate", "chinese", "goods", "trump", "fall", "article",
         "materials", "pentagon", "refining", "projects", "world", "series", "year", "minerals",
         "signed", "australia", "important", "significant"],  # "a big deal" is read as important and significant
        2,
    )
)


@pytest.mark.parametrize(
    ("question", "leans"),
    [
        ("any deadline on it?", True),
        ("is it a big deal or nah", True),
        ("what are the refining projects in it", True),
        ("When was the minerals deal signed?", True),  # a deal described by its kind only
        ("when was the australia deal signed", False),  # named by a party: another deal
        # names too much to be only about the conversation's story
        ("What tariff rate on Chinese goods did Trump say it would fall to?", False),
        # "the article" describes an article, it does not point at the story
        ("who put out the article about MP Materials and the pentagon", False),
        ("who won the world series this year", False),  # a time, no pointer
        ("what are the refining projects", False),
        # a why naming nothing at all
        ("why now tho", True),
        ("but why", True),
        ("why is the sky blue", False),
    ],
)
def test_a_question_leaning_on_the_conversations_story(question: str, leans: bool) -> None:
    assert analyse(question, LEANING_VOCAB).leans is leans


POINTING_VOCAB = Vocabulary.of(
    dict.fromkeys(
        ["price", "floor", "rare", "earths", "deal", "gallium", "minerals", "trump", "xi", "agree", "met", "tariff",
         "rate", "chinese", "goods", "fall", "australia", "signed", "article", "materials", "pentagon"],
        2,
    )
)


@pytest.mark.parametrize(
    ("question", "points"),
    [
        # the story named as a thing, or "they", whatever else the question names
        ("whats the price floor for rare earths in this deal", True),
        ("is gallium part of the minerals deal", True),
        ("what did trump and xi agree on when they met", True),
        # a pronoun that stands for something in the sentence, a deal named by a party, an article
        ("What tariff rate on Chinese goods did Trump say it would fall to?", False),
        ("when was the australia deal signed", False),
        ("who put out the article about MP Materials and the pentagon", False),
    ],
)
def test_a_question_pointing_at_the_conversations_story(question: str, points: bool) -> None:
    assert analyse(question, POINTING_VOCAB).points is points


@pytest.mark.parametrize(
    ("question", "owners"),
    [
        ("what percentage of japan's rare earths come from china", ("japan",)),
        ("what share of china’s exports go to japan", ("china",)),
        ("how much rare earth does japan import from china", ()),  # no possessive: no owner
    ],
)
def test_the_place_an_amount_belongs_to(question: str, owners: tuple[str, ...]) -> None:
    assert analyse(question, Vocabulary.of({"japan": 2, "china": 2, "rare": 1})).owners == owners


@pytest.mark.parametrize(
    ("question", "places", "apart"),
    [
        ("what % of japan's rare earth imports come from china", ["japan", "china"], ("japan", "china")),
        ("how big is the india japan magnet plant gonna be", ["india", "japan"], ()),  # one thing named by both
        ("how much is the us-japan deal worth to australia", ["us", "japan", "australia"], ()),
        ("how much does japan import", ["japan"], ()),
    ],
)
def test_places_named_apart_from_one_another(question: str, places: list[str], apart: tuple[str, ...]) -> None:
    assert places_apart(question, places) == apart


@pytest.mark.parametrize(
    ("question", "doers"),
    [
        ("how much rare earth does japan import from china", ("japan",)),
        ("how many mines will china open", ("china",)),
        ("how much lng does south korea buy", ("south korea",)),
        ("How much rare earth did China refine in 2024?", ("china",)),
        ("how much LNG is JERA going to import", ()),  # a company, not a place
        ("how much is japan putting into the us", ("japan",)),
        ("how much is the alaska lng pipeline gonna cost", ()),  # a place naming a thing
        ("what share of china's exports go to japan", ()),  # an owner, not a doer
        ("japan ended up pledging how much, same as china?", ("japan",)),  # the doer first
    ],
)
def test_the_place_doing_what_is_measured(question: str, doers: tuple[str, ...]) -> None:
    assert analyse(question, Vocabulary.of({"japan": 2, "china": 2, "rare": 1})).doers == doers


@pytest.mark.parametrize(
    ("sentence", "another"),
    [
        ("China currently controls over 60% of global rare-earth mining.", True),
        ("Chinese firms refine most of it.", True),
        ("Utility giant JERA agreed to import 5.5 million tons of U.S. LNG annually.", False),  # JERA's
        ("Tokyo will channel about $550 billion.", False),  # Japan's capital
        ("Japan will increase defense spending to 2% of GDP.", False),
    ],
)
def test_whose_amount_a_sentence_gives(sentence: str, another: bool) -> None:
    assert led_by_another_place(sentence, ("japan",)) is another


def test_known_terms_count_by_their_stem() -> None:
    corpus_terms = set(tokenize("Japan imports lithium; the ministers signed agreements."))
    q = analyse("Is Japan importing lithium?", VOCAB, known_term=corpus_terms.__contains__)
    assert "importing" not in q.unknown


def test_head_words_name_what_is_asked_for() -> None:
    assert head_words("how many jobs will the deal create?") == ["jobs"]
    assert head_words("which agency is running the stockpile?") == ["agency"]
    assert head_words("What party does Takaichi lead?") == ["party"]
    assert head_words("What is the stockpiling arrangement?") == []
    q = analyse("Which agency runs the stockpile?", VOCAB)
    assert q.head_unknown and q.expected is T.ORG
    assert not analyse("Which minister signed the agreement?", VOCAB).head_unknown


def test_words_for_the_articles_themselves_are_not_words_the_articles_lack() -> None:
    # "which pieces mention it": the bot's documents, not a thing they would have to mention
    assert head_words("which pieces mention the defense target") == []
    vocab = Vocabulary.of({"defense": 2, "target": 1, "mention": 1})
    q = analyse("the defense target, which pieces mention it?", vocab)
    assert q.unknown == () and not q.head_unknown
    jobs = analyse("which jobs does the article mention", vocab)
    assert jobs.unknown == ("jobs",) and jobs.head_unknown


def test_the_verb_after_a_head_noun_is_not_a_head_word() -> None:
    assert head_words("which agency runs the stockpile?") == ["agency"]
    assert head_words("Which company operates the mine?") == ["company"]
    assert head_words("which countries signed the deal") == ["countries"]
    assert head_words("which mining companies got picked") == ["mining", "companies"]
    assert head_words("so what happens next w the us china thing") == []  # "w" is "with"


def test_the_head_terms_are_the_known_words_asked_for() -> None:
    assert analyse("Which agency runs the stockpile?", Vocabulary.of({"agency": 1, "stockpile": 1})).head_terms == ("agenc",)
    assert analyse("Which agency runs the stockpile?", Vocabulary.of({"stockpile": 1})).head_terms == ()


@pytest.mark.parametrize(
    "question",
    ["What did Japan agree to?", "What did Tokyo commit to in the deal?", "what does the deal mean for Japan?"],
)
def test_a_verb_question_has_no_head_noun(question: str) -> None:
    assert head_words(question) == []


def test_speaker_terms_and_speaking() -> None:
    assert speaker_terms("How did Takaichi react to the deal?") == ["takaichi"]
    assert speaker_terms("What did the White House say?") == ["white", "hous"]
    assert speaker_terms("did the PM say anything nice") == ["prime", "minist"]  # as articles name them
    assert speaker_terms("what did reuters report about the signing") == ["reuter"]  # a source reports
    assert speaker_terms("Where was it signed?") == []
    # the article, or its author, says everything in it: no speaker to find quoted
    assert speaker_terms("What does the article say about tariffs?") == []
    assert speaker_terms("what did the authors say about China?") == []
    # the documents, however described, are no speaker whose own words must be quoted
    assert speaker_terms("where do the different articles say it was signed") == []
    assert speaker_terms("what do the various writeups say the six month window is for") == []
    assert speaker_terms("what did the other stories say about tariffs") == []
    # plurals and words ending in "s" are texts too ("news" is no "new", "policies" no "policie")
    assert speaker_terms("what did the news say about china") == []
    assert speaker_terms("what did the analysis say about tariffs") == []
    speaker = speaker_terms("What did Takaichi say?")
    assert speaks("Takaichi thanked Trump for his support.", speaker)
    assert speaks("“We are allies,” Prime Minister Takaichi said.", speaker)
    assert speaks("According to Takaichi, the deal is historic.", speaker)
    assert not speaks("Takaichi has been in office for a week.", speaker)
    assert not speaks("Trump met Takaichi in Tokyo.", speaker)
    # an aside between the name and the verb
    assert speaks("Prime Minister Takaichi, in office for just a week, thanked Trump.", speaker)
    # "States" in a name is no verb of saying
    korea = speaker_terms("how did south korea react")
    assert not speaks("At the summit in South Korea the United States and Japan agreed to act.", korea)
    assert speaks("South Korea's trade minister said it welcomed the deal.", korea)


def test_an_office_asked_is_read_as_its_holder_the_articles_name() -> None:
    held = office_holders_in(
        [
            "U.S. President Donald Trump and Japanese Prime Minister Sanae Takaichi signed it.",
            "President Trump praised Japan. Chinese President Xi Jinping will meet him.",
            "Japan’s newly elected Prime Minister, Sanae Takaichi, spoke. Prime Minister Takaichi thanked Trump.",
            "Vice President Mike Pence said nothing. Former Prime Minister Shinzo Abe was recalled.",
        ]
    )
    # the short form, as the articles go on to name the holder ("Takaichi thanked")
    assert office_holder(speaker_terms("what did the japanese PM say"), held) == "Takaichi"
    assert office_holder(speaker_terms("what did the new prime minister say"), held) == "Takaichi"
    assert office_holder(speaker_terms("what did the us president say about japan"), held) == "Trump"
    # three mentions of Trump to one of Xi: "the president" is Trump; the chinese one is Xi
    assert office_holder(speaker_terms("what did the president say"), held) == "Trump"
    assert office_holder(speaker_terms("what did the chinese president say"), held) == "Xi Jinping"
    # a vice president or a former prime minister holds another office; an office no article
    # names with a holder, or a qualifier that is no country, is left as asked
    assert office_holder(speaker_terms("what did the former prime minister say"), held) == ""
    assert office_holder(speaker_terms("what did the korean president say"), held) == ""
    assert office_holder(speaker_terms("what did the trade minister say"), held) == ""
    assert speaker_replaced("what did the us president say about japan", "Trump") == "what did Trump say about japan"
    assert speaker_replaced("how has the japanese PM reacted", "Takaichi") == "how has Takaichi reacted"
    assert speaker_replaced("where was it signed", "Trump") == "where was it signed"


@pytest.mark.parametrize(
    "question",
    [
        # texts say things: what is in them is asked, not whose words
        "what does the agreement say about stockpiles",
        "what does the fact sheet say",
        "what did the joint statement say",
        "what does the table say about japan",
        # named or blamed, not speaking
        "What are rare earths called?",
        "what was the palace called again",
        "does china even get called out by name",
        "do the officials actually call out beijing by name",
        # the speaker follows the last auxiliary: "they", no one to look for
        "besides minerals what other tech did they say theyd team up on",
        # hearsay in a sentence of its own
        "how much chinese stuff did trump tariff in his first term? someone said like 300bn",
        # a reaction asked of no one, or a take "from" somewhere that is no noun of saying
        "what was the official response",
        "how much LNG is jera gonna take from the states each year",
    ],
)
def test_questions_that_name_no_speaker(question: str) -> None:
    assert speaker_terms(question) == []


def test_the_speaker_is_the_subject_after_the_auxiliary() -> None:
    assert speaker_terms("What defense spending target did Takaichi announce?") == ["takaichi"]
    assert speaker_terms("how did japan's trade minister react") == ["japan", "trade", "minist"]


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("what was china's response to the deal", ["china"]),
        ("what was the chinese reaction", ["china"]),  # the people's adjective, the place
        ("any comment from beijing on this", ["beij"]),
        ("what's beijing's take on it", ["beij"]),
    ],
)
def test_a_reaction_asked_by_its_noun_names_the_speaker(question: str, speaker: list[str]) -> None:
    assert speaker_terms(question) == speaker
    assert expected_type("how did trump react to the deal") is T.QUOTE  # what he said to it
    assert expected_type("what was trump's reaction to the signing") is T.QUOTE


@pytest.mark.xfail(
    strict=True,
    reason="speaks() looks for a verb of saying near the name, whoever says it",
)
def test_a_passage_where_someone_else_speaks_about_the_speaker_is_not_their_words() -> None:
    assert not speaks("Trump praised Takaichi as a strong leader.", speaker_terms("What did Takaichi say?"))


def test_numbers_in_text_are_normalised() -> None:
    assert numbers_in("Japan pledged $550 billion, or 550 of it, by 2030.") == ["550", "550", "2030"]
    assert analyse("Is the $550 billion real?", VOCAB).question_numbers == ("550",)


def test_the_table_pointed_at_is_told_from_the_idiom() -> None:
    assert analyse("in the table, what's japan's approach", VOCAB).points_table
    assert analyse("how does the chart sum up china's approach", VOCAB).points_table
    assert analyse("wat does the grid say china's strategy is", VOCAB).points_table
    assert not analyse("is fusion on the table at all", VOCAB).points_table  # the idiom
    assert not analyse("who are japan's partners", VOCAB).points_table


def test_a_table_is_a_text_that_says_things_not_a_speaker() -> None:
    # "what does the grid say": what the table holds, as "the chart" was already read
    assert analyse("wat does the grid say china's strategy is", VOCAB).speaker == ()
    assert analyse("what does the chart say about japan", VOCAB).speaker == ()


def test_a_capital_no_article_names_stands_for_its_country() -> None:
    vocab = Vocabulary.of({"eu": 3, "key": 4, "materials": 2, "country": 5, "korea": 2, "investment": 3})
    # the thing asked about: the EU's cap, which a quote names as the EU's
    assert "eu" in analyse("whats brussels' cap on how much of a key material can come from one country", vocab).head_terms
    # the owner of an amount asked for: "seoul's" pledge is Korea's
    assert analyse("seoul's version of the investment pledge, how big was it", vocab).owners == ("korea",)
    assert analyse("how big was korea's investment pledge", vocab).owners == ("korea",)


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("when's takaichi doing her return visit to DC", "washington"),
        ("when is takaichi going to washington for a return visit", "washington"),
        ("when is trump heading to china himself", "china"),
        ("when is trump going to south korea", "south korea"),
        ("is trump going to visit the carrier", ""),  # a visit, to no place
        ("where's trump off to after japan", ""),  # the place is what is asked
    ],
)
def test_the_place_someone_travels_to_is_read(question: str, place: str) -> None:
    assert trip_destination(question) == place


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("how many billions is japan putting into SMRs specifically", ("smrs",)),
        ("how much money did japan set aside specifically for the joint stockpile", ("joint", "stockpil")),
        ("how many tonnes a year is jera buying from the alaska lng project specifically", ("lng", "project")),
        ("how much lng is jera buying each year specifically", ()),  # no part: the whole purchase
        ("which smrs specifically", ()),  # no amount asked
    ],
)
def test_the_part_an_amount_is_asked_for_specifically_is_read(question: str, terms: tuple[str, ...]) -> None:
    assert analyse(question, VOCAB).specific == terms


def test_an_amount_of_a_part_is_stated_beside_it() -> None:
    whole = "Cooperation in nuclear power: small modular reactors (SMRs). • Japan pledged ~US $550 billion in the U.S."
    assert not states_amount_of(whole, ("smrs",))  # the sum is in another item
    assert states_amount_of("Japan will put $40 billion into SMRs.", ("smrs",))
    # sentences cut as the index cuts them: "U.S." ends no sentence
    assert states_amount_of("Japan will put $40 billion into U.S. SMRs.", ("smrs",))


def test_an_exact_date_asks_a_day_of_the_calendar() -> None:
    assert analyse("whats the exact date the six month window closes", VOCAB).exact_date
    assert analyse("what exact date did beijing roll out the new export rules?", VOCAB).exact_date
    assert not analyse("when did they sign it", VOCAB).exact_date
    assert calendar_days("today, Tuesday, October 28, 2025") == {"october 28"}
    assert calendar_days("on 9 October, and dated 2025-10-28") == {"9 october", "2025-10-28"}
    assert calendar_days("within six months, in October 2025") == set()  # a span, a month


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("who signed it", True),
        ("so who actually signed the thing", True),
        ("whos signing for the us", True),
        ("who actually signed the paperwork for the 550bn investment vehicle", True),
        ("who ran the 'sign rare earths supply deal' piece", False),
        ("what did they sign", False),
    ],
)
def test_who_signed_is_read(question: str, asks: bool) -> None:
    assert analyse(question, VOCAB).signer is asks


def test_table_and_list_questions_are_recognised() -> None:
    assert analyse("who are the partners in the chart", VOCAB).wants_table
    assert analyse("what are the key elements of the deal", VOCAB).wants_list
    assert not analyse("who signed the deal", VOCAB).wants_table
    assert analyse("how does the EU compare", VOCAB).wants_table
    # an amount set beside another: the sum asked for, not the comparison table
    assert not analyse("how much is seoul putting in compared to japan's 550", VOCAB).wants_table
    assert analyse("how much is the EU spending, per the comparison table", VOCAB).wants_table


def test_a_question_about_a_table_as_a_whole_is_told_from_one_naming_a_row() -> None:
    for question in (
        "what does the chart show",
        "what columns does that comparison table have",
        "summarize the table for me",
        "what categories does the chart compare",
    ):
        read = analyse(question, VOCAB)
        assert read.whole_table, question
        assert not read.unknown_names, question  # the table's parts are no names the articles lack
    for question in (
        "what does the table say about japan",  # a row named
        "who are the partners in the chart",  # a column asked of some row
        "what columns matter",  # no table
        "what does the clash report chart say",  # an article's chart, which it may not have
        "in the table whats the EU doing",  # a row named by a short name
    ):
        assert not analyse(question, VOCAB).whole_table, question


# --- questions about the articles themselves ----------------------------------------------

LAW_FIRM = Source(
    "004", "Japan in Critical Minerals Agreement with U.S.", "Barnes, Richardson & Colburn, LLP", "Chaney A. Finn", "2025-10-28"
)
CLASH = Source("001", "U.S. and Japan Sign Rare Earths Supply Deal", "Clash Report", "", "2025-10-28")
BLOG = Source("000", "The U.S.–Japan deals on trade, critical minerals, rare earths")
SOURCES = [BLOG, CLASH, LAW_FIRM]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who wrote the law firm's article?", Intent.AUTHOR),
        ("who's the author of the clash report piece", Intent.AUTHOR),
        ("What is the headline of the JERA story?", Intent.TITLE),
        ("whats the headline on the blog", Intent.TITLE),
        ("the big headline number, how much is japan investing", None),  # the figure a story leads with
        ("When was the law firm's article published?", Intent.DATE),
        ("when did the paper put that one out", Intent.DATE),
        ("when did reuters post it", Intent.DATE),
        ("when was the explainer last updated", Intent.DATE),
        ("any bylines on these", Intent.AUTHOR),
        ("whos behind the emoji post", Intent.AUTHOR),
        ("when'd the law firm post drop", Intent.DATE),
        ("when was that flag-emoji blog post put up? date pls", Intent.DATE),  # a post goes up
        ("when was the law firm article put out", Intent.DATE),
        ("when was the deal put together", None),  # no kind of document put up
        ("what date's on the clash one", Intent.DATE),
        ("is the blog one dated", Intent.DATE),
        ("how recent are these articles", Intent.DATE),
        ("can u list the titles", Intent.TITLE),
        ("what's the clash report article called", Intent.TITLE),
        ("which metals are named in the articles", None),  # mentioned in them, no headline
        ("who put out the golden era piece", Intent.WHICH),
        ("which piece is the oldest", Intent.DATE),
        ("whats the newest article", Intent.DATE),
        ("whos the journo behind the law firm article", Intent.AUTHOR),
        ("where's the golden era article published", Intent.WHICH),
        ("which news org wrote about the palace signing", Intent.WHICH),
        ("what's the name of the outlet for the emoji post", Intent.WHICH),
        # asked of the bot: its sources are the articles
        ("where do ur quotes come from", Intent.SOURCES),
        ("what are you reading from", Intent.SOURCES),
        ("where do you get your info", Intent.SOURCES),
        ("where did the blog get its info", Intent.CITES),
        ("When did Japan release its strategy?", None),
        ("which section is the lawyers' post listed under?", Intent.SECTION),
        ("what category is that blog post in", Intent.SECTION),
        ("what is the clash report piece listed under", Intent.SECTION),
        ("the table thing, whats japan's strategy listed as", None),  # a value the table gives
        ("is there a law firm that wrote about this? which one", Intent.WHICH),
        ("did a law firm write about it", Intent.WHICH),
        ("What section of the agreement covers LNG?", None),
        ("what city was the Tuesday piece filed from?", Intent.DATELINE),
        ("is the reuters one datelined tokyo", Intent.DATELINE),
        ("Where was the agreement signed?", None),
        ("whose picture is on the lithium story?", Intent.CREDIT),
        ("who supplied the image for that blog post", Intent.CREDIT),
        ("who's credited for the featured image on the mining article", Intent.CREDIT),
        ("is the company credited with the discovery", None),
        ("who is in the photo with Trump?", None),
        ("does the blog post cite anyone", Intent.CITES),
        ("i need to cite the one about AP1000 reactors for homework, who's the author", Intent.AUTHOR),  # the asker cites
        ("how do i cite the clash report piece", None),
        ("where does the emoji post get its info from", Intent.CITES),
        ("what sources does the blog post say it got its info from?", Intent.CITES),
        ("what outlets did the emoji blog say it took its information from", Intent.CITES),
        ("did japan get its data from the survey", None),  # no "from" right after the info
        ("what are the law firm's sources", Intent.CITES),
        ("does japan want to diversify its sources of rare earths", None),
        ("Where does Japan get its rare earths?", None),
        ("who's the source for the 550bn figure", None),
        ("what sources do you have", Intent.SOURCES),
        ("what sources do u have", Intent.SOURCES),  # chat letters
        ("what do u know", Intent.SOURCES),
        ("what did the author say about tariffs?", None),
        ("What does the writer think of the deal?", None),
        ("when did china release it", None),
        ("How many articles do you have?", Intent.SOURCES),
        ("how many articles mention jera", Intent.WHICH),  # which ones do
        ("how many of the articles mention the stockpile", Intent.WHICH),
        ("Which outlet reported the deal?", Intent.WHICH),
        ("Which articles mention lithium?", Intent.WHICH),
        ("which article has a faq section", Intent.WHICH),
        ("is one of these from a law firm? which one", Intent.WHICH),
        ("is any article from a law firm", Intent.WHICH),
        ("which one has the captcha thing at the bottom", Intent.WHICH),
        ("what got hit by the first-term tariffs", None),  # "got" after "what" alone asks a fact
        ("what related stories does the clash report piece link to", Intent.RELATED),
        ("what other articles does it link", Intent.RELATED),
        ("are there related risks for japan", None),
        ("link to the law firm post?", Intent.LINK),
        ("got the url for that clash report piece", Intent.LINK),
        ("got a link to the barnes richardson alert?", Intent.LINK),  # a law firm's client alert
        ("whats the article link", Intent.LINK),
        ("where can i read the clash report article", Intent.LINK),
        ("where can i read the full agreement", None),  # the agreement, not an article
        ("what's the date on the law firm article", Intent.DATE),
        ("what's the date on the law firm's post", Intent.DATE),  # a possessive before the article
        ("who do i hit up if i got questions about trade deals lol", Intent.CONTACT),
        ("who does the trade law article say to reach out to if u have questions", Intent.CONTACT),
        ("how do i get in touch with the law firm", Intent.CONTACT),
        ("whats the contact info for the clash report", Intent.CONTACT),
        ("who did trump call first", None),  # a call made, not whom to contact
        ("who am i supposed to reach out to with questions on trade agreements", Intent.CONTACT),
        ("who are we meant to contact about this stuff", Intent.CONTACT),
        ("who was supposed to call xi first", None),  # a call someone was to make
        ("what date is on the attorneys' post", Intent.DATE),
        ("what date did clashreport put their piece out", Intent.DATE),
        ("which article links to the white house fact sheet", Intent.WHICH),
        ("is there a link between rare earths and evs", None),  # no document asked for
        ("Who signed the agreement?", None),
        ("When was the agreement signed?", None),
        ("What is lithium essential for?", None),
        ("who's behind the deal", None),  # not an article
        ("when'd they sign it", None),
        ("what's the latest on the deal", None),
        ("when was the mining one last updated", Intent.DATE),
        ("one of these says 'last updated' at the top, which date is that", Intent.DATE),
        # a dateline describing the article asked about is not what is asked
        ("who's the author of the tokyo dateline one", Intent.AUTHOR),
        ("which outlet ran the one with the tokyo dateline", Intent.WHICH),
        ("what's the dateline on the tokyo one", Intent.DATELINE),
        # "one" before a noun counts something: it points at no article
        ("the one rare earth mine the us has, whats it called", None),
        ("what is the tokyo one called", Intent.TITLE),
        ("the one with the emojis, what's it called", Intent.TITLE),
    ],
)
def test_metadata_intents(question: str, expected: Intent | None) -> None:
    assert intent(question) == expected


def test_outlet_questions_and_the_words_that_pick_an_article() -> None:
    assert asks_outlet("Which site ran the rare earths story?")
    assert asks_outlet("name of the law firm that put one of these out?")
    assert not asks_outlet("Which articles mention lithium?")
    assert rest_terms("Which site ran the rare earths story?") == ["rare", "earth"]
    assert rest_terms("Who wrote the law firm's article?") == []  # "law firm" says what kind
    assert rest_terms("when did the law firm put theirs out") == []  # "put out": published
    # a kind of article names no content: "the explainer" is no word a passage must have
    assert rest_terms("who wrote the explainer") == []
    assert rest_terms("whats the headline on the law firm's writeup") == []  # a write-up is an article


def test_rank_sources_by_description_name_and_content() -> None:
    described = rank_sources("Who wrote the law firm's article?", SOURCES, {}, {})
    assert described[0].source == LAW_FIRM and described[0].score > described[1].score
    named = rank_sources("Who wrote the piece in Clash Report?", SOURCES, {}, {})
    assert named[0].source == CLASH
    by_author = rank_sources("what else did chaney a. finn write", SOURCES, {}, {})
    assert by_author[0].source == LAW_FIRM
    # nothing named: the content match decides
    covered = rank_sources("Who wrote the story about the blog deals?", SOURCES, {"000": 0.1, "001": 0.6}, {})
    assert covered[0].source == CLASH
    # a description found in the article's text (its sign-off) counts too
    texts = {"000": "… Contact our attorneys for advice."}
    assert rank_sources("which law firm wrote about it", [BLOG, CLASH], {}, texts)[0].source == BLOG


def test_an_article_picked_by_what_it_mentions_is_not_picked_by_a_title_sharing_the_word() -> None:
    reactors = Source("d17", "Consortium takes stake in small modular reactor project", "Atomic Review")
    # the law firm's text mentions AP1000 reactors (its best passage scores 0.6); the other's
    # headline says "reactor" and its passages match less
    content = {"004": 0.6, "d17": 0.3}
    question = "who wrote the article that mentions the ap1000 reactors"
    assert rank_sources(question, [reactors, LAW_FIRM], content, {})[0].source == LAW_FIRM
    # named by its headline, it is that one
    assert rank_sources("who wrote the small modular reactor project article", [reactors, LAW_FIRM], content, {})[0].source == reactors


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("when was the article that says 'today, tuesday' published", ["today tuesday"]),
        ("the “golden era” piece?", ["golden era"]),
        ('which outlet ran "Rare Earths Supply Deal"', ["rare earths supply deal"]),
        ("what's the one that doesn't name a writer", []),  # apostrophes are no quotes
    ],
)
def test_quoted_phrases(question: str, phrases: list[str]) -> None:
    assert quoted_phrases(question) == phrases


def test_an_article_is_picked_by_words_of_its_text_the_question_quotes() -> None:
    texts = {"000": "Officials met on Tuesday; today the talks end.", "001": "TOKYO – today, Tuesday, they signed."}
    question = "when was the article that says 'today, tuesday' published"
    # the content match favours the other article; the quoted words decide
    assert rank_sources(question, [BLOG, CLASH], {"000": 0.9, "001": 0.2}, texts)[0].source == CLASH
    # ... or words of the page around the story ("Last Updated on ..."), not of the story itself
    texts = {"000": "Officials met on Tuesday.", "001": "They signed a deal."}
    pages = {"001": ("Last Updated on October 28, 2025",)}
    question = "when was the 'last updated' article updated lol"
    assert rank_sources(question, [BLOG, CLASH], {"000": 0.9, "001": 0.2}, texts)[0].source == BLOG
    assert rank_sources(question, [BLOG, CLASH], {"000": 0.9, "001": 0.2}, texts, None, pages)[0].source == CLASH
    # a phrase most articles hold points at none of them
    common = {sid: "rare earths everywhere" for sid in ("a", "b", "c", "d")}
    assert quoting(["rare earths"], common) == set()


@pytest.mark.parametrize(
    ("question", "mentions"),
    [
        ("which of the stories talks about jera", True),
        ("which articles mention stockpiles", True),
        ("which one brings up the six month deadline", True),
        ("which site ran the rare earths supply deal story", False),  # a title, described
        ("which outlet published it", False),
    ],
)
def test_asking_which_articles_say_something(question: str, mentions: bool) -> None:
    assert asks_mention(question) is mentions


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("when was the golden era article last updated", ["golden era"]),
        ("who ran the rare earths supply deal story", ["rare earths supply deal"]),
        ("the JERA piece, who wrote it", ["jera"]),  # one rare word describes
        ("what does that tokyo one say", []),  # one everyday word does not
        ("when did the law firm post come out", []),  # kinds of document are no description
        ("title of the emoji blog post", []),
        # described after the noun, up to the clause's end
        ("i need to cite the one about AP1000 reactors for homework, who's the author", ["ap1000 reactors"]),
        ("who wrote the piece on the price floor?", ["price floor"]),
        ("when was the article about the price floor published", ["price floor"]),  # up to the verb
        ("the one about the deal, who wrote it", []),
    ],
)
def test_described_phrases(question: str, phrases: list[str]) -> None:
    assert described_phrases(question) == phrases


def test_an_article_described_by_words_of_its_text_is_the_one_meant() -> None:
    # "golden share" in one title shares a word with "the golden era article"; the article
    # whose text says "golden era" is the one meant, whatever the passages' match says.
    share = Source("d21", 'Nippon Steel completes US Steel takeover, with "golden share"', "Wire", "", "2025-06-19")
    texts = {"003": "… the start of a “new golden era” …", "d21": "a golden share for Washington"}
    question = "when was the golden era article last updated"
    era = Source("003", "U.S.–Japan trade agreement on mining", "", "", "2025-10-28")
    assert rank_sources(question, [era, share], {"003": 0.8, "d21": 1.2}, texts)[0].source == era


def test_the_post_with_the_emojis_is_the_one_written_with_them() -> None:
    other = Source("d23", "Takaichi elected prime minister", "Tokyo Business Brief", "", "2025-10-21")
    texts = {"000": "Why it matters 🎯 … share this blog post 🇯🇵", "d23": "the first woman in this post"}
    # both are "blog posts" by their words; only one is written with emojis
    question = "title of the blog post with all the emojis?"
    assert rank_sources(question, [other, BLOG], {"d23": 0.5, "000": 0.3}, texts)[0].source == BLOG


@pytest.mark.parametrize(
    ("furniture", "line"),
    [
        (("Last Updated on October 28, 2025", "Thanks for reading."), "Last Updated on October 28, 2025"),
        (("Updated: 2025-10-29 09:14 JST",), "Updated: 2025-10-29 09:14 JST"),
        (("Updated daily with the latest news",), None),  # no date: no update recorded
        (("Related News", "Lynas Raises $538mn"), None),
    ],
)
def test_the_pages_last_updated_line(furniture: tuple[str, ...], line: str | None) -> None:
    assert updated_line(furniture) == line


@pytest.mark.parametrize(
    ("furniture", "printed"),
    [
        (("TweetOct. 28, 2025", "By:"), "Oct. 28, 2025"),  # run together with a share button's word
        (("October 28, 2025Clash Report",), "October 28, 2025"),
        (("Last Updated on October 28, 2025",), None),  # a change, not the date it came out
        (("Oct. 29, 2025",), None),  # not the card's date: nothing to show for it
        (("Related News", "August 2025"), None),  # no day
    ],
)
def test_the_date_a_page_prints_for_its_article(furniture: tuple[str, ...], printed: str | None) -> None:
    assert printed_date(furniture, "2025-10-28") == printed


def test_a_pages_contact_lines_are_its_lines_saying_whom_to_contact() -> None:
    furniture = (
        "TweetOct. 28, 2025",
        "Should you have any questions about trade agreements do not hesitate to contact any attorney at X LLP.",
        "Related News",
        "Contact lenses market booms as ..." + " more words" * 40,  # a story's length: not the page's line
    )
    assert contact_lines(furniture) == [
        "Should you have any questions about trade agreements do not hesitate to contact any attorney at X LLP."
    ]


def test_an_undated_card_has_no_printed_date_to_show() -> None:
    assert printed_date(("Oct. 28, 2025",), "") is None
    assert printed_date(("Feb. 30, 2025",), "") is None  # no real day: it parses to nothing, as the card's date is


def test_a_section_is_its_heading_and_the_lines_under_it() -> None:
    text = "The deal was signed.\nFAQs\n1. What does it include?\nMining and refining.\n" + "x" * 400
    start, end = section_span(text, ["faq"])
    assert text[start:end] == "FAQs\n1. What does it include?\nMining and refining."
    # a sentence holding the word is no heading; a heading with nothing that fits under it is no section
    assert section_span("Read our faq pages for more.\nMore text.", ["faq"]) is None
    assert section_span("FAQs\n" + "y" * 400, ["faq"]) is None


def test_asking_when_an_article_was_updated() -> None:
    assert asks_updated("when was the golden era article last updated")
    assert not asks_updated("when was the golden era article published")


def test_a_source_card_is_one_line_of_metadata() -> None:
    assert card_text(LAW_FIRM) == (
        "Japan in Critical Minerals Agreement with U.S.; published by Barnes, Richardson & Colburn, "
        "LLP; written by Chaney A. Finn; dated 2025-10-28"
    )
    assert card_text(BLOG) == BLOG.title
    assert has_field(LAW_FIRM, Intent.AUTHOR) and not has_field(CLASH, Intent.AUTHOR)
    assert has_field(BLOG, Intent.TITLE) and not has_field(BLOG, Intent.DATE)


def _many(n: int) -> list[Source]:
    return [
        Source(f"{i:05d}", f"Rare earths deal update number {i}", "Wire Service", "", "2025-10-28")
        for i in range(n)
    ]


def test_a_large_corpus_weighs_only_the_articles_a_metadata_question_could_mean() -> None:
    """12,000 articles cannot all be read for "who wrote the Clash Report piece?": the named
    outlet, the described law firm and the articles matching the content are weighed, a few."""
    many = _many(3000)
    many[1234] = CLASH
    many[2345] = Source("law", "Minerals alert", "Smith & Jones LLP", "A. Lawyer", "2025-10-29")
    cat = catalogue(many)
    named = candidates("who wrote the clash report piece", cat)
    assert CLASH in named and len(named) <= 2 * CANDIDATES
    assert rank_sources("who wrote the clash report piece", named, {}, {})[0].source == CLASH
    described = candidates("who wrote the law firm's article?", cat)
    assert many[2345] in described and len(described) <= 2 * CANDIDATES
    covering = candidates("when was the piece on ships published", cat, ["00042"])
    assert many[42] in covering and len(covering) <= 2 * CANDIDATES


def test_a_small_corpus_weighs_every_article() -> None:
    few = _many(SMALL_CORPUS)
    assert candidates("who wrote it?", catalogue(few)) == few


def test_an_article_pointed_at_as_a_document_and_the_question_without_the_pointing() -> None:
    law = Source("law", "Minerals alert", "Smith & Jones LLP", "A. Lawyer", "2025-10-29")
    cat = catalogue([*_many(5), CLASH, law])
    assert referenced("what does the law firm's piece say about processing?", cat) == (
        (law,),
        "what does the article say about processing?",
    )
    assert referenced("what do the lawyers think about the deal", cat)[0] == (law,)
    assert referenced("which law firm put out the writeup", cat)[0] == (law,)  # the kind asked for
    assert referenced("according to the Clash Report piece, who signed?", cat) == (
        (CLASH,),
        "according to the article piece, who signed?",
    )
    assert referenced("what does the EU law say about stockpiles?", cat) == ((), "what does the EU law say about stockpiles?")
    assert referenced("what does the blog say?", cat)[0] == ()  # no article is a blog here
    emojis = Source("emo", "Deals 🇺🇸🇯🇵", "")
    pictured = catalogue([*_many(5), CLASH, emojis], tail=lambda sid: "🔓 done ✅" if sid == "emo" else "plain text")
    assert referenced("what site is the emoji post from", pictured)[0] == (emojis,)
    assert referenced("what site is the emoji post from", cat)[0] == ()  # no page here has them
    assert referenced("whats the title of that post with all the flag emojis", pictured)[0] == (emojis,)
    assert referenced("who wrote the one w/ the emojis", pictured)[0] == (emojis,)
    # a parenthesis names the article as well as a determiner does
    assert referenced("which industries need them? (emoji post)", pictured) == ((emojis,), "which industries need them? the article")
    # "the blog w the emojis" is the page with them, the whole description taken out
    assert referenced("key pts according to the blog w the emojis", pictured) == ((emojis,), "key pts according to the article")
    # "Wire Service" runs five articles: naming it points at none in particular
    assert referenced("what did wire service say about tariffs", cat)[0] == ()
    times = Source("times", "Deal signed", "The Times")
    papers = catalogue([times, CLASH])
    assert referenced("what did the times report about tariffs?", papers)[0] == (times,)
    assert referenced("were tariffs cut at the times of the talks?", papers)[0] == ()  # no cue


def test_names_are_recognised_as_members_shorten_them() -> None:
    """A firm is called by its first two partners, a person without the middle initial; a
    descriptive outlet name is never cut down to words questions use about everything."""
    assert ("barnes", "richardson") in name_forms("Barnes, Richardson & Colburn, LLP")
    assert ("chaney", "finn") in name_forms("Chaney A. Finn")
    assert ("critical", "materials") not in name_forms("Critical Materials Weekly")
    assert all(len(form) >= 2 for form in name_forms("Smith & Jones LLP"))
    assert name_forms("Reuters") == (("reuters",),)
    assert ("brc",) in name_forms("Barnes, Richardson & Colburn, LLP")  # three words: initials too


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Barnes, Richardson & Colburn, LLP", "brc"),
        ("The New York Times", "nyt"),
        ("Critical Materials Weekly", "cmw"),
        ("Clash Report", ""),  # two words: "cr" would point at too much
        ("Cats And Trees", ""),  # two words once "and" is left out
        ("Cooperative Asian Times", ""),  # "cat" is a word
        ("Trade Business Herald", ""),  # "tbh" is chat filler
    ],
)
def test_a_long_name_by_its_initials_unless_they_spell_a_word(name: str, short: str) -> None:
    assert initials(name) == short


def test_an_article_pointed_at_by_its_outlets_initials() -> None:
    firm = Source("firm", "Minerals alert", "Barnes, Richardson & Colburn, LLP", "Chaney A. Finn", "2025-10-28")
    cat = catalogue([*_many(3), firm])
    assert referenced("what does the BRC post say about stockpiles", cat) == (
        (firm,),
        "what does the article post say about stockpiles",
    )
    assert rank_sources("who wrote the BRC article", [*_many(3), firm], {}, {})[0].source == firm


def test_an_article_pointed_at_by_a_shortened_name_or_a_described_blog() -> None:
    firm = Source("firm", "Minerals alert", "Barnes, Richardson & Colburn, LLP", "Chaney A. Finn", "2025-10-28")
    blog = Source("blog", "Deals explained", "", "", "", "")
    weekly = Source("weekly", "Magnets", "Critical Materials Weekly")
    cat = catalogue([*_many(3), firm, weekly], tail=lambda sid: "A blog post." if sid == "blog" else "")
    assert referenced("what date is on the barnes richardson post", cat) == (
        (firm,),
        "what date is on the article post",
    )
    assert referenced("did chaney finn say anything about tariffs", cat)[0] == (firm,)
    # "the critical materials": a phrase of the story, not the outlet that has it in its name
    assert referenced("what are the critical materials in the deal", cat)[0] == ()
    blogs = catalogue([blog, firm], tail=lambda sid: "Posted on our blog." if sid == "blog" else "")
    assert referenced("does the emoji blog post cite anyone", blogs) == ((blog,), "does the article cite anyone")
    # "the trade law article": the law firm's, not an article about a law
    assert referenced("who does the trade law article say to contact", cat)[0] == (firm,)
    assert referenced("what does the EU law say", cat)[0] == ()


def test_the_section_label_above_the_headline_and_the_dateline_are_found_in_the_text() -> None:
    text = "World News\nPact Signed In Geneva\nGENEVA – Two governments signed a pact on Monday. It is short."
    section = attribution_span(text, "Pact signed in Geneva", Intent.SECTION)
    assert section is not None and text[section[0] : section[1]] == "World News"
    dateline = attribution_span(text, "Pact signed in Geneva", Intent.DATELINE)
    assert dateline is not None
    assert text[dateline[0] : dateline[1]] == "GENEVA – Two governments signed a pact on Monday."
    # a first line that is not above the headline is no section; a sentence is no dateline
    assert attribution_span(text, "Another title", Intent.SECTION) is None
    plain = "Pact Signed In Geneva\nTwo governments signed a pact – at last – on Monday."
    assert attribution_span(plain, "Pact signed in Geneva", Intent.SECTION) is None
    assert attribution_span(plain, "Pact signed in Geneva", Intent.DATELINE) is None
    credited = text + "\nPhoto: AP/Eugene Hoshiko\nMore text follows here."
    credit = attribution_span(credited, "x", Intent.CREDIT)
    assert credit is not None and credited[credit[0] : credit[1]] == "Photo: AP/Eugene Hoshiko"
    assert attribution_span(text, "x", Intent.CREDIT) is None
    # a dateline whose first sentence runs past a quote's length: the place alone
    long = "TOKYO (Reuters) – " + "word " * 200 + "end."
    place = attribution_span(long, "x", Intent.DATELINE)
    assert place is not None and long[place[0] : place[1]] == "TOKYO (Reuters) –"


@pytest.mark.parametrize(
    ("question", "described"),
    [
        ("who published the golden era article", True),
        ("which site is that tokyo one from", True),
        ("which outlet is the emoji blog from", True),
        ("which outlet reported the JERA deal", False),
        ("who reported that china processes 90 percent", False),
    ],
)
def test_an_article_described_by_its_content_is_told_from_a_claim(question: str, described: bool) -> None:
    assert describes_article(question) is described


@pytest.mark.parametrize(
    ("question", "summary"),
    [
        ("so whats the tldr", True),
        ("eli5 the deal pls", True),
        ("ok so what is this deal even about", True),
        ("the agreement in a nutshell?", True),
        ("whats in the agreement in a nutshell", False),  # its key elements (`lexicon.IDIOMS`)
        ("why are rare earth elements important, short version", False),  # one fact, briefly
        ("give me a summary of the lng part", False),
        ("what is the deal about tariffs", False),
        ("main points?", True),
        ("give me the highlights", True),
        ("what are the key points of the deal", False),  # the article's list of key elements answers
        ("key takeaways on the lng part", False),
        # the deal itself, asked by what was agreed or what it does
        ("so what's the deal actually about lol", True),
        ("so what did both sides agree to", True),
        ("what did they actually sign on?", True),
        ("so what does this thing actually do", True),
        ("what did they agree on tariffs", False),  # one part of it
        ("what does the deal do for lng", False),
    ],
)
def test_a_request_for_the_story_in_short(question: str, summary: bool) -> None:
    vocab = Vocabulary.of({"rare": 2, "earth": 2, "elements": 1, "lng": 1, "tariffs": 1, "deal": 3})
    assert analyse(question, vocab).summary is summary


@pytest.mark.parametrize(
    ("question", "written"),
    [
        ("whats the 550bn for", "whats the 550 billion for"),
        ("is it 5.5m tons", "is it 5.5 million tons"),
        ("the 2 pct thing", "the 2 percent thing"),
        ("what happened on oct 28", "what happened on October 28"),
        ("what happened on 10/28", "what happened on October 28"),
        ("signed 28/10/2025?", "signed October 28, 2025?"),
        ("how many tonnes of lithium", "how many tonnes of lithium"),  # articles write both
        ("1/2 of it, 24/7", "1/2 of it, 24/7"),  # no date without a year or "on"
        ("the m&a part", "the m&a part"),
        ("a throwback to the 80s?", "a throwback to the 1980s?"),
        ("like the mid-'90s or the seventies", "like the mid-1990s or the 1970s"),
        ("a '70s thing", "a 1970s thing"),
        ("they sold 50s of them, top 40s hits", "they sold 50s of them, top 40s hits"),  # no decade
        ("that old 80s deal", "that old 1980s deal"),
        ("people in their 80s, $80s", "people in their 80s, $80s"),  # an age and an amount
        # a day of the month as an ordinal
        ("was it signed on the 28th or 29th", "was it signed on the 28 or 29"),
        ("signed oct 28th?", "signed October 28?"),
        ("the 28th of october right", "the October 28 right"),
        ("in the 21st century, the 2nd largest", "in the 21st century, the 2nd largest"),  # no days
    ],
)
def test_amounts_dates_and_units_are_written_as_articles_write_them(question: str, written: str) -> None:
    assert written_out(question) == written


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("could beijing hit back over this", "could beijing retaliate over this"),
        ("is beijing gonna clap back or what", "is beijing gonna retaliate or what"),  # slang
        ("are others getting roped in", "are others getting involved"),
        ("any plan to cut the red tape?", "any plan to deregulate and streamline?"),
        ("slashing red tape for new mines", "deregulate and streamline for new mines"),
        ("how much red tape is there", "how much regulations, permitting and bureaucracy is there"),
        # to do something about red tape is to cut it
        ("what are they gonna do about all the red tape", "what are they gonna deregulate and streamline"),
        # an office held, in other words
        ("how long had she been in the job when she signed it", "how long had she been in office when she signed it"),
        ("how fresh was takaichi in the PM chair", "how fresh was takaichi in office"),
        ("is japan doing a good job on this", "is japan doing a good job on this"),  # no office
        ("who actually put their names on it?", "who actually signed it?"),
        ("does congress have to sign off on it", "does congress have to approve it"),
        ("Is it a Game-Changer", "Is it a major change"),
        # the words alone are no idiom: "red" and "back" keep their meaning
        ("is the red line about tape measures", "is the red line about tape measures"),
        ("did he fly back to tokyo", "did he fly back to tokyo"),
        ("will japan pull out of the deal", "will japan withdraw from the deal"),
        ("can you pull out the key numbers", "can you pull out the key numbers"),  # a request
        ("can japan pull metals back out of old phones", "can japan pull metals back out of old phones"),
        ("is australia on board", "is australia participating"),
        ("who was on board the carrier", "who was on board the carrier"),  # aboard
        ("what did they actually put pen to paper on", "what did they actually sign on"),
        ("where was trump off to after japan", "where was trump travel to after japan"),
        ("where's he heading to next", "where's he travel to next"),
        ("wait where's he headed after tokyo", "wait where's he travel to after tokyo"),
        ("they're off to a good start", "they're off to a good start"),  # no journey
        ("so what happens next w the us china thing", "so what is planned upcoming expected timeline w the us china thing"),
        ("what's next after this", "what is planned upcoming expected timeline after this"),
        ("are the next-generation reactors in it", "are the next-generation reactors in it"),  # a kind of reactor
        ("will this fix the supply problem overnight", "will this fix the supply problem immediately"),
        ("does it kick in right away tho", "does it take effect immediately tho"),
        ("whats the catch", "whats the open questions and caveats"),
        ("so whats actually in it", "so what are the key elements of the deal"),
        ("was it a win for her? she just got the job", "was it a success for her? she assumed office recently"),
        ("she's new on the job", "she's assumed office recently"),
        ("whats still unclear about it tho", "what are the open questions and caveats about it tho"),
        ("what don't we know yet", "what are the open questions and caveats"),
        ("what do we know so far", "what do we know so far"),  # what is known
        ("what's in the thing they signed?", "what are the key elements of the deal?"),
        ("whats in it for japan", "whats in it for japan"),  # what japan gains
        ("whats in that comparison table", "whats in that comparison table"),  # the table's, not the deal's
        ("what's in this chart exactly", "what's in this chart exactly"),
        ("ok and what does it mean for china", "ok and what does it affect china"),
        ("what this means for jobs", "what this affect jobs"),
        ("is the fund a means for financing mines", "is the fund a means for financing mines"),  # a noun
        ("can japan catch up with china", "can japan catch up with china"),  # no drawback
        ("is japan selling nuke plants abroad again", "is japan export nuclear reactors again"),
        ("which us company is selling the LNG to jera", "which us company is selling the LNG to jera"),  # no abroad
        # the aspect is the word before "part" ("part" had matched "multi-part framework")
        ("whats the energy part of the deal", "whats the energy of the deal"),
        # "it" is the story's deal: "the energy side of it" is searched with the deal's word
        ("what about the money side of it", "what about the money of the deal"),
        ("and the energy side of it?", "and the energy of the deal?"),
        ("and the energy side of all of this?", "and the energy of the deal?"),  # "all" between
        ("what's the money side of all that", "what's the money of the deal"),
        ("is it part of the deal", "is it part of the deal"),  # included in it
        ("whats the main part of the deal", "whats the main part of the deal"),
        # other countries joining are what news calls other partners and allies
        ("are other countries gonna get roped in", "are other countries, partners and allies gonna get involved"),
        ("did the other two countries sign", "did the other two countries sign"),  # the two named
        # Japan's parliament, and a majority in it, as news writes them
        ("does she have a majority in the diet", "does she have a majority in the parliament"),
        ("does japan's diet have to ratify it", "does the parliament have to ratify it"),
        ("does takaichi have the numbers at home", "does takaichi have a majority at home"),
        ("is she on a diet", "is she on a diet"),  # food
        # a stash, a backup pile, a shared reserve: a stockpile ("strategic reserves" stays)
        ("are they gonna stash minerals somewhere", "are they gonna stockpile minerals somewhere"),
        ("will they keep a backup pile of this stuff", "will they keep a stockpile of this stuff"),
        ("whats the point of the shared reserve", "whats the point of the joint stockpile"),
        ("what are the eu's strategic reserves", "what are the eu's strategic reserves"),
        # early by a span of time: ahead of schedule
        ("whats the 'two years early' thing about?", "whats the 'two years ahead of schedule' thing about?"),
        ("how much earlier than planned is it", "how much ahead of schedule is it"),
        ("did they sign it early in the morning", "did they sign it early in the morning"),
        # someone described by the department they work at holds its office
        ("who's trump's guy at treasury", "who's trump's treasury secretary"),
        ("the lady from commerce, what did she say", "the commerce secretary, what did she say"),
        ("the guy at the pentagon", "the defense secretary"),
        ("the guy at the palace", "the guy at the palace"),
        # a win is a success; the catches are the open questions and caveats (a catch-up is not)
        ("was it a win for her or nah", "was it a success for her or nah"),
        ("is this a big win for trump", "is this a success for trump"),
        ("what are the catches", "what are the open questions and caveats"),
        ("can japan catch up", "can japan catch up"),
        # money pumped or poured into something is invested in it
        # money tools and money help are the financial tools news names: subsidies and loans
        ("what kind of money help is there", "what kind of financial tools, subsidies and loans is there"),
        ("any new money tools?", "any new financial tools, subsidies and loans?"),
        ("how much money support is there", "how much money support is there"),  # an amount
        ("what financial support is there", "what financial support is there"),  # news's own words
        ("how much is japan pumping into the US", "how much is japan invest in the US"),
        ("are they pouring cash into mines", "are they invest cash in mines"),
        ("what's the big headline number", "what's the total amount"),
        # the chemical elements' chart is not the articles' table
        ("how many are on the periodic table", "how many are on the periodic system"),
        # the aspect asked about, without "of it": "side" had matched "the investment and trade side"
        ("what's in it on the nuclear side", "what are the key elements of the deal on the nuclear"),
        ("how the money side works", "how the money works"),
        ("on the energy front whats new", "on the energy whats new"),
        ("how much will each side put in", "how much will each side put in"),  # a party
        ("who signed for the us side besides trump", "who signed for the us side besides trump"),
        ("any side effects", "any side effects"),
        # why anyone cares is why it matters; eggs in one basket are a single source
        ("why does everyone care so much about this stuff", "why is it important: this stuff"),
        ("why should i care about rare earths", "why is it important: rare earths"),
        ("do they care about japan", "do they care about japan"),  # no "why": asks their stance
        ("so they dont put all their eggs in one basket?", "so they dont depending on a single source instead of diversifying?"),
        ("is the point not putting all your eggs in one basket", "is the point not depending on a single source instead of diversifying"),
        # a slow burn takes long; selling abroad is exporting; carrots dangled are incentives offered
        ("or is it a slow burn", "or is it long term"),
        ("is japan gonna start selling nuclear plants overseas", "is japan gonna start export nuclear reactors"),
        ("who is selling the LNG to jera", "who is selling the LNG to jera"),
        ("selling reactors to other countries", "export reactors"),
        ("are they selling it to the us", "are they selling it to the us"),  # one buyer named: a sale
        ("what carrots are they dangling", "what incentives are they offering"),
        ("carrot cake", "carrot cake"),
        # shopping for something is buying it
        ("has tokyo been shopping for american weapons", "has tokyo been buying american weapons"),
        ("they went shopping around for lng", "they buying lng"),
    ],
)
def test_idioms_are_read_in_plain_words(question: str, plain: str) -> None:
    assert plain_idioms(question) == plain


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("for my econ homework: what tariff % did japan get?", ": what tariff % did japan get?"),
        ("writing an essay on this for class - what year was the refinery", "- what year was the refinery"),
        ("i need to cite the one about reactors for homework, who's the author", "the one about reactors , who's the author"),
        ("did they sign it? checking for homework", "did they sign it?"),
        ("how do volcanoes erupt, bio hw due tmrw", "how do volcanoes erupt,"),
        ("asking for a friend: how much is it", ": how much is it"),
        # what the deal pays for is no schoolwork
        ("how much money for the first project", "how much money for the first project"),
        ("does the deal cite china", "does the deal cite china"),
        # nothing else asked: kept as written
        ("for my essay", "for my essay"),
        # how the asker came to ask, before the question
        ("ok so i was reading about it on my lunch break and i'm wondering, are they keeping reserves",
         "are they keeping reserves"),
        ("i was wondering if the deal covers nuclear", "the deal covers nuclear"),
        ("what are people wondering about the deal", "what are people wondering about the deal"),
        ("i am wondering", "i am wondering"),
    ],
)
def test_why_the_asker_asks_is_not_read(question: str, read: str) -> None:
    assert without_purpose(question) == read


def test_the_words_of_a_contingency_weigh_less_than_what_is_asked() -> None:
    # "in case beijing cuts them off" says why; the stockpile is what is asked about
    vocab = Vocabulary.of({"stockpile": 2, "beijing": 2, "cut": 1, "minerals": 3})
    query = analyse("will they keep a stockpile of minerals in case beijing cuts them off", vocab)
    weight = dict(zip(query.terms, query.weights, strict=True))
    assert weight["stockpil"] == 1.0 and weight["beij"] == 0.5
    plain = analyse("did beijing cut them off", vocab)
    assert dict(zip(plain.terms, plain.weights, strict=True))["beij"] == 1.0


def test_a_contingency_names_no_row_of_the_table() -> None:
    # "in case beijing cuts them off" is not about China, the country a capital stands for
    vocab = Vocabulary.of({"stockpile": 2, "beijing": 2, "china": 4, "cut": 1})
    query = analyse("will they keep a stockpile in case beijing cuts them off", vocab)
    assert {"beij", "china"} <= query.contingent and "stockpil" not in query.contingent
    assert not analyse("what is beijing's strategy in the table", vocab).contingent


def test_a_nickname_is_searched_as_what_something_is_called() -> None:
    vocab = Vocabulary.of({"called": 2, "minerals": 3})
    query = analyse("whats the catchy nickname for these minerals", vocab)
    assert dict(zip(query.terms, query.weights, strict=True))["call"] == 0.5
    assert query.unknown == ("catchy",)  # it stands for a word the corpus has, as aliases do


def test_an_idiom_is_searched_by_its_plain_words() -> None:
    vocab = Vocabulary.of({"retaliation": 1, "retaliate": 1, "beijing": 2})
    query = analyse("could beijing hit back?", vocab)
    assert "retali" in query.terms and "hit" not in query.terms
    assert query.text == "could beijing hit back?"  # the member's words are kept for display


def test_british_and_american_spellings_are_one_word() -> None:
    assert spelling_variants("defence") == ["defense"]
    assert spelling_variants("realised") == ["realized"] and spelling_variants("labor") == ["labour"]
    assert spelling_variants("sense") == [] and spelling_variants("hour") == []
    query = analyse("how much defence spending", Vocabulary.of({"defense": 2, "spending": 2}))
    assert "defens" in query.terms and query.weights[query.terms.index("defens")] == 1.0
    assert "defence" not in query.unknown  # the corpus has the word, spelt the other way


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("how did the trump xi meeting go", True),
        ("what did they end up agreeing to in seoul", True),
        ("howd the summit go lol", True),
        ("what came out of the talks", True),
        ("so what actually came out of the meeting in korea", True),  # an adverb between
        ("did the signing happen before or after the xi thing", False),  # when, not how it went
        ("what did they agree to", False),
        ("so what did trump and xi actually agree on when they met", True),
        ("what did they decide at the summit", True),
        ("so what happened when trump met xi", True),
        ("what happens when the six months are up", False),  # what is planned, not what came of it
        # what followed a meeting, asked in the past
        ("so did beijing back off the curbs after trump n xi met, or nah", True),
        ("did china ease up after the summit", True),
        ("did china actually ease its rules after trump sat down with xi", True),  # "met" in other words
        ("has tokyo said anything since the two leaders spoke", True),
        ("did china back off after trump meet with xi", True),  # "sat down with", as idioms are read
        ("did xi agree to ease the curbs when he met trump", True),
        ("did they agree to set up a stockpile", False),  # the deal, not a meeting's outcome
        ("was it signed before or after trump sat down w xi", False),  # when, not what followed
        ("where will trump go after the summit", False),  # a plan
    ],
)
def test_a_question_about_how_an_event_turned_out(question: str, outcome: bool) -> None:
    assert asks_outcome(question) is outcome


@pytest.mark.parametrize(
    ("question", "after"),
    [
        ("has china actually hit back at this yet?", True),
        ("did china end up punishing japan for anything after this", True),
        ("how much of the 550bn has japan actually put in so far", True),
        ("have trump and takaichi talked since? heard there was a call", True),
        ("has china retaliated since, like real measures", True),
        ("where's trump off to after this", False),  # the plan the story gives
        ("what tariff rate did japan end up with from the july deal", False),  # maybe before it
        ("will japan be exempt since it signed this", False),  # "since": because
        ("is the cash actually being delivered yet", False),  # how things stand, as the story says
        ("did beijing actually hit japan with anything a few weeks after the tokyo deal?", True),  # a span later
        ("did china react days after the signing", True),
        ("where did trump go after the signing", False),  # no span: the story's own plan
    ],
)
def test_a_question_about_what_happened_since_the_story(question: str, after: bool) -> None:
    assert asks_after_story(question) is after


@pytest.mark.parametrize(
    ("question", "occasion"),
    [
        ("what did trump say in his speech on the carrier at yokosuka", ("speech", "carrier", "yokosuka")),
        ("what did takaichi say about taiwan during the summit", ("summit",)),
        ("what did trump and xi talk about at their meeting", ("meet",)),
        ("what did trump say about japan", ()),  # what about, not where
        ("what is in the deal on the stockpile", ()),  # nobody says anything
    ],
)
def test_words_said_at_an_occasion(question: str, occasion: tuple[str, ...]) -> None:
    assert occasion_terms(question) == occasion


def test_the_initialisms_of_an_articles_capitalised_phrases() -> None:
    text = (
        "It continues the Indo-Pacific Economic Framework for Prosperity. They backed a Free & Open "
        "Indo-Pacific vision. The Critical Raw Materials Act (2023) applies."
    )
    found = initialisms(text)
    assert found["ipef"] == "Indo Pacific Economic Framework"  # hyphenated words count apart
    assert found["foip"] == "Free Open Indo Pacific"  # "&" left out
    assert found["crma"] == "Critical Raw Materials Act"  # the sentence's "The" is no part
    assert "itc" not in found and "tb" not in found  # lower-case words end a phrase
    assert initialisms("Under the Indo-Pacific Economic Framework, trade grew.")["ipef"] == "Indo Pacific Economic Framework"


def test_a_noun_an_article_defines_by_an_initialism_is_found_by_its_head() -> None:
    text = (
        "Japan buys liquefied natural gas (LNG) and backs small modular reactors (SMRs). They signed "
        "a memorandum of understanding (MOU). The talks (AP) went on; Reuters (RTRS) reported it."
    )
    found = defined_heads(text)
    assert found == {"gas": "LNG", "reactors": "SMR", "memorandum": "MOU"}  # "the talks" are not "AP"
    # "reactors" also means the AP1000s here, so it is no name for "SMRs" alone
    assert defined_heads("It backs AP1000 reactors and small modular reactors (SMRs).") == {}


def test_an_articles_list_of_sources_is_found_as_its_own_lines() -> None:
    text = (
        "Pact Signed\nThe sources said talks went well.\n"
        "Trusted news sources: Reuters, Mining.com\nSources: AP\nSourcing matters."
    )
    found = [text[a:b] for a, b in sources_lines(text)]
    assert found == ["Trusted news sources: Reuters, Mining.com", "Sources: AP"]
    assert sources_lines("The sources: none named here, in a sentence.") == []


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("how many jobs is this deal supposed to create", "job"),
        ("how many working rare earth mines does the US have", "mine"),
        ("How many years will JERA keep importing U.S. LNG?", "year"),
        ("how many tons of rare earths did china refine", "ton"),
        ("how many optical materials projects did they pick", "project"),  # the last noun
        ("how many times had they met before this", "time"),
        ("and for how many yrs", "year"),  # a short form counts what it stands for
        ("how many people were at the signing", "peopl"),
        ("how many articles mention jera", ""),  # about the articles, not a count in them
        ("how many of the minerals are rare earths", ""),
        ("how many?", ""),
        ("how much LNG is it", ""),
        ("how old is takaichi", "old"),  # counted by "the 64-year-old ...", "64 years old"
        ("what age was trump when he first met abe", "old"),
        # an amount converted: the figure asked is one in that currency or unit
        ("550 billion dollars how much is that in yen??", "yen"),
        ("whats that in euros", "euro"),
        ("how big is japan's defence budget this year, in yen", "yen"),
        ("how much did china refine in tonnes", "ton"),
        ("how much is japan investing in rare earths", ""),  # no unit
    ],
)
def test_the_noun_a_how_many_question_counts(question: str, noun: str) -> None:
    assert counted_noun(question) == noun


@pytest.mark.parametrize(
    ("question", "measured"),
    [
        ("how many tonnes of neo magnets does japan go thru a year", ("neo", "magnet")),
        ("how many tons of US LNG is JERA gonna take each year", ("us", "lng")),
        ("china refined how many tons of rare earth in 2024?", ("rare", "earth")),
        ("How many tonnes of lithium hydroxide come from the mine?", ("lithium", "hydroxid", "come")),
        ("how many of them are there", ()),  # no unit
        ("how many mines of the us are running", ()),  # a thing counted, not a unit
    ],
)
def test_what_a_unit_asked_for_measures(question: str, measured: tuple[str, ...]) -> None:
    assert measured_terms(question) == measured


def test_a_table_or_list_question_counts_rows_not_a_number() -> None:
    vocab = Vocabulary.of({"countries": 2, "table": 1})
    assert analyse("how many countries are in the table", vocab).counted == ""
    assert analyse("how many countries signed", vocab).counted == "countri"


@pytest.mark.parametrize(
    ("question", "advice"),
    [
        ("How do I get a visa to visit Japan?", True),
        ("where can i buy rare earth magnets for a school project", True),
        ("recommend me an anime pls", True),
        ("how can i make a magnet at home", True),
        ("best neodymium magnets for a diy knife strip?", True),  # a pick for the asker's use
        ("should i buy rare earth stocks now", True),
        ("What's the best way to learn Japanese?", True),
        ("anyone got a good japanese curry recipe", True),
        # somewhere for the asker to eat or stay, not a place in the news
        ("anyone got a good ramen spot near shinjuku station? going to tokyo next month", True),
        ("any good places to eat near akasaka palace", True),
        ("is japan a good place to invest in rare earths", False),
        ("is gold a good investment rn or did i miss the boat", True),  # a purchase for the asker
        ("is the new phone worth buying yet", True),
        ("was the 550bn a good deal for japan", False),
        ("is a rail pass worth it for a week", True),
        ("is it worth learning go this year", True),
        ("anyone tried the new racing game, is it worth it", True),
        ("how much were the tariffs worth", False),  # an amount
        ("What's a good Korean drama to watch?", True),
        ("whats a good app to learn japanese", True),
        ("is it a good deal for japan to sign", False),
        ("what's the best part of the deal for japan", False),
        ("how do i know if this deal will actually work", False),  # about the story
        ("where can i read the full agreement", False),
        ("how can we tell the money actually arrives", False),
        ("how do they plan to pay for it", False),
        ("what does the law firm recommend", False),
        # a pick asked of the channel, by place or price; a translation for the asker
        ("recommend a good sci-fi book about mining asteroids", True),
        ("can someone recommend a python library for scraping", True),
        ("did they recommend a joint stockpile", False),  # a view reported
        ("best ramen spot near shibuya? going to tokyo next month", True),
        ("whats a decent mechanical keyboard under 80 bucks", True),
        ("is the best part of the deal under $550 billion", False),
        ("translate 'good morning' to japanese pls", True),
        ("which areas did they translate into projects", False),
        ("how do you say good morning in japanese", True),
        ("how do you say the deal went, well or badly", False),  # no language asked
    ],
)
def test_a_question_asking_advice_for_the_asker(question: str, advice: bool) -> None:
    assert asks_advice(question) is advice
    assert analyse(question, Vocabulary.of({"deal": 1})).advice is advice


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("whats the capital of australia again", ("capit",)),
        ("What's the national animal of Australia?", ("nation", "anim")),
        ("What's the tallest building in Japan?", ("tallest",)),
        ("how much capital is japan putting in", ()),  # money, not a seat of government
        ("what's the population of the us rare earth workforce", ("popul",)),
    ],
)
def test_an_encyclopedia_fact_asked(question: str, terms: tuple[str, ...]) -> None:
    assert fact_terms(question) == terms


def test_words_written_with_a_capital_after_the_first() -> None:
    assert written_capitalised("is MP Materials part of this at all") == {"mp", "materials"}
    assert written_capitalised("Is it part of the deal, I wonder") == set()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which louisiana LNG terminal are japanese buyers signing with", "termin"),
        ("which US small modular reactor project are japanese firms buying into", "project"),
        ("which japanese shipyards are in on this", "shipyard"),
        ("which kinds of projects are they prioritizing", ""),  # no place's facility
        ("which us state gets the plant", ""),  # a state asked for
        ("which japanese company buys the gas", ""),  # a firm is named without its kind
    ],
)
def test_a_places_facility_asked_for_by_name(question: str, kind: str) -> None:
    assert kind_named(question) == kind


@pytest.mark.parametrize(
    ("question", "price"),
    [
        ("what's dysprosium going for per kilo right now", True),
        ("What is the price of neodymium oxide at the moment?", True),
        ("what price floor did the pentagon guarantee MP materials", True),
        ("what is the alaska project supposed to cost", False),  # a total
        ("how many days of supply is that senate reserve bill going for", False),  # aiming for
        ("which outlet reported the pentagon guaranteeing a minimum price for rare earths", False),
    ],
)
def test_a_price_per_unit_asked(question: str, price: bool) -> None:
    assert asks_price(question) is price


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("a ten-year price floor of $110 per kilogram for NdPr oxide", True),
        ("Nickel has traded near $15,000 a tonne for much of the past year", True),
        ("Pentagon becomes MP Materials' largest shareholder, guarantees $110 price floor for rare earths", True),
        ("a $5 billion federal reserve that would buy rare earths when prices fall", False),
        # a sum paid for a stake in a mine is no price of what it digs
        ("JOGMEC will invest $90 million for a 15% stake and the right to buy 30% of its dysprosium", False),
    ],
)
def test_a_price_per_unit_is_found_in_a_passage(text: str, stated: bool) -> None:
    assert states_price(text) is stated


NAMES_VOCAB = Vocabulary.of({"abe's": 1, "shinzo": 1, "ceo": 2, "takaichi": 3, "reserve": 1, "japan": 4})


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Who is the CEO of Toyota?", ("toyota",)),
        ("who painted the Mona Lisa", ("mona lisa",)),
        ("Toyota is in it?", ()),  # a sentence's first word says nothing by its capital (its place
        # as the subject does: `subject_names`)
        ("ok. Toyota then?", ()),
        ("WHO IS THE CEO OF TOYOTA", ()),  # shouting
        ("Who Is The Ceo Of Toyota", ()),  # Title Case
        ("what date is on the BRC post", ()),  # a short form of a known name
        ("is JBIC or the EXIM bank paying", ("jbic", "exim")),  # a longer one names a body
        ("what did Takaichi say about Shinzo Abbe", ()),  # one edit from the corpus's "abe's"
        ("who is the ceo of toyota", ()),  # no capital, no claim to be a name
        ("what did the Daily Show say", ()),  # everyday English: left to the model
        # an initialism spelled out as the articles' phrase (`Searcher.spell_out`) names nothing
        # they lack, and the phrase's capitals are not the member's Title Case
        ("when did IPEF (Indo Pacific Economic Framework) actually kick in?", ()),
        ("when did JPEF (Japan Pacific Economic Framework) pay the CEO of Toyota?", ("toyota",)),
    ],
)
def test_names_the_question_capitalises_that_no_article_mentions(question: str, names: tuple[str, ...]) -> None:
    query = analyse(question, NAMES_VOCAB)
    assert unknown_names(question, set(query.unknown), NAMES_VOCAB) == names
    assert set(names) <= set(query.unknown_names)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("is jbic or the dfc handling the financing", ("jbic", "dfc")),  # lower case, offered as the choice
        ("who makes the reactors, is it westinghouse?", ("westinghouse",)),
        ("is it takaichi or toyota", ()),  # one offered answer the corpus has
        ("is it legit or just vibes", ()),  # everyday words offer nothing to look up
        ("a nickname like food supplements or smth?", ()),  # a vague tail
    ],
)
def test_answers_the_question_offers_that_no_article_mentions(question: str, names: tuple[str, ...]) -> None:
    query = analyse(question, NAMES_VOCAB)
    assert offered_names(question, set(query.unknown), NAMES_VOCAB) == names
    assert set(names) <= {n.casefold() for n in query.unknown_names}


def test_names_offered_as_the_answer_are_guesses_known_or_not() -> None:
    # a quote naming the asker's guesses is not thereby about the question's subject
    assert offered_terms("is JBIC or the EXIM bank putting up the money?") == {"jbic", "exim"}
    assert offered_terms("who else signed for the US, like was bessent or lutnick there too") == {"bessent", "lutnick"}
    assert offered_terms("what does the deal cover") == frozenset()


@pytest.mark.parametrize(
    ("question", "guesses"),
    [
        # a run of one- or two-word guesses, each asked on its own
        ("which us agencies r funding it, dfc? exim?", {"dfc", "exim"}),
        ("which US agency is handling the financing, DFC? EXIM? and on the japanese side is it JBIC?", {"dfc", "exim", "jbic"}),
        # kinds of thing in everyday words are no names ("mines", "factories")
        ("what sorts of projects are they going after first, mines? factories? something else?", set()),
        # one question after another is no run of guesses, nor chat words
        ("when did they sign it? was it oct 28?", set()),
        ("wait what? why?", set()),
        ("who wrote it? the law firm?", set()),
    ],
)
def test_a_run_of_guesses_offers_each(question: str, guesses: set[str]) -> None:
    assert offered_terms(question) == guesses


def test_an_initialism_spelled_out_as_the_articles_phrase_is_no_name_they_lack() -> None:
    # "did they bring up IPEF at all" was declined as asking whether a name no article has came up
    vocab = Vocabulary.of({"indo": 2, "pacific": 2, "economic": 2, "framework": 3, "japan": 4})
    spelled = analyse("did they bring up IPEF (Indo Pacific Economic Framework) at all", vocab)
    assert "ipef" not in spelled.unknown_names
    assert "ipef" in analyse("did they bring up IPEF at all", vocab).unknown_names  # not spelled out: unknown


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("did the nippon steel / us steel thing come up at all", ("nippon",)),
        ("was westinghouse mentioned anywhere", ("westinghouse",)),
        ("anything in there about sojitz", ("sojitz",)),
        ("is nippon steel part of it", ()),  # asks no more than whether it is part: left to the model
        ("did they talk about atomic power", ()),  # everyday English: a word the articles put otherwise
        ("takaichi brought up shinzo abbe? why", ()),  # one edit from everyday "abe": a misspelt name
    ],
)
def test_a_name_no_article_has_in_a_question_whether_it_came_up(question: str, names: tuple[str, ...]) -> None:
    vocab = Vocabulary.of({"japan": 4, "steel": 2, "takaichi": 2, "shinzo": 1, "power": 1, "part": 1})
    query = analyse(question, vocab)
    assert unmentioned_names(question, set(query.unknown), vocab) == names
    assert set(names) <= set(query.unknown_names)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("is japan gonna mine the mud near minamitorishima", ("minamitorishima",)),  # English lacks it
        ("are sojitz in on it", ("sojitz",)),
        ("hw mcuh is japn investin in the us", ()),  # one edit from everyday "investing"
        ("is the mineralz part in it", ()),  # one edit from the corpus's "minerals"
        ("is nippon steel part of it", ()),  # English knows "nippon": left to the model
        ("is jogmc in it", ()),  # too short to tell from chat
        ("did he meet the emprer too", ()),  # two edits from the corpus's "emperor": misspelt
        ("is the shinbun right", ()),  # English knows it (rarely): left to the model
    ],
)
def test_words_neither_the_articles_nor_english_know_are_names(question: str, names: tuple[str, ...]) -> None:
    vocab = Vocabulary.of({"japan": 4, "minerals": 2, "mine": 1, "part": 1, "emperor": 1})
    query = analyse(question, vocab)
    assert unheard_words(set(query.unknown), vocab) == names
    assert set(names) <= set(query.unknown_names)


def test_a_word_two_edits_from_a_corpus_word_may_be_it_misspelt() -> None:
    vocab = Vocabulary.of({"emperor": 1, "akasaka": 1, "levels": 2})
    assert vocab.near("emprer")
    assert not vocab.near("sojitz") and not vocab.near("lvls")  # far from any, or too short to tell
    assert not vocab.near("akazawa")  # seven letters: `correct`'s to judge, and it keeps the name
    assert vocab.correct("emprer") == "emperor"  # two edits in six letters, but it sounds the same
    # a neighbouring story's own name, with its possessive, is no misspelling of itself
    assert not Vocabulary.of({"sojitz": 1, "sojitz's": 1}).near("sojitz")


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("did toyota make an EV motor that doesnt need rare earth magnets", ("toyota",)),
        ("toyota made a motor w/o magnets?? how does that work", ("toyota",)),
        ("so is lynas getting any money from it", ("lynas",)),
        ("what did bessent say about the deal", ("bessent",)),
        ("did jera sign up for more", ()),  # a name the articles have
        ("did they sign it", ()),  # a pronoun
        ("does anyone know when", ()),  # everyday English
        ("where physically will the stockpiles be kept", ()),  # an adverb, no subject
        ("did takachi sign it", ()),  # a misspelt name the corpus has
        ("is the toyota thing part of it", ()),  # "the": a thing, not who did something
        # after an amount asked for, the clause's subject is who paid it
        ("how much did toyota pay for it", ("toyota",)),
        ("how many magnets did jera sign for", ()),
    ],
)
def test_a_lower_case_name_no_article_has_asked_about_as_the_subject(question: str, names: tuple[str, ...]) -> None:
    vocab = Vocabulary.of({"jera": 2, "sign": 3, "motor": 1, "magnets": 2, "takaichi": 3, "stockpiles": 2, "deal": 5})
    query = analyse(question, vocab)
    assert subject_names(question, set(query.unknown), vocab) == names
    assert set(names) <= set(query.unknown_names)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("does congress have to approve it", ("congress",)),
        ("did the fed cut rates", ("fed",)),
        ("what did the Federal Reserve decide", ("federal reserve",)),  # "reserve" alone is known
        ("what did nato say", ("nato",)),
        ("is the eu mercosur deal ratified yet", ("mercosur",)),  # a trade bloc
        ("did the brics countries respond", ("brics",)),
        ("does the bundestag have to ratify it", ("bundestag",)),
        ("does japan's diet have to ratify it", ("parliament",)),  # read as news writes it
        ("is a keto diet any good", ()),
        ("who fed the reporters this", ()),  # "fed" without "the" is a verb
        ("what did the bank say", ()),  # no institution named
    ],
)
def test_an_institution_is_a_name_whatever_the_casing(question: str, names: tuple[str, ...]) -> None:
    assert analyse(question, NAMES_VOCAB).unknown_names == names


def test_an_institution_the_corpus_mentions_is_no_unknown_name() -> None:
    vocab = Vocabulary.of({"congress": 1, "deal": 2})
    assert analyse("does congress have to approve the deal", vocab).unknown_names == ()
    assert institutions_named(["what", "did", "the", "supreme", "court", "rule"]) == ["supreme court"]


def test_one_edit_reaches_deletions_transpositions_substitutions_and_insertions() -> None:
    edits = one_edit("abbe")
    assert {"abe", "babe", "abbey", "abbr"} <= edits and "abe's" not in edits
    assert "bbae" not in edits and "abbe" not in edits  # two swaps away; itself, no edit at all


def test_a_name_only_a_neighbouring_story_has_is_no_typo_of_itself() -> None:
    # Answered from the main story, a word only neighbouring stories use is read as unknown
    # (`foreign`); the vocabulary still has it, and it must not count as a misspelling of itself.
    vocab = Vocabulary.of({"trump": 3, "signed": 2, "bessent": 1})
    query = analyse("who signed for the us, was bessent there", vocab, foreign=lambda w: w == "bessent")
    assert query.unknown_names == ("bessent",)


def test_a_chemical_element_is_a_name_whatever_the_casing() -> None:
    vocab = Vocabulary.of({"lithium": 2, "deal": 3, "talks": 1})
    assert analyse("is gallium part of the deal", vocab).unknown_names == ("gallium",)
    assert analyse("what is lithium used for", vocab).elements == ("lithium",)
    led = analyse("who will lead the talks", vocab)  # an everyday word first
    assert led.elements == () and led.unknown_names == ()


def test_a_related_links_list_gives_its_headlines_without_their_categories_and_dates() -> None:
    furniture = [
        "October 28, 2025Clash Report",  # a dateline before the list: not a link
        "Related News",
        "Türkiye, Gabon Sign Eight Deals On Strategic Sectors",
        "Africa",
        "August 2025",
        "Lynas Raises $538mn to Expand Rare Earths Supply Chain",
        "Asia-Pasific",
    ]
    assert related_headlines(furniture) == [
        "Türkiye, Gabon Sign Eight Deals On Strategic Sectors",
        "Lynas Raises $538mn to Expand Rare Earths Supply Chain",
    ]
    assert related_headlines(["Share this article on Facebook and X"]) == []  # no list, no links
    assert related_headlines(["Related News", "Sign up for our weekly newsletter"]) == []  # a prompt
    assert related_headlines(["More news", "- China adds five rare earths to its list", "Tags: Lynas, Malaysia, Texas, Pentagon"]) == [
        "China adds five rare earths to its list"
    ]


def test_the_article_whose_page_parts_hold_the_words_asked_about() -> None:
    pages = {  # the terms of each article's headings and furniture
        "faq": tokenize("FAQs"),
        "captcha": tokenize("This site is protected by hCaptcha and its Privacy Policy apply."),
        "plain": tokenize("Why hcaptcha rivals matter"),
    }
    holders: dict[str, set[str]] = {}
    for sid, terms in pages.items():
        for term in terms:
            holders.setdefault(term, set()).add(sid)
    assert page_holder(["faq"], holders) == "faq"
    assert page_holder(["hcaptcha"], holders) is None  # two pages have it: a tie is no answer
    assert page_holder(["hcaptcha", "privaci"], holders) == "captcha"
    assert page_holder(["faq", "lynas", "gabon"], holders) is None  # less than half found
    assert page_holder([], holders) is None


@pytest.mark.parametrize(
    ("question", "region"),
    [
        ("which state gets the first joint rare earth processing plant", True),
        ("From which US states will Japan source LNG?", True),
        ("where is the one mine, like which state is it in", True),
        ("what states are the lng suppliers in", True),
        ("which prefecture is the port in", True),
        ("which EU member states signed on", False),  # countries
        ("what state is the deal in", False),  # its condition
        ("where was it signed", False),
    ],
)
def test_which_state_province_or_prefecture_is_asked(question: str, region: bool) -> None:
    assert asks_region(question) is region


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("which city is the apec summit in this year", True),
        ("apec was in which korean city this year?", True),
        ("what town is the navy base in", True),
        ("wat city did they sign it in", True),
        ("where was the apec summit", False),  # a country answers it
        ("which country hosts apec", False),
    ],
)
def test_which_city_is_asked(question: str, city: bool) -> None:
    assert asks_city(question) is city


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("The signing precedes Trump's planned meeting with China's Xi Jinping in Seoul.", True),
        ("TOKYO – In a significant development today", True),
        ("In Busan, the two leaders met.", True),
        ("They will visit Yokosuka naval base.", True),
        ("In meetings prior to the APEC summit in South Korea", False),  # a country
        ("They will visit the USS George Washington.", False),  # a ship, not the city
        ("washington and tokyo, in lower case", False),  # a name is capitalised
    ],
)
def test_a_city_is_found_in_a_passage(text: str, named: bool) -> None:
    assert names_city(text) is named


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("which rare earths do they actually name", True),
        ("which elements did they list besides neodymium", True),
        ("what minerals are covered", True),
        ("what specific rare earth elements are mentioned", True),
        ("which 7 rare earths did china put controls on in april", True),  # counted, still named
        ("which five minerals are in it", True),
        ("which extra rare earth elements did beijing add to its list", True),  # more of them, named
        ("which new minerals are on the list", True),
        ("what minerals deal did they sign", False),  # the deal, named by its kind
        ("what rare earth strategy is japan following", False),
        ("how much rare earth does china refine", False),
    ],
)
def test_which_elements_is_asked(question: str, wanted: bool) -> None:
    assert asks_elements(question) is wanted
    assert analyse(question, Vocabulary.of({"rare": 2, "earths": 2})).wants_elements is wanted


def test_an_element_the_question_names_itself_is_no_answer() -> None:
    text = "Rare earth elements such as neodymium, dysprosium, and lithium are vital."
    assert names_element(text, "which rare earths do they name")
    assert not names_element("China processes over 90 percent of global rare earths.", "which rare earths do they name")
    assert not names_element("Neodymium magnets power motors.", "which elements besides neodymium")


def test_several_elements_asked_for_are_listed_not_named_once() -> None:
    five = "which 5 rare earths did china add to its control list in october"
    assert not names_element("New Delhi asked IREL to suspend neodymium exports amid Chinese controls.", five)
    assert names_element("Holmium, erbium, thulium, europium and ytterbium are added to the control list.", five)
    # a magnet's material is one thing, not three elements listed
    assert not names_element("Japan consumed 5,500 tonnes of neodymium-iron-boron magnets, half from China.", five)
    # asked for rare earths, gallium and germanium are none
    assert not names_element("Exports of gallium and germanium need licences.", "which rare earths did china restrict")
    assert names_element("Exports of gallium and germanium need licences.", "which elements did china restrict")


@pytest.mark.parametrize(
    ("question", "actors"),
    [
        ("which elements did china add to its control list", {"china"}),
        ("which extra rare earths did beijing put controls on", {"china"}),  # its capital
        ("which elements do china's new export rules cover", {"china"}),
        ("which rare earths does the explainer list", set()),  # the article acts, no country
        ("which minerals are in it", set()),
    ],
)
def test_the_country_choosing_the_elements_asked_for(question: str, actors: set[str]) -> None:
    assert element_actors(question) == actors


def test_elements_chosen_by_a_country_are_named_with_it() -> None:
    question = "which elements did china add to its list"
    uses = "Rare earth elements such as neodymium, dysprosium, and lithium are vital for modern technology."
    assert not names_element_by(uses, question, frozenset({"china"}))  # named, but for their uses
    assert names_element_by(f"{uses} China added holmium to its list.", question, frozenset({"china"}))
    # the country may be named in the sentence before, or by its capital
    assert names_element_by("Beijing moved again. It added holmium and thulium.", question, frozenset({"china"}))
    # ... or in the article's title: an article on China's rules speaks of them throughout
    added = "Five additional elements. Holmium, erbium and thulium are added to the control list."
    assert not names_element_by(added, question, frozenset({"china"}))
    assert names_element_by(added, question, frozenset({"china"}), title="China Expands Rare Earth Export Controls")


def test_a_verb_of_naming_after_do_is_not_searched() -> None:
    vocab = Vocabulary.of({"rare": 2, "earths": 2, "name": 2, "palace": 1, "mention": 1})
    assert "name" not in analyse("which rare earths does the article actually name", vocab).terms
    assert "mention" not in analyse("which rare earths do they mention", vocab).terms
    assert "name" in analyse("what's the name of the palace", vocab).terms  # a noun: what is asked


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("U.S. suppliers in Alaska and Louisiana", True),
        ("a refinery planned in New Mexico", True),
        ("a port in Osaka", True),
        ("Washington and Tokyo signed a rare earths pact", False),  # governments, not a state
        ("the United States and Japan agreed", False),
    ],
)
def test_a_state_province_or_prefecture_is_found_in_a_passage(text: str, named: bool) -> None:
    assert names_region(text) is named


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("how long is the minerals agreement valid for, does it expire", True),
        ("when does the agreement expire", True),
        ("how many years does the framework last before it has to be renewed", True),
        ("How long will the LNG contract last?", True),
        ("how long did the meeting last", True),
        ("how long did the akasaka palace meeting go", True),
        ("how long did trump stay in japan", True),
        ("how long do they have to identify projects", False),  # a deadline
        ("how long has takaichi been pm", False),
        # an agreement's length asked outright
        ("how long r the gas (LNG) contracts", True),
        ("how long is the lng deal for", True),
        ("how long is the deal to pick projects", False),  # a deadline again
        # how long an encounter went on
        ("how long did trump and takaichi actually talk for", True),
        ("how long was the trump takaichi phone call in january", True),
        ("how long did the trump-takaichi sit-down at the palace last?", True),
        ("how long did it take them to call the deal done", False),  # when it was done
    ],
)
def test_how_long_something_holds_is_asked(question: str, term: bool) -> None:
    assert asks_term(question) is term


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("JERA agreed to import 5.5 million tons of U.S. LNG annually for 20 years", True),
        ("a 20-year supply deal", True),
        ("the two-hour meeting at the palace", True),
        ("The talks, which lasted about 30 minutes at a hotel in Gyeongju", True),
        ("Prime Minister Takaichi, in office for just a week, thanked Trump", False),  # no span held
        ("the pact runs until 2030", True),
        # deadlines: when something must be done, not how long anything holds
        ("It sets a six-month timeline to identify joint projects.", False),
        ("Within six months, the U.S. and Japan are expected to announce mechanisms.", False),
    ],
)
def test_a_term_is_found_in_a_passage_and_a_deadline_is_not_one(text: str, stated: bool) -> None:
    assert states_term(text) is stated


@pytest.mark.parametrize(
    ("question", "market"),
    [
        ("did rare earth stocks pop after the signing", True),
        ("how much did MP Materials shares jump", True),
        ("did shares of lynas rise", True),
        ("how did markets react", True),
        ("how much did rare earth prices move after the signing", True),
        ("japan shares concerns with the us?", False),  # a verb
        ("what kinda market do they want for these metals", False),  # the market the deal wants
        ("whats the price of neodymium right now", False),  # a price, asked as an amount
        ("what will happen to rare earth prices", True),
        # a currency's exchange rate
        ("did the yen move after the deal", True),
        ("will the dollar go up", True),
        ("how many dollars will the us put in", False),
        # where prices go
        ("will this make evs cheaper for regular people", True),
        ("is there money behind it, like grants or cheap credit", False),  # cheap credit is a kind of money
        # where a price goes, up or down, or to a new high
        ("is bitcoin going up or down rn", True),
        ("is btc gonna hit a new high this month or nah", True),
        ("is japan hitting the defence target early", False),
        ("how does bitcoin mining actually work", False),
    ],
)
def test_how_a_market_moved_is_asked(question: str, market: bool) -> None:
    assert ("market" in topics_asked(question)) is market


@pytest.mark.parametrize(
    ("question", "ahead"),
    [
        ("when's the next meeting between trump and takaichi", True),
        ("when's the next trump takaichi summit planned for", True),
        ("will they meet again soon", True),
        ("when was the meeting", False),
        ("what happens next", False),  # no meeting asked about
    ],
)
def test_a_meeting_still_to_come_is_asked(question: str, ahead: bool) -> None:
    assert asks_next_meeting(question) is ahead


@pytest.mark.parametrize(
    ("question", "described"),
    [
        ("which japanese mining companies are in on the projects", True),
        ("which us agency is gonna run the stockpile", True),
        ("Which Japanese power company signed on for the gas?", True),
        ("which japanese banks are financing it", True),
        ("which chip makers will benefit", True),
        ("which japanese carmaker had to stop a line", True),  # a maker, written as one word
        ("which agency runs the stockpile", False),  # asked plainly: an organisation, read as such
        ("what does the company do", False),
        ("what kind of company is JERA", False),
    ],
)
def test_an_organisation_asked_for_by_a_description(question: str, described: bool) -> None:
    assert describes_org(question) is described


_JERA = "Utility giant JERA agreed to import 5.5 million tons of U.S. LNG."


@pytest.mark.parametrize(
    ("text", "question", "named"),
    [
        (_JERA, "which japanese company buys the gas", True),
        (_JERA, "which us company sells LNG to jera", False),  # only the one asked about
        ("The government will decide later.", "which agency runs the stockpile", False),
        ("The White House said so.", "which us agency announced it", True),
        ("It sets a six-month timeline to identify joint projects.", "which mining companies got picked", False),
        ("TOKYO – Trump and Takaichi signed it today.", "which company builds the reactors", False),  # a dateline
        # a table's column label, not a firm's name
        ("United States — Key Partners: Japan, Canada, Australia", "which us agencies are funding it", False),
        ("Funding comes from Carlyle Partners.", "which us firms are funding it", True),
    ],
)
def test_an_organisation_answers_only_if_the_question_does_not_name_it(text: str, question: str, named: bool) -> None:
    assert names_new_org(text, question) is named


@pytest.mark.parametrize(
    ("question", "company"),
    [
        ("which company runs the one rare earth mine the US has?", True),
        ("what japanese firm is buying the gas", True),
        ("which chip makers will benefit", True),
        ("which japanese carmaker had to stop a line", True),  # a maker, written as one word
        ("which automakers use the magnets", True),
        ("which refiners got the money", True),
        ("which agency runs the stockpile", False),  # a government body may answer
        ("who signed it", False),
        ("what kind of company is it", False),  # what one is, not which
        ("what does the company do", False),
    ],
)
def test_a_company_asked_for_is_not_a_government_body(question: str, company: bool) -> None:
    assert asks_company(question) is company
    # the White House names an organisation, but no company
    assert names_new_org("The White House stated the plan.", question, company=company) is not company
    assert names_new_org("Utility giant JERA agreed to import LNG.", question, company=company)
    # nor do a bloc of governments and a word that only starts like a firm's suffix
    row = "Japan — Strategy on Critical Minerals: Co-investment and tech innovation; Key Partners: U.S., ASEAN, Australia"
    assert names_new_org(row, question, company=company) is not company


@pytest.mark.parametrize(
    ("question", "agency"),
    [
        ("which japanese agency actually sits on the rare metal stockpile", True),
        ("the stockpiles they keep talking about, which japanese govt agency actually runs those", True),
        ("which us department handles it", True),
        ("which company runs the mine", False),
        ("what does the agency do", False),  # what one does, not which
    ],
)
def test_a_government_body_asked_for_is_no_bloc_of_governments(question: str, agency: bool) -> None:
    assert asks_agency(question) is agency
    row = "Japan — Strategy on Critical Minerals: Co-investment and tech innovation; Key Partners: U.S., ASEAN, Australia"
    # a bloc of governments is no agency of one ("Key Partners: ... ASEAN")
    assert names_new_org(row, question, agency=agency) is not agency
    assert names_new_org("The White House stated the plan.", question, agency=agency)


@pytest.mark.parametrize(
    ("question", "legal"),
    [
        ("is the minerals framework legally binding", True),
        ("what happens if one side doesnt follow thru, r there penalties", True),
        ("what happens if one side breaks the deal", True),
        ("does japan's diet have to ratify it", True),
        ("what happens if they miss the six month deadline", True),
        # a parliament's vote on the deal ("the diet" is read as the parliament first)
        ("does the parliament have to vote on this deal before it counts", True),
        ("will congress approve the minerals pact", True),
        ("how did parliament vote on takaichi", False),  # her election, not the deal
        ("can japan pull this stuff back out of old phones", False),
        ("what does the deal include", False),
    ],
)
def test_an_agreements_legal_force_is_asked(question: str, legal: bool) -> None:
    assert ("legal" in topics_asked(question)) is legal


@pytest.mark.parametrize(
    ("question", "sum_"),
    [
        ("whats 15% of 240", True),
        ("what is 12 x 7?", True),
        ("how much is 550bn / 2", True),
        ("2+2", True),
        # about the articles' numbers, not a sum to work out
        ("whats 15% of the 550 billion for", False),
        ("is the tariff 15% or 25%", False),
        ("what is the 15% tariff on", False),
    ],
)
def test_a_sum_to_work_out_is_asked(question: str, sum_: bool) -> None:
    assert ("arithmetic" in topics_asked(question)) is sum_


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("The memorandum is not legally binding.", True),
        ("The pact must be ratified by parliament.", True),
        ("Both sides agreed to consider establishing a stockpiling arrangement.", False),
    ],
)
def test_a_passage_speaking_of_legal_force(text: str, stated: bool) -> None:
    assert states_topic("legal", text) is stated


def test_a_passage_giving_a_time_of_day() -> None:
    assert states_topic("clock", "They signed the pact at 10:30 a.m. in Tokyo.")
    assert states_topic("clock", "The leaders met on Tuesday morning.")
    assert not states_topic("clock", "On October 28, 2025, they signed a framework.")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("what day did she become prime minister", True),
        ("when was takaichi sworn in", True),
        ("how long has she been in office", True),
        ("when did they sign it", False),
        ("when does the deal become active", False),  # no one taking office
    ],
)
def test_taking_office_is_asked(question: str, asked: bool) -> None:
    assert ("office" in topics_asked(question)) is asked


def test_a_passage_saying_someone_took_office() -> None:
    assert states_topic("office", "Prime Minister Takaichi, in office for just a week, thanked Trump.")
    assert states_topic("office", "She was elected by the Diet on October 21.")
    assert not states_topic("office", "On October 28, 2025, Prime Minister Takaichi signed a framework.")


@pytest.mark.parametrize(
    ("question", "party"),
    [
        ("what party is takaichi from", True),
        ("which party does she belong to", True),
        ("what did japan's opposition parties think of it", True),
        ("which parties signed it", False),  # the signatories
        ("are there other parties to the deal", False),
        ("which party is takaichi's coalition partner", True),
        ("which party did takaichi form her coalition with? i forgot", True),
        ("who's takaichi's coalition partner", True),
        ("who's in takaichi's coalition now, which party", True),
        ("it says her coalition is short of a majority - coalition with which party tho", True),
        ("which party did tack a itchy team up with for her coalition", True),
        ("Is Takaichi's coalition short of a majority in parliament?", False),  # the articles say
    ],
)
def test_a_politicians_party_is_asked(question: str, party: bool) -> None:
    assert ("party" in topics_asked(question)) is party


@pytest.mark.parametrize(
    ("question", "honour"),
    [
        ("did takaichi give trump any gifts during the visit", True),
        ("did she say she'd nominate trump for the nobel peace prize?", True),
        ("what did they present at the signing", False),
        ("what did trump give takaichi as a present", True),
        ("at present, who runs the stockpile", False),
    ],
)
def test_a_gift_or_a_prize_is_asked(question: str, honour: bool) -> None:
    assert ("honour" in topics_asked(question)) is honour


@pytest.mark.parametrize(
    ("question", "topics"),
    [
        ("what did trump eat in tokyo", ("meal",)),
        ("did trump and takaichi play golf while he was there", ("leisure",)),
        ("what time did they sign it", ("clock",)),
        ("whats the time frame for the projects", ()),  # a deadline, not a time of day
        ("what was trump wearing", ("attire",)),
        ("what was the weather like in tokyo that day", ("weather",)),
        ("did it rain at the signing", ("weather",)),
        ("what does the forecast say for rare earth prices", ()),  # a forecast of prices
        ("did trump and takaichi hold a press conference afterwards", ("press",)),
        ("what questions did reporters ask trump and takaichi at the signing", ("press",)),
        ("who's the reporter on the clash report piece", ()),  # the article's writer
        ("is takaichi married", ("family",)),
        ("where was takaichi born", ("origin",)),
        ("what year was akasaka palace built", ("origin",)),
        ("where are the SMRs gonna be built", ()),  # a place ahead, not an origin
        ("what university did takaichi go to", ("schooling",)),
        ("how tall is takaichi", ("height",)),
        ("what's JERA's revenue", ("finances",)),
        ("how far is yokosuka from tokyo", ("distance",)),
        ("how far ahead of schedule is the defense goal", ()),
        ("which japanese minister negotiated the minerals framework", ("negotiation",)),
        ("who proposed the stockpile", ("proposal",)),
        ("how often will they meet", ("frequency",)),
        ("do japanese voters support it", ("opinion",)),
        ("is the deal popular in japan", ("opinion",)),
        ("someone said these minerals got a nickname like food supplements?", ()),  # no meal asked
        ("what does the deal do", ()),
        # the asker's own family, birth and meals are the setting, not what is asked
        ("my kids asked me about this, whats the deal actually about", ()),
        ("explaining this to my wife rn, how much is japan investing", ()),
        ("i was born in japan so im curious, what does japan get out of this deal", ()),
        ("we argued at breakfast about it: how much of the rare earth processing does china control", ()),
        ("what did they talk about at the state dinner", ("meal",)),  # theirs, not the asker's
        ("what did they eat at lunch? i wanna know", ("meal",)),
        ("does takaichi have kids? my daughter wants to know", ("family",)),
        ("will my stocks go up from this", ("market",)),  # the asker's stocks, but still the market
        ("as a voter i wanna know what japan gets from this deal", ()),  # who is asking
        ("i was wearing my japan jersey when i heard lol, who signed it", ()),
        # phrases that only share a topic's word
        ("are they gonna stock up on rare earths", ()),
        ("who profits from this deal", ()),
        ("does japan profit from the deal at all", ()),
        ("how do profits from the 550bn get split between the us and japan", ("finances",)),
        ("will this eat into china's dominance", ()),
        ("how far are they from picking the projects", ()),
        ("how far is yokosuka from tokyo", ("distance",)),
        ("what did they tell the public about the stockpile", ()),
        ("what does the public think of it", ("opinion",)),
    ],
)
def test_topics_a_passage_gives_in_its_own_words(question: str, topics: tuple[str, ...]) -> None:
    assert topics_asked(question) == topics


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Shares in the Las Vegas-based company jumped about 50 percent on Thursday.", True),
        ("the Nikkei closed higher", True),
        ("China still processes over 90 percent of global rare earths, dominating the market.", False),
    ],
)
def test_a_passage_reporting_on_a_market(text: str, reported: bool) -> None:
    assert states_topic("market", text) is reported


@pytest.mark.parametrize(
    ("question", "office"),
    [
        ("who is japan's foreign minister rn", ("foreign", "minist")),
        ("who's the us commerce secretary on this", ("commerc", "secretari")),
        ("who's the japanese prime minister in all this", ("prime", "minist")),  # a place's name aside
        ("who's the JP prime minister that signed it", ("prime", "minist")),  # or its ISO code
        ("which japanese minister negotiated it", ("minist",)),
        ("which cabinet ministers were at the signing", ("cabinet", "minist")),  # plural
        ("which white house official put out the statement", ("white", "hous", "offici")),
        ("which official statement did they put out", ()),  # "official" describing a thing
        ("who signed it", ()),
        ("what did the foreign minister say", ()),  # a quotation, not who holds the office
    ],
)
def test_the_office_whose_holder_is_asked_for(question: str, office: tuple[str, ...]) -> None:
    assert office_terms(question) == office


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ("the pact was signed in Tokyo", True),
        ("unveiled the deal at Akasaka Palace", True),
        ("LNG imports away from Russia toward U.S. suppliers in Alaska and Louisiana", True),
        ("Trump heads to South Korea next", True),
        ("Key Partners: U.S., ASEAN, Australia; Policy Tools: Joint ventures, stockpiling", False),  # listed
        ("Mutually complementary stockpiling arrangements", False),
        ("signed in October", False),  # a month, not a place
        # a news dateline places the story
        ("TOKYO – In a significant development today, the leaders signed", True),
        ("NEW YORK, Oct 3 — Stocks rose", True),
        ("U.S. – Japan deal signed", False),
        ("AI – the new frontier", False),
    ],
)
def test_a_passage_puts_something_in_a_named_place(text: str, located: bool) -> None:
    assert locates(text) is located


@pytest.mark.parametrize(
    ("question", "half"),
    [
        ("Where did Australia and Japan sign the lithium deal?", True),
        ("where did the signing happen", True),
        # the building asked for: a city alone answers nothing of it
        ("which building was the signing in", False),
        ("where'd the signing happen, like what building", False),
        ("where was it signed exactly", False),
        ("where in tokyo did they sign it", False),
        ("where will the minerals be stored", False),  # no signing
    ],
)
def test_a_city_half_answers_where_a_signing_was(question: str, half: bool) -> None:
    assert city_half_answers(question) is half


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("is fusion part of it??", ["fusion"]),
        ("is cobalt included in this or just rare earths", ["cobalt"]),
        ("that deep sea mud near minamitorishima, is it part of this deal", ["that", "deep", "sea", "mud", "near", "minamitorishima"]),
        ("is the g7 alliance folded into this framework", ["the", "g7", "alliance"]),
        # something done under the deal is no thing in it
        ("is japan ditching russian gas as part of this", []),
        ("what is part of the deal", []),
    ],
)
def test_what_a_question_asks_belongs_to_the_deal(question: str, words: list[str]) -> None:
    assert member_words(question) == words


def test_a_deal_like_the_storys_made_by_another_party_must_be_reported() -> None:
    assert asks_parallel("did south korea sign a similar minerals deal")
    assert not asks_parallel("did south korea sign the deal")
    # a deal, not the deal: one of its own
    assert asks_parallel("did south korea sign a minerals deal with trump on the same trip")
    assert not asks_parallel("did south korea sign on to the minerals deal")
    assert asks_parallel("did south korea join the framework")  # its part in this one
    # one more deal besides the story's
    assert asks_parallel("japan and australia did a heavy rare earths deal too? who with")
    assert asks_parallel("does korea also have a pact with the us")
    assert not asks_parallel("is lithium covered too")
    assert not asks_parallel("are they also stockpiling")
    korea = tokenize("south korea")
    # a sentence naming the place and a deal reports it; the place alone (a venue) does not
    assert reports_deal_of(set(tokenize("South Korea signed a minerals pact with the US")), korea)
    assert not reports_deal_of(set(tokenize("the APEC summit in South Korea")), korea)
    assert not reports_deal_of(set(tokenize("Japan signed a minerals pact")), korea)


@pytest.mark.parametrize(
    ("question", "parties"),
    [
        ("whats the us-australia minerals deal worth in $", {"us", "australia"}),
        ("how does it stack up against the minerals deal the US did with australia", {"us", "australia"}),
        ("what's the EU–japan green alliance doing on minerals", {"eu", "japan"}),
        ("the us-japan deal, whats in it", {"us", "japan"}),  # the story's own: its sentences say so
        ("what does the deal do", set()),
        ("what's the indo-pacific framework", set()),  # a region, not two parties
    ],
)
def test_a_deal_named_by_its_parties(question: str, parties: set[str]) -> None:
    assert deal_parties(question) == parties


def test_a_deal_between_two_parties_is_reported_by_a_sentence_naming_both() -> None:
    both = frozenset({"us", "australia"})
    assert reports_deal_between("The US and Australia signed an $8.5 billion minerals deal.", both)
    assert reports_deal_between("Washington and Canberra signed a pact.", both)  # by their capitals
    assert not reports_deal_between("Washington and Tokyo signed a minerals pact.", both)
    assert not reports_deal_between("Key Partners: U.S., ASEAN, Australia", both)  # no deal


def test_where_is_asked_by_the_last_question_of_a_follow_up() -> None:
    assert asks_where("where's it gonna be stored")
    assert not asks_where("Where was the agreement signed? Who signed it?")


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("what was the palace called again", True),
        ("what's it called", True),
        ("name of the one mine the us runs?", True),
        ("which mine is the one operating in the states", True),
        ("which article is the one about jera", True),
        ("which projects did they end up picking", True),  # the ones chosen, by their names
        ("which sectors would benefit most", False),
        ("did anyone call it a new era", False),
        ("does china even get called out by name", False),
    ],
)
def test_a_question_asking_a_name_does_not_search_the_word_called(question: str, name: bool) -> None:
    query = analyse(question, Vocabulary.of({"palace": 1, "called": 1, "era": 1}))
    assert query.name is name
    assert ("call" in query.terms) is (not name and "call" in question)


def test_an_article_described_by_a_part_of_its_page() -> None:
    assert part_described("whos the author of the one with the faq") == ["faq"]
    assert part_described("who wrote the article that has the comparison chart") == tokenize("comparison chart")
    assert part_described("who wrote the law firm article") == []


def test_a_judgement_of_a_source_is_a_kind_of_fact_no_article_gives() -> None:
    assert topics_asked("is the clash report article reliable") == ("credibility",)
    assert topics_asked("is that emoji blog biased or what") == ("credibility",)
    assert topics_asked("is it legit or just vibes") == ()  # about the deal, not a source


@pytest.mark.parametrize(
    ("question", "order"),
    [
        ("which piece is the oldest", "oldest"),
        ("which one came out first", "oldest"),
        ("whats the newest article", "newest"),
        ("which article is the most recent", "newest"),
        ("which article was posted first", "oldest"),
        ("which story was published most recently", "newest"),
        ("which article was first to mention jera", ""),  # first to say something, not the oldest
        ("which of these came out first", "oldest"),  # the articles by a pronoun
        ("which of them is the newest", "newest"),
        ("which of these is first to mention jera", ""),
        # not an order of the articles: when one was updated, the news itself
        ("when was the mining one last updated", ""),
        ("what's the latest on the deal", ""),
    ],
)
def test_the_oldest_or_newest_article_is_asked_by_order(question: str, order: str) -> None:
    assert asks_order(question) == order


def test_articles_by_date_leave_out_the_undated() -> None:
    early = Source("009", "Earlier story", "Wire", "", "2025-10-01")
    assert by_date([*SOURCES, early], "oldest") == [early, CLASH, LAW_FIRM]
    assert by_date([*SOURCES, early], "newest")[-1] == early


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("who's chaney finn", True),
        ("Who is Chaney A. Finn?", True),
        ("who is chaney", False),  # one word names no one
        ("who is takaichi", False),  # no article's author
        ("who's barnes richardson", False),  # an outlet, not an author
        ("what did chaney finn say about stockpiles", False),  # what the article says
    ],
)
def test_who_an_author_is_asks_for_their_byline(question: str, asks: bool) -> None:
    assert asks_who_author_is(question, catalogue(SOURCES)) is asks


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what did the article say about nuclear power", (("nuclear",), ("power",))),
        ("does the article mention gallium?", (("gallium",),)),
        ("what's the blog's take on evs", (("ev", "electr", "vehicl"),)),  # a short form's words too
        ("what does the article say about the deal", ()),  # the story itself
        ("what does the article say about the lng part", (("lng",),)),  # "part" names nothing
        ("what does the article say the agreement is for", ()),  # asks what it says, of nothing
    ],
)
def test_what_an_article_is_asked_to_speak_of(question: str, said: tuple[tuple[str, ...], ...]) -> None:
    assert said_about(question) == said


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("what do they mean by optical materials exactly", "optical materials"),
        ("what counts as a critical mineral here?", "critical mineral"),
        ("What does SMR stand for?", "smr"),
        ("ok and what does it mean for china", ""),  # what follows from it, not a word's meaning
        ("what do they mean by that", ""),
    ],
)
def test_the_meaning_of_words_is_asked(question: str, words: str) -> None:
    assert defined_words(question) == words


@pytest.mark.parametrize(
    ("text", "words", "glossed"),
    [
        ("priority projects in magnets, batteries, catalysts, and optical materials.", "optical materials", False),
        ("Optical materials, which bend light, go into lenses.", "optical materials", True),
        ("next-generation reactors, small modular reactors (SMRs) and more", "smr", True),  # spelled out
        ("Rare earths are 17 metals.", "rare earth", True),
    ],
)
def test_a_passage_glossing_words_rather_than_naming_them(text: str, words: str, glossed: bool) -> None:
    assert defines(text, words) is glossed


@pytest.mark.parametrize(
    ("question", "aside"),
    [
        # the row named only to be set aside is not the row asked about
        ("besides japan who's the us partnering with on minerals", {"japan"}),
        ("apart from the US and Japan, which countries are partners", {"us", "japan"}),
        ("who else did trump meet in tokyo besides the PM", {"pm"}),
        ("who are japan's partners", set()),
        # what the question compares with is not what it asks about
        ("did brussels go the tariff route like trump did", {"trump"}),
        ("is japan stockpiling the way china has?", {"china"}),
        ("like what words did the white house use", set()),
    ],
)
def test_what_a_question_sets_aside(question: str, aside: set[str]) -> None:
    assert set_aside_terms(question) == aside


@pytest.mark.parametrize(
    ("question", "parties"),
    [
        ("did takaichi get a sit-down with xi at apec too", ("takaichi", "xi")),
        ("did takaichi meet xi too at apec? what did they talk about", ("takaichi", "xi")),
        ("did trump and xi meet", ("trump", "xi")),
        ("when did trump meet takaichi", ("trump", "takaichi")),
        ("did they meet", ()),
        ("what did they agree at the meeting", ()),
        # something raised with someone: the two talked
        ("did takaichi raise rare earths with xi at apec", ("takaichi", "xi")),
        ("did trump discuss tariffs with takaichi", ("trump", "takaichi")),
        # something raised when the two met: the meeting is asked as well
        ("did takaichi bring up the curbs when she sat down with xi", ("takaichi", "xi")),
        ("did takaichi raise rare earths when she met with xi", ("takaichi", "xi")),
        ("did takaichi push xi on rare earths when they met?", ("takaichi", "xi")),
        ("did takaichi bring up the curbs when it was signed", ()),
    ],
)
def test_who_met_whom_is_read_from_the_question(question: str, parties: tuple[str, ...]) -> None:
    assert meeting_parties(question) == parties


def test_one_of_the_articles_is_no_number_searched() -> None:
    vocab = Vocabulary.of({"one": 3, "mine": 2})
    assert "one" not in analyse("one of the articles has a nickname for the mine", vocab).terms
    assert "one" in analyse("is there only one mine", vocab).terms


def test_a_label_before_the_question_is_not_searched() -> None:
    vocab = Vocabulary.of({"semiconductor": 2, "compare": 1})
    terms = analyse("history nerd question: does anyone compare this to the 80s chip alliance", vocab).terms
    assert "histori" not in terms and "nerd" not in terms
    assert "compar" in terms
    assert "semiconductor" in terms  # a chip is a semiconductor
    # a question about questions keeps its words
    assert "question" in analyse("what question did reporters ask", vocab).search_text


@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("and the nuclear part?", "the nuclear part?"),
        ("ok so, who signed the deal", "who signed the deal"),
        ("wait... who signed it", "who signed it"),
        ("so", "so"),  # nothing else: kept
        ("sober analysis of the deal?", "sober analysis of the deal?"),  # a word, not "so"
        ("k-pop stars at the summit?", "k-pop stars at the summit?"),  # part of a word
    ],
)
def test_the_words_joining_a_message_to_the_talk_are_not_searched(question: str, searched: str) -> None:
    # "and the nuclear part" was read as about joining and parts: the lede's "multi-part
    # framework" came before the nuclear paragraph
    assert analyse(question, Vocabulary.of({"nuclear": 2})).search_text == searched


def test_a_big_deal_reads_as_important() -> None:
    vocab = Vocabulary.of({"important": 3, "significant": 1})
    assert "signific" in analyse("is it a big deal or nah", vocab).terms
    # the story named "the big deal" is still the deal
    assert "signific" not in analyse("what's in the big deal", vocab).terms


def test_a_word_the_stemmer_splits_is_searched_in_its_other_form_when_the_corpus_has_it() -> None:
    # "prioritizing" stems to "priorit", the article's "priority" to "prioriti"
    assert word_family("priorit") == ("prioriti",)
    assert word_family("prioriti") == ()  # a noun asked is not widened to every "-ic" form
    assert word_family("us") == ()
    vocab = Vocabulary.of({"priority": 1, "projects": 2})
    known = {"prioriti", "project"}.__contains__
    query = analyse("what kinds of projects are they prioritizing", vocab, known)
    assert dict(zip(query.terms, query.weights, strict=True))["prioriti"] == 1.0
    # without the other form in the corpus nothing is added
    plain = analyse("what kinds of projects are they prioritizing", vocab, {"project"}.__contains__)
    assert "prioriti" not in plain.terms
