"""Deciding not to answer: two questions, each answered by a model calibrated on labelled data.

One threshold on the best quote's score cannot separate real answers from near misses: a
question about the deal whose detail no article gives ("which agency runs the stockpile?")
matches the articles as well as most real questions do, often better. So abstention asks two
things, as question-answering systems with unanswerable questions do (SQuAD 2.0's "no answer"):

1. Is the question about what the corpus covers at all? (`topical`: how similar the best
   passage is, how much of the question's vocabulary the corpus has.) "What's the weather in
   Tokyo?" fails here.
2. Does the best quote hold the detail asked for? (`detail`: the answer type is present, the
   named speaker is the one quoted, the thing asked about is a word the corpus uses at all.)
   "What did Scott Bessent say about the deal?" fails here.

Each is a logistic model over named features, with the sign of every weight fixed by what the
feature means (evidence of an answer can only raise the probability), fitted with
cross-validation by `python -m index calibrate` on the tuning questions and saved in
`abstain_model.json` beside this file (see README, "Abstention").

Some answers are given by construction instead, where a signal says yes or no outright and a
weight among others would only blur it (`Model._topical`, `Model._detail`): a question pointing
at one article is topical; one naming nothing the corpus knows is not; "what did X say" with no
quote reporting X speaking, "how many X" with no quote counting X, "how much did X cost" or
"which agency runs X" with no amount or organisation in a sentence about X, a month no article
mentions ("what did china restrict back in april"), a place no article
(or not the quoted one) names, "which state gets the plant" or "how long is it valid" with no
state or term named in a sentence about it, "who is japan's foreign minister" with the office
unnamed, "where will it be stored" with nothing put in a named place, "did south korea sign a
similar deal" with no deal of South Korea's reported (or "the us-australia deal" with no
sentence naming both with a deal), "did rare earth stocks pop" or "is it
legally binding" with a first quote that does not speak of it (`query.TOPICS`), "which
japanese mining companies" with no organisation in a quote shown (or "which elements" with no
element), "when's their next summit" with no meeting ahead with them, "did takaichi meet xi" with no sentence naming both,
"whats the capital of australia" with no quote stating it (an encyclopedia's fact), "when is takaichi going to
washington" with no quote telling of a trip there, "who signed the paperwork for the 550bn vehicle" with no signing
reported, "whats the exact date the window closes" with no day of the calendar given, and a capitalised name or a chemical
element no article has ("the CEO of Toyota", "gallium"), fail the detail gate; advice for the asker ("how do I get a
visa?") fails the topical one; so does a weak match (topical probability below 0.6) to a story
no other article tells, unless the quote holds the names asked about ("what year did the Berlin
Wall fall?" was answered, once neighbouring stories were added, with "The six-month deadline
falls in April 2026." from a lone piece on another minerals deal).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("abstain_model.json")

TOPICAL = (
    "match",
    "top_dense_chunk",
    "dense",
    "lexical",
    "unknown_share",
    "unknown_rare",
    "specific_unknown",  # words naming things the corpus has never seen ("bitcoin", "sourdough")
    "vague",  # "why did they even do this?": leans on the conversation, i.e. the articles
    "named_match",  # the question's uncommon words (names, terms) all in the best quote
    "speaker_quoted",  # "what did X say", and the best quote reports X speaking
)
DETAIL = (
    "answer_type",  # +1 the quote has the kind of thing asked for, -1 it does not
    "head_unknown",  # the thing asked about ("which agency") is a word no article uses
    "speaker_missing",  # "what did X say", and the quote does not report X speaking
    "head_missing",  # "which agency", "how many jobs": no quote shown names the thing asked for
    "novel_number",  # an amount/date asked for: -1 the quote has none beyond the question's
    "typed_focus",  # -1: the sentence with the kind of answer asked for is about something else
    "unknown_rare",  # names and terms the corpus has never seen
    "unknown_share",  # share of the question's content words the corpus has never seen
    "lexical",  # the share of the question's words (by rarity) the best quote contains
    "dense",
)
# The direction each feature may push. Fitting without these learns quirks of the tuning
# questions instead (near misses are written to sound like the articles, so "very relevant"
# would come to mean "unanswerable"), which then answers questions about nothing at all.
SIGNS = {
    "match": 1,
    "named_match": 1,
    "speaker_quoted": 1,
    "vague": 1,
    "specific_unknown": -1,
    "dense": 1,
    "top_dense_chunk": 1,
    "lexical": 1,
    "answer_type": 1,
    "novel_number": 1,
    "typed_focus": 1,
    "head_unknown": -1,
    "speaker_missing": -1,
    "head_missing": -1,
    "unknown_rare": -1,
    "unknown_share": -1,
}


@dataclass(frozen=True)
class Logistic:
    """P(label) = sigmoid(bias + sum of weight * feature); missing features count as 0."""

    bias: float
    weights: Mapping[str, float]
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        """The model's probability for one row."""
        z = self.bias + sum(w * float(features.get(k, 0.0)) for k, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_json(self) -> dict[str, object]:
        """Plain data for the model file."""
        return {
            "bias": round(self.bias, 6),
            "weights": {k: round(v, 6) for k, v in self.weights.items()},
            "threshold": round(self.threshold, 6),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Logistic:
        """The inverse of `to_json`."""
        weights = data["weights"]
        assert isinstance(weights, Mapping)
        return cls(
            float(data["bias"]),  # type: ignore[arg-type]
            {str(k): float(v) for k, v in weights.items()},
            float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
        )


# Signals that decline a question outright in the detail gate (see `Model._detail`).
DETAIL_GATES = (
    "unknown_place",
    "unknown_name",
    "place_absent",
    "speaker_missing",
    "count_missing",
    "part_missing",  # "how much of the 550bn goes to shipbuilding": no amount but the 550bn itself
    "no_use",  # "what is dysprosium used for": the quote only lists it among other elements
    "no_prior",  # "the tariff before it dropped to 15": no value but the new one the question gives
    "not_yet",
    "time_absent",  # "what did china restrict back in april": a month no article mentions
    "no_name",
    "no_region",  # "which state gets the plant": no state named in a sentence about it
    "no_city",  # "which city is the apec summit in": no city named in a sentence about it
    "no_term",  # "how long is it valid": no term ("for 20 years") stated about it
    "no_office",  # "who is japan's foreign minister": the office unnamed
    "no_fact",  # "whats the capital of australia": an encyclopedia's fact the quote does not state
    "no_price",  # "whats neodymium going for per kg": no price per unit in the quote
    "no_kind",  # "which louisiana lng terminal": no quote shown names one
    "no_trip",  # "when is takaichi going to washington": no quote shown tells of a trip there
    "no_signing",  # "who signed the paperwork for the 550bn vehicle": the best quote reports no signing
    "no_day",  # "whats the exact date the six month window closes": no day of the calendar given
    "no_part_amount",  # "how much is japan putting into SMRs specifically": no number beside the part
    "no_location",  # "where will it be stored": nothing put in a named place
    "no_parallel",  # "did south korea sign a similar deal": no such deal reported
    "no_member",  # "is the minamitorishima mud project part of this": no sentence of the story names it
    "no_meeting",  # "did takaichi meet xi too": no live sentence names both
    "no_next",  # "when's their next summit": no meeting ahead with those asked about
    "no_topic",  # "did stocks pop", "is it binding": no passage shown speaks of it (query.TOPICS)
    "topic_elsewhere",  # ... or only a neighbouring story's, the question naming nothing of its own
    "no_org",  # "which mining companies got picked": no organisation named in any quote shown
    "no_element",  # "which elements did china add to its list": no element named in any quote shown
    "typed_off",
    "undefined",  # "what do they mean by optical materials": no quote shown glosses them
    "unsaid",  # "what does the blog say about nuclear power": the article pointed at never mentions it
)

# An article whose three nearest other articles are on average less similar than this tells a
# story of its own (see `Searcher.support`; the seeds' articles score 0.8-0.9, the neighbouring
# stories of eval/distractors 0.5-0.7); a quote from it needs this topical probability.
LONE_STORY_SUPPORT = 0.75
LONE_STORY_TOPICAL = 0.6
# ... unless it holds the question's names, and is about the question at all: "how do vaccines
# work?" quoted with "the Quad has launched working groups before — on vaccines, ..." holds the
# name, at a similarity of 0.04 (a neighbouring story's real answers: 0.23 and up).
LONE_STORY_NAMED_DENSE = 0.15
# Content words of a question short enough to be matched by its words alone (`Model._topical`).
SHORT_QUESTION_WORDS = 2

# Before calibration: off topic when the best passage is barely related; a near miss when the
# question asks for something no article names.
_DEFAULT_TOPICAL = Logistic(-4.0, {"top_dense_chunk": 20.0, "lexical": 2.0}, 0.5)
_DEFAULT_DETAIL = Logistic(2.0, {"speaker_missing": -3.0, "head_unknown": -2.0, "unknown_rare": -1.0}, 0.5)


def _saved() -> tuple[Logistic, Logistic]:
    try:
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        return Logistic.from_json(data["topical"]), Logistic.from_json(data["detail"])
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        return _DEFAULT_TOPICAL, _DEFAULT_DETAIL


@dataclass(frozen=True)
class Model:
    """Answer only when the question is topical and the best quote holds what is asked."""

    topical: Logistic = field(default_factory=lambda: _saved()[0])
    detail: Logistic = field(default_factory=lambda: _saved()[1])
    override: float = 0.0  # ANSWER_THRESHOLD: one threshold for both models instead (0: calibrated)

    def probability(self, features: Mapping[str, float]) -> float:
        """P(answerable): the product of the two models' probabilities."""
        return self._topical(features) * self._detail(features)

    def answers(self, features: Mapping[str, float]) -> bool:
        """Whether to answer: both models at or above their thresholds."""
        t1 = self.override or self.topical.threshold
        t2 = self.override or self.detail.threshold
        return self._topical(features) >= t1 and self._detail(features) >= t2

    def _detail(self, features: Mapping[str, float]) -> float:
        # A question naming a place no article mentions ("will taiwan join?", "weather in
        # osaka"), a capitalised name or a chemical element none has ("the CEO of Toyota", "is
        # gallium in it?"), asks what the articles cannot hold, however close its other words
        # come. So does "what did X say" when the quote does not report X speaking: quoting it
        # would put words in X's mouth, and with all its other words matched the model would answer.
        # And "how many X" when the quote has no number counting X ("how many jobs?" is not
        # answered by "$550 billion"), and "how much did the LNG deal cost" or "which agency
        # runs it" when the only amount or organisation shown sits in a sentence about
        # something else, or is another place's ("how much rare earth does japan mine" and
        # "China currently controls over 60% of global rare-earth mining") (`typed_off`).
        # Nor is how an event went answered by a quote that still has it ahead.
        # So do the kinds of answer a quote must show to answer at all (`DETAIL_GATES`): a state,
        # a term, the office asked about, a place something is put in, another party's deal.
        if any(features.get(k) for k in DETAIL_GATES):
            return 0.0
        return self.detail.probability(features)

    def _topical(self, features: Mapping[str, float]) -> float:
        # Advice for the asker ("how do I get a visa to visit Japan?", "where can I buy rare
        # earth magnets?"): articles report news, so no quote answers it, however many of its
        # words a grown corpus has, or a heading it names ("the best way to learn Japanese").
        if features.get("advice"):
            return 0.0
        # A question pointing at one of the articles ("what does the law firm say about ...")
        # in words the corpus knows is about the corpus by construction: only whether the
        # article holds the detail is open. ("What does the blog say about the weather?" is not.)
        # Some words it lacks do not change that when others it has remain ("my boss wants a
        # quick summary for a slide: list the key elements from the law firm"); the detail
        # gates still judge whether the article says it ("unsaid").
        if features.get("pointed") and features.get("unknown_share", 0.0) < 1.0:
            return 1.0
        # So is one asking for "the table" and naming, in its own words, the row quoted ("us
        # levers in the table?"): casual names for a column make it look off topic by similarity;
        # and one naming the heading of the section quoted ("the interesting facts list").
        if features.get("table_row") or features.get("section"):
            return 1.0
        # Likewise one pointing at an article and asking for its list or table in words that
        # name nothing else ("the bullet points in the law firm post"), quoted with one.
        if features.get("pointed") and features.get("asks_parts") and features.get("structure"):
            return 1.0
        # "tldr?", "what's the gist": the story in short, naming nothing the articles lack.
        if features.get("summary"):
            return 1.0
        # A question of one or two words, every one of them in the quote, which has the kind of
        # answer asked ("what was the palace called again": "... at Akasaka Palace"; "what did
        # he call her": "... praised Japan's 'great female leader'"). So few words match a
        # sentence weakly by similarity, yet name nothing the quote lacks.
        if (
            features.get("lexical", 0.0) >= 1.0
            and features.get("typed")
            and features.get("answer_type", 0.0) >= 1.0
            and not features.get("unknown_share")
            and round(math.expm1(features.get("log_content_words", 99.0))) <= SHORT_QUESTION_WORDS
        ):
            return 1.0
        # A figure the articles give, asked about in words they use ("whats the 2002 thing",
        # "what happened in 2002": "The U.S. last operated a fully independent rare-earth refinery
        # in 2002"): the figure picks the sentence, which similarity barely sees.
        if features.get("numbers_shown") and features.get("lexical", 0.0) >= 1.0 and not features.get("unknown_share"):
            return 1.0
        # Two or more words with content, none of them used by any article (after typos, short
        # forms and capitals), and no pointer to the conversation's story: "who is the CEO of
        # Sony?", "bitcoin dumping again or what". Similarity alone lets some through, since a
        # sentence about something else is always the nearest. One pointing at the story in
        # everyday words ("whats the bigger picture with all this", "what does she get out of
        # it personally") with a passage near it is a member's casual question about it, read
        # as a vague one (`answering.abstention_features`): the model weighs it.
        if features.get("unknown_all") and not features.get("vague"):
            return 0.0
        # A weak match to the corpus's main story may be a casual question leaning on it ("is it
        # a big deal or nah"); a weak match to a story no other article tells is a coincidence
        # of words ("what is the capital of Australia?" quoted with "... bring in technology and
        # capital" from a piece on Malaysia), which a grown corpus makes more likely. Such a
        # quote must match better, unless it holds the names the question asks about ("what
        # does the Greenbushes deal cover?") and is about it at all: then the question is about
        # that story.
        probability = self.topical.probability(features)
        holds_names = features.get("named_match", 0.0) >= 1.0 and features.get("top_dense_chunk", 0.0) >= LONE_STORY_NAMED_DENSE
        lone = features.get("article_support", 1.0) < LONE_STORY_SUPPORT and not holds_names
        return 0.0 if lone and probability < LONE_STORY_TOPICAL else probability

    @property
    def threshold(self) -> float:
        """The thresholds, for reports (the override, or the topical one)."""
        return round(self.override or self.topical.threshold, 4)


def fit(
    rows: Sequence[Mapping[str, float]],
    labels: Sequence[bool],
    *,
    names: Sequence[str],
    l2: float = 1.0,
    steps: int = 3000,
) -> Logistic:
    """Fit a sign-constrained logistic model by projected gradient descent (pure numpy).

    Features are standardised for the descent; the weights returned are on the original
    scale, so `Logistic.probability` needs no scaler.
    """
    x = np.array([[float(r.get(n, 0.0)) for n in names] for r in rows], dtype=np.float64)
    y = np.array(labels, dtype=np.float64)
    mean = x.mean(axis=0) if len(x) else np.zeros(len(names))
    std = x.std(axis=0) if len(x) else np.ones(len(names))
    std[std < 1e-9] = 1.0
    z = (x - mean) / std
    signs = np.array([SIGNS.get(n, 0) for n in names], dtype=np.float64)
    w = np.zeros(len(names))
    b = 0.0
    n = max(len(y), 1)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= 0.1 * (z.T @ (p - y) / n + l2 * w / n)
        b -= 0.1 * float((p - y).mean())
        w = np.where(signs > 0, np.maximum(w, 0.0), np.where(signs < 0, np.minimum(w, 0.0), w))
    weights = w / std
    bias = b - float((w * mean / std).sum())
    return Logistic(bias, {k: float(v) for k, v in zip(names, weights, strict=True)})


def _out_of_fold(
    rows: Sequence[Mapping[str, float]], labels: Sequence[bool], names: Sequence[str], folds: int
) -> list[float]:
    probs = [0.5] * len(rows)
    for fold in range(folds):
        train = [i for i in range(len(rows)) if i % folds != fold]
        if len({labels[i] for i in train}) < 2:
            continue
        model = fit([rows[i] for i in train], [labels[i] for i in train], names=names)
        for i in range(fold, len(rows), folds):
            probs[i] = model.probability(rows[i])
    return probs


def choose_thresholds(
    topical: Sequence[float],
    detail: Sequence[float],
    kinds: Sequence[str],
    budget: int,
) -> tuple[float, float]:
    """The pair of thresholds that declines the most out-of-scope questions within the budget.

    Each row has both models' (out-of-fold) probabilities. Of the pairs that decline at most
    `budget` answerable rows, the one with the highest mean decline rate over the kinds of
    out-of-scope question present (off topic, near miss: each counts as much whatever its
    number of rows) wins; ties go to fewer false declines. Splitting the budget between the two
    gates in a fixed ratio instead spends it where it buys least: a few answerable questions
    with a very low topical probability pull the topical threshold down to nothing.
    """
    t = np.asarray(topical, dtype=np.float64)
    d = np.asarray(detail, dtype=np.float64)
    k = np.asarray(kinds)
    answer = k == "answer"
    outs = [k == kind for kind in ("off_topic", "near_miss") if (k == kind).any()]

    def cuts(p: np.ndarray) -> list[float]:
        # Declining more than `budget` answers with one gate alone is never allowed, so only
        # cuts just below one of the lowest budget+1 answerable probabilities matter.
        lowest = np.sort(p[answer])[: budget + 1]
        return [0.0, *(float(v) - 1e-6 for v in lowest)]

    best = (-1.0, 0, 0.0, 0.0)
    for t1 in cuts(t):
        for t2 in cuts(d):
            declined = (t < t1) | (d < t2)
            false = int(declined[answer].sum())
            if false > budget:
                continue
            score = float(np.mean([declined[o].mean() for o in outs])) if outs else 0.0
            if (score, -false) > (best[0], -best[1]):
                best = (score, false, t1, t2)
    return max(0.0, best[2]), max(0.0, best[3])


def _probabilities(
    rows: Sequence[Mapping[str, float]],
    kinds: Sequence[str],
    train_on: Sequence[int],
    names: Sequence[str],
    folds: int,
) -> tuple[Logistic, list[float]]:
    """A model fitted on some rows, and every row's probability: out-of-fold for those rows."""
    part_rows = [rows[i] for i in train_on]
    part_labels = [kinds[i] == "answer" for i in train_on]
    model = fit(part_rows, part_labels, names=names)
    probs = [model.probability(r) for r in rows]
    for i, p in zip(train_on, _out_of_fold(part_rows, part_labels, names, folds), strict=True):
        probs[i] = p
    return model, probs


def cross_validate(
    rows: Sequence[Mapping[str, float]],
    kinds: Sequence[str],
    *,
    folds: int = 5,
    max_false_declines: float = 0.05,
) -> dict[str, object]:
    """Fit both models and choose their thresholds together on out-of-fold probabilities.

    `kinds` label each row "answer" (in scope), "off_topic" or "near_miss". The topical model
    separates answers from off-topic questions, the detail model answers from near misses;
    `choose_thresholds` spends the false-decline budget where it declines the most.
    """
    answer = [i for i, k in enumerate(kinds) if k == "answer"]
    off = [i for i, k in enumerate(kinds) if k == "off_topic"]
    near = [i for i, k in enumerate(kinds) if k == "near_miss"]
    budget = math.floor(max_false_declines * len(answer))
    topical, topical_p = _probabilities(rows, kinds, answer + off, TOPICAL, folds)
    detail, detail_p = _probabilities(rows, kinds, answer + near, DETAIL, folds)
    t1, t2 = choose_thresholds(topical_p, detail_p, kinds, budget)
    topical = Logistic(topical.bias, topical.weights, t1)
    detail = Logistic(detail.bias, detail.weights, t2)
    model = Model(topical, detail)
    declined = [not model.answers(rows[i]) for i in range(len(rows))]
    summary = {
        "rows": len(rows),
        "in_sample_false_declines": f"{sum(declined[i] for i in answer)}/{len(answer)}",
        "in_sample_off_topic_declined": f"{sum(declined[i] for i in off)}/{len(off)}",
        "in_sample_near_miss_declined": f"{sum(declined[i] for i in near)}/{len(near)}",
        "topical": topical.to_json(),
        "detail": detail.to_json(),
    }
    return {"model": model, "summary": summary}


def save(model: Model, path: Path = MODEL_FILE, *, note: str = "") -> None:
    """Write a fitted model where `Model()` finds it."""
    data = {"note": note, "topical": model.topical.to_json(), "detail": model.detail.to_json()}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
