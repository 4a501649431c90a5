"""Questions about the articles themselves: who wrote one, which outlet ran it, its headline.

"Who wrote the law firm's piece?" has no answer in any sentence: the byline was taken out of
the text when it was cleaned and kept as metadata. The bot still knows it, so such questions
are answered with the article's source card (kind "source": metadata, never passed off as a
quote). Which article is meant is decided from what else the question says: names of outlets,
authors and headline words, descriptions such as "the law firm", or the content the article
covers ("the rare earths supply deal story"). Pure functions; the engine supplies the scores
of the content match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from index.lexical import STOPWORDS, tokenize
from index.lexicon import FILLER, TABLE_WORDS
from index.query import RARE_ZIPF, english_words, zipf
from index.records import Source
from index.text import CREDIT_LINE, DATE_RE, RELATED_HEADER, is_contact_line, parse_date, same_name


class Intent(StrEnum):
    """What a question about the articles asks for."""

    AUTHOR = "author"
    OUTLET = "outlet"
    TITLE = "title"
    DATE = "date"
    SOURCES = "sources"  # how many / which articles there are
    WHICH = "which"  # which articles say something: answered with a passage from each
    SECTION = "section"  # the section label printed above the headline ("Industry News")
    DATELINE = "dateline"  # where the report was filed from ("TOKYO – ...")
    CREDIT = "credit"  # who took or supplied the picture ("Featured Image by ...")
    CITES = "cites"  # where the article says it got its information ("Sources: Reuters, ...")
    RELATED = "related"  # the other stories its page links to ("Related News": page furniture)
    LINK = "link"  # the article's address ("link to the law firm post?")
    CONTACT = "contact"  # whom its page tells readers to contact ("contact any attorney at ...")


_WHICH = r"(which|what)( one| ones)?( of (the|these|those|your|all the))?"
_CONTACTING = r"(?:contact|reach out to|reach|get in touch with|get a hold of|get ahold of|hit up|email|call|ring)"
# ("alert": what a law firm calls a note to its clients, "the barnes richardson alert")
# "one" points at an article ("the tokyo one", "the one with the table", "that one article"), not
# when a noun follows it: "the one rare earth mine the us has, whats it called" asks a mine's name.
_ONE = (
    r"one(?=\s*(?:[^\w\s]|$)|\s+(?:about|on|with|w|without|from|by|that|which|who|where|whose|titled|"
    r"called|named|in|of|is|was|has|had|says|said|mentions|talks|cites|lists|article|articles|story|"
    r"stories|piece|post|blog|writeup|report|i|you|u|they|we|he|she|it|and|or|but|last|first|again|dated|"
    r"published|posted|written|updated|released|put|ran|run|came|come|went|does|did|do|show|shows|cover|"
    r"covers|mention|say|talk|cite|list|name|names|quote|quotes|link|links|have|get|got|look|looks|seem|seems)\b)"
)
_DOC = (
    r"(article|articles|story|stories|piece|pieces|post|posts|report|reports|blog|writeup|write-up|explainer|"
    rf"explainers|coverage|source|sources|item|{_ONE}|alert|alerts)"
)
_OUTLET_NOUN = (
    r"(outlet|outlets|site|sites|website|websites|publication|publications|publisher|"
    r"newspaper|newspapers|paper|papers|media|news ?site|blog|law ?firm|firm|magazine|channel|"
    r"news organi[sz]ation|news orgs?|news source)"
)
# "who ran it", "who put out the golden era piece": a publisher doing what publishers do
_WHO_RAN = r"\bwho (reported|published|ran|posted|covered|put out|puts out)\b"
# "which piece is the oldest", "the newest article": the articles in order of their dates
_ORDER = re.compile(
    rf"\b(?:(?P<old>oldest|earliest)|(?P<new>newest|most recent|latest)) {_DOC}\b|"
    rf"(?:\b{_DOC}|\bwhich of (?:these|those|them|em|'em)) (?:(?:is|was|were|got|came) )?(?:(?:out|posted|published|written|released|put out|uploaded|dropped|went up) )?"
    rf"(?:the )?(?:(?P<old2>oldest|earliest|first)|(?P<new2>newest|most recent(?:ly)?|latest|last))\b(?! (?:one )?(?:updated|to)\b)",
    re.IGNORECASE,
)

_PATTERNS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    (
        # "who do i hit up if i got questions about trade deals", "who does the trade law article
        # say to reach out to": whom a page tells its readers to contact, a line around the story
        Intent.CONTACT,
        re.compile(
            r"\bwho\b(?:['’]s| is| are)?(?: (?:do|should|can|could|would) (?:i|we|you|u|ppl|people|one)| to|"
            r" (?:am i|are we|are you|r u|r we|is one) (?:supposed|meant|told|asked|expected) to)? "
            rf"(?:(?:\w+ ){{0,5}}(?:say|says|said|tell|tells|want|wants) (?:you |u |us |readers |people |ppl )?to )?"
            rf"{_CONTACTING}\b|"
            rf"\b(?:contact (?:info|information|details)|how (?:do|can|should) (?:i|we|you|u) {_CONTACTING})\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.SECTION,
        re.compile(
            # not "what's china's strategy listed as": a value a table or list gives
            rf"\b(filed|posted|categori[sz]ed|tagged)\s+(under|in|as)\b|\blisted\s+under\b|"
            rf"\b(what|which)\s+(section|category|column|desk)\s+(is|was|are)\s+(the|that|this|their)\s+(\w+\s+){{0,3}}{_DOC}\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.CREDIT,
        re.compile(
            r"\bwho\s+(took|shot|snapped|supplied|provided)\b.{0,30}\b(photo|photos|photograph|pic|pics|picture|pictures|image|images|shot)\b|"
            r"\bwhose\s+(photo|photos|photograph|pic|pics|picture|pictures|image|images)\b|"
            r"\b(photo|photograph|image|picture|pic)s?\b.{0,30}\b(taken|shot|supplied)\s+by\b|"
            r"\b(photo|image|picture|pic)\s+(credits?|by)\b|\bcredits?\s+for\s+the\s+(photo|image|picture|pic)\b|"
            # "who's credited for the featured image", "who gets credit for the pic"
            r"\bcredit(ed|s)?\s+(for|on|with)\s+(the\s+)?(\w+\s+)?(photo|photos|image|images|picture|pictures|pic|pics)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "does the blog post cite anyone", "where does it get its info", "what are the
        # post's sources": the article's own list of sources answers, not its byline or outlet.
        Intent.CITES,
        re.compile(
            # not the asker's own citing ("i need to cite the one about AP1000, who's the author")
            r"(?<!\bto )(?<!\bi )(?<!\bwe )(?<!\bu )\b(cite|cites|cited|citing|sourced)\b|"
            # not "where do you get your info": asked of the bot, whose sources are the articles
            r"\b(where|how)\b(?! (do|did|does) (you|u|ya)\b).{0,40}\b(get|gets|got|getting|take|takes|took|find|finds|found)\b.{0,25}"
            r"\b(info|infos|information|facts|data|figures|numbers)\b|"
            # "what sources does the blog say it got its info from"
            rf"\b({_DOC}|it|they)\b.{{0,40}}\b(get|gets|got|getting|take|takes|took)\b.{{0,25}}"
            r"\b(info|infos|information|facts|data)\s+from\b|"
            # not "japan's sources of rare earths": supply, not citations
            rf"\b(its|their|{_DOC}['’]s|{_OUTLET_NOUN}['’]s)\s+(news\s+)?sources\b(?!\s+(of|for)\b)|"
            r"\baccording to (who|whom)\b",
            re.IGNORECASE,
        ),
    ),
    (
        # "what related stories does clash report link", "what other articles does it link to":
        # the page's link list, which is never quoted (furniture) but is the article's.
        Intent.RELATED,
        re.compile(
            r"\brelated (stories|story|news|articles|links|posts|reading|headlines)\b|"
            r"\b(other|more) (stories|articles|headlines|posts)\b.{0,30}\b(link|links|linked|recommend|recommends)\b|"
            r"\bwhat (other )?(stories|articles|headlines|links) (does|do|did) .{0,60}\b(link|link to|show|list|recommend)\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.DATELINE,
        re.compile(
            r"\bdatelined?\b|\bdate\s?line\b|"
            r"\b(where|what city)\b.{0,40}\b(reported|filed|written|reporting)\s+from\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.SOURCES,
        re.compile(
            # not "how many articles mention JERA": which ones say something (WHICH, below)
            rf"\bhow many {_DOC}\b(?!.{{0,60}}\b(mention|mentions|say|says|talk|talks|cover|covers|discuss|discusses|bring up|brings up|cite|cites|quote|quotes|report|reports|name|names|claim|claims)\b)|"
            rf"\bwhat {_DOC} (do (you|u|ya) (have|got)|are there|have (you|u) got)\b|"
            rf"\b(list|show|name) (me )?(the |your |ur |all )?{_DOC}\b|\bwhat do (you|u|ya) (know|cover)\b|"
            # "where do ur quotes come from", "what are you reading from"
            r"\bwhere (do|does|did) (you|u|ya) (get|take|pull) (your |ur |these |the |this )?(quotes?|info|information|answers?|stuff)\b|"
            r"\bwhere (do|does|did) (your |ur |these |the |this )?(quotes?|info|information|answers?) come from\b|"
            r"\bwhat (are|r) (you|u|ya) (reading|quoting|pulling) from\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.AUTHOR,
        re.compile(
            r"\bwho\b.{0,40}\b(wrote|write|writes|written|authored|penned)\b|\bauthor(s|ed)?\b|"
            rf"\bwho(?:['’]?s| is| was)? behind (?:the|that|this) (?:\w+ ){{0,3}}{_DOC}\b|"
            r"\bbylines?\b|\bwritten by\b|\bwho(['’]?s| is| was) the (writer|journalist|journo|reporter)\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.TITLE,
        re.compile(
            # (not "the headline number": the figure a story leads with)
            rf"\b(headline|headlines)\b(?! (?:numbers?|figures?|amounts?|stats?|totals?|sums?|rates?|prices?)\b)|"
            # (not "which rare earths are named in the articles": mentioned in them)
            rf"\b(title|titles|titled|called|named)\b(?! (?:in|by|within)\b).{{0,40}}\b{_DOC}\b|"
            r"\b(list|show|give|tell)( me| us)? (the |all the |all |their )?titles\b|\bwhat are the titles\b|"
            rf"\b{_DOC}\b.{{0,40}}\b(title|titled|called|named)\b",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.DATE,
        re.compile(
            # "when was that blog post put up": a post goes up as a piece comes out
            rf"\bwhen\b.{{0,40}}\b{_DOC}\b.{{0,30}}\b(published|posted|written|updated|come out|came out|released|dated|"
            r"put (up|out)|went up|gone up|uploaded)\b|"
            rf"\bwhen (was|were|did) .{{0,40}}\b(published|posted|written|updated|come out|came out|released)\b|"
            r"\b(publish(ed)?|posting|publication|release) date\b|\bdate of (the |that |this )?(article|story|piece|post|report)\b|"
            # "what's the date on the law firm article"
            rf"\bdate(['’]s| is)? (on|of) (the|that|this) ([\w'’&,-]+ ){{0,3}}{_DOC}\b|"
            # "is the blog one dated", "how recent are these articles"
            rf"\b{_DOC} (is |are |was |were )?dated\b|\bhow (recent|old|new|fresh) (is|are|was|were) (the|these|those|this|that) (\w+ ){{0,2}}{_DOC}\b|"
            r"\bwhat date did\b.{0,40}\b(publish|post|run|release|put (\w+ ){0,2}out|put (\w+ ){0,2}up)\b|"
            # "one of these says 'last updated' at the top, which date is that": a page's line
            r"\blast[- ]updated\b.{0,60}\b(date|when|day)\b|\b(date|when|day)\b.{0,60}\blast[- ]updated\b|"
            # "when did the law firm put theirs out", "when did reuters post it": a publisher
            # (or a kind of document) doing what publishers do.
            rf"\bwhen(['’]d| (did|does|do)) (the |that |this |a )?(\w+ ){{0,3}}({_OUTLET_NOUN}|{_DOC})\b.{{0,20}}"
            r"\b(publish|post|release|run|put (\w+ ){0,2}out|drop|come out|go up|write (\w+ )?up)\b|"
            r"\bwhen (did|does|do) .{0,30}\b(publish|post)(ed)? (it|this|that|theirs|this one|that one)\b|"
            # "which piece is the oldest", "the newest article": the articles by their dates
            + _ORDER.pattern,
            re.IGNORECASE,
        ),
    ),
    (
        # "link to the law firm post?", "got the url for that clash report piece", "the
        # article's link": the address recorded for an article, not a link between two things.
        Intent.LINK,
        re.compile(
            rf"\b(link|url|web ?address)\s+(to|for|of)\s+(the|that|this|their|your)\s+(\S+\s+){{0,3}}({_DOC}|{_OUTLET_NOUN})\b|"
            rf"\b(link|url)\s+(to|for)\s+(it|them|that one|this one)\b|"
            # "where can i read the clash report article": its address
            rf"\bwhere (can|could|do|should) (i|u|we|you) (read|find|see|get) (the|that|this) (\S+\s+){{0,3}}{_DOC}\b|"
            rf"\b{_DOC}['’]s\s+(link|url|address)\b|\b(article|story|post|blog|piece) (link|url)\b(?!\s+to\b)",
            re.IGNORECASE,
        ),
    ),
    (
        Intent.WHICH,
        re.compile(
            # "which article has an faq at the bottom", "which one has the hcaptcha thing"
            rf"\b{_WHICH} {_DOC} (has|have|had|contains?|includes?|features?|shows?|links? to)\b|"
            rf"\b({_WHICH}|how many( of (the|these|those|your|all the))?) {_DOC}\b.{{0,60}}\b(mention|mentions|mentioned|say|says|said|talk|talks|cover|covers|report|reports|reported|discuss|discusses|claim|claims|cite|cites|quote|quotes|bring up|brings up|name|names)\b|"
            rf"\b(which|what|whose) {_OUTLET_NOUN}\b.{{0,60}}\b(mention|mentions|mentioned|say|says|said|talk|talks|cover|covers|covered|report|reports|reported|ran|run|runs|publish|published|posted|carried|wrote|write)\b|"
            rf"{_WHO_RAN}|\bwho broke\b|\bwhere(['’]s| was| is| did) .{{0,40}}\b(reported|published|posted)\b|"
            # "what's the name of the outlet for the emoji post"
            rf"\bname of (the|that|this) {_OUTLET_NOUN}\b|"
            rf"\b(which|what) {_OUTLET_NOUN}\b|\b(is|are) (there )?(any|anything|one|some)( of (these|them|those|the \w+))?( {_DOC})? (from|by) (a|an|the)? ?(\w+ )?{_OUTLET_NOUN}\b|"
            rf"\b{_WHICH} (is|are|was|were|comes?|came) (from|by|published|posted|written)\b|"
            # "is there a law firm that wrote about this", "did a law firm cover it"
            rf"\b(is|was) there (a|an|any) {_OUTLET_NOUN} (that|which|who) (wrote|covered|reported|published|posted)\b|"
            rf"\b(did|has|have) (a|an|any) {_OUTLET_NOUN} (write|written|cover|covered|report|reported|publish|published)\b|"
            rf"\b{_WHICH} {_DOC} (is|are|was|were) (from|by|published|posted|written)\b",
            re.IGNORECASE,
        ),
    ),
)
# A WHICH question whose subject is the outlet itself ("which site ran it") is answered with
# the outlet's card when the question says nothing else to search for.
_OUTLET_ASK = re.compile(rf"\b(which|what|whose) {_OUTLET_NOUN}\b|\bname of (the|that|this) {_OUTLET_NOUN}\b|{_WHO_RAN}", re.IGNORECASE)

_EMOJI = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\U0001F1E6-\U0001F1FF]")

# What a law firm's page says of itself (its name's suffix, its sign-off). Not "legal",
# "lawyers" or "counsel": news of court cases and treaties uses them, and with a few such
# stories in the corpus "the law firm" would point at none (MOST_REFERENCED).
_LAW_FIRM = re.compile(r"\b(LLP|LLC|attorneys?|law firm|law offices?)\b", re.IGNORECASE)

# Descriptions of kinds of publisher, matched against the outlet's name and the article's text.
DESCRIPTORS: dict[str, re.Pattern[str]] = {
    "law": _LAW_FIRM,
    "lawyer": _LAW_FIRM,
    "attorney": _LAW_FIRM,
    "legal": _LAW_FIRM,
    "blog": re.compile(r"\b(blog|post)\b", re.IGNORECASE),
    # "the one with all the emojis": a page written with pictographs, which news copy is not
    "emoji": _EMOJI,
    "emojis": _EMOJI,
}

# Words of a metadata question that say what is asked, not which article is meant.
_ASKING = frozenset(
    tokenize(
        "who wrote write writes written author authors authored penned byline writer journalist "
        "reporter outlet outlets site sites website publication publisher newspaper paper media "
        "headline headlines title titles titled called published publish posted post posts "
        "report reports reported ran run runs carried covered cover article articles story "
        "stories piece pieces source sources date dated when updated released come came out "
        "which what whose many how list name mention mentions mentioned say says said talk "
        "discuss claim cite quote one firm news there any anything law lawyer lawyers "
        "attorney attorneys legal blog proper real section category column desk filed listed "
        "tagged categorized categorised under dateline datelined city reporting photo photos "
        "photograph pic pics picture pictures image images shot took credit credits cite cites "
        "cited citing sourced info information get gets got getting put puts putting theirs "
        "release releases drop dropped print printed upload uploaded live "
        # names for a kind of article ("the explainer"): which one is asked by what else the
        # question says of it
        "explainer explainers primer op-ed oped writeup writeups write-up write-ups"
    )
)


# "What did the author say about tariffs?" asks what an article says, not who wrote it.
_WHAT_WRITER_SAYS = re.compile(
    r"\bwhat (did|does|do|has|have)\s+(the |that |this |their )?(author|writer|reporter|journalist)s?\s+"
    r"(say|said|think|thought|argue|argued|claim|claimed|write|wrote|mean|meant|conclude|concluded)\b",
    re.IGNORECASE,
)


# "who wrote the tokyo dateline one", "which outlet ran the one with the tokyo dateline": the
# dateline describes the article asked about; it is not what is asked.
_DATELINE_DESCRIBES = re.compile(
    r"\bdatelined?\s+(?:one|article|piece|story|post|report|write-?up)\b|"
    r"\bwith (?:the|a|that) (?:[\w'’-]+ )?datelines?\b",
    re.IGNORECASE,
)


def intent(question: str) -> Intent | None:
    """The metadata question a question is, if it is one."""
    if _WHAT_WRITER_SAYS.search(question):
        return None
    for kind, pattern in _PATTERNS:
        text = _DATELINE_DESCRIBES.sub(" ", question) if kind is Intent.DATELINE else question
        if pattern.search(text):
            return kind
    return None


def asks_order(question: str) -> str:
    """"oldest" or "newest" for "which piece is the oldest", "the newest article"; else ""."""
    match = _ORDER.search(question)
    if not match:
        return ""
    return "oldest" if match.group("old") or match.group("old2") else "newest"


def by_date(sources: Sequence[Source], order: str) -> list[Source]:
    """The dated articles, oldest or newest first (undated ones can be neither)."""
    dated = [s for s in sources if s.published]
    return sorted(dated, key=lambda s: s.published, reverse=order == "newest")


_WHO_IS = re.compile(r"^\W*(?:who|whos|who['’]s)(?:\s+(?:is|was))?\s+(?P<rest>.+)$", re.IGNORECASE)


def intent_in(question: str, cat: Catalogue) -> Intent | None:
    """`intent`, or AUTHOR for a question asking who one of the catalogue's authors is."""
    return intent(question) or (Intent.AUTHOR if asks_who_author_is(question, cat) else None)


def asks_who_author_is(question: str, cat: Catalogue) -> bool:
    """"Who's Chaney Finn?": a person the articles know only as one's author (their byline).

    The byline was cleaned out of the text, so no passage names them; the source card does.
    Only a name that is an author's in full, first in what follows "who is".
    """
    match = _WHO_IS.match(question.strip())
    if not match:
        return False
    words = re.findall(r"[a-z0-9]+", match.group("rest").lower())
    if not words:
        return False
    return any(
        tuple(words[: len(name)]) == name
        and len(name) > 1
        and any(name in name_forms(cat.sources[p].author) for p in positions if cat.sources[p].author)
        for name, positions in cat.names.get(words[0], ())
    )


# "the golden era article", "that tokyo one", "the emoji blog": words describing a document,
# not a claim ("which outlet reported the JERA deal" asks who says something).
_DESCRIBED = re.compile(rf"\b(the|that|this)\s+([\w'’-]+\s+){{1,4}}{_DOC}\b", re.IGNORECASE)
# ... and after the noun: "the one about AP1000 reactors", "that piece on the price floor"
# (up to the clause's end: "... reactors for homework, who's the author").
_DESCRIBED_AFTER = re.compile(
    rf"\b(?:the|that|this)\s+{_DOC}\s+(?:about|on|covering|mentioning)\s+"
    r"(?P<what>(?:[\w'’-]+\s*?){1,4}?)(?=\s*(?:[,.?!;:]|$)|\s+(?:for|who|which|that|and|by|from|in|is|was|has|had|"
    # "when was the article about the price floor published"
    r"published|posted|written|updated|released|dated|put|come|came|go|went)\b)",
    re.IGNORECASE,
)


def describes_article(question: str) -> bool:
    """Whether the question names the article it asks about by a description of it."""
    return bool(_DESCRIBED.search(question))


# "which articles mention stockpiles", "which of the stories talks about jera": a question about
# what the articles say, answered by the passages that say it, one per article, even when a
# word of it is also in some title ("JERA signs letter of intent ..." is one article of several
# that mention JERA).
_MENTIONS = re.compile(
    r"\b(mention|mentions|mentioned|mentioning|talk|talks|talked|talking|discuss|discusses|discussed|"
    r"bring up|brings up|brought up|refer to|refers to|referred to|go into|goes into|get into|gets into)\b",
    re.IGNORECASE,
)


def asks_mention(question: str) -> bool:
    """Whether the question asks which articles say something, rather than which one is meant."""
    return bool(_MENTIONS.search(question))


def asks_outlet(question: str) -> bool:
    """Whether the question's subject is the publisher ("which site ran the story")."""
    return bool(_OUTLET_ASK.search(question))


def rest_terms(question: str) -> list[str]:
    """The question's content terms once the words of asking are removed: what picks the article."""
    return [t for t in tokenize(question) if t not in _ASKING and t not in STOPWORDS]


@dataclass(frozen=True)
class SourceMatch:
    """How well a question's remaining words pick out one article."""

    source: Source
    score: float


def metadata_terms(source: Source) -> set[str]:
    """The terms of an article's title, outlet and author."""
    return set(tokenize(" ".join((source.title, source.outlet, source.author))))


_SUFFIXES = frozenset(["llp", "llc", "lp", "inc", "ltd", "co", "corp", "plc", "gmbh", "ag", "sa", "pc"])


@functools.lru_cache(maxsize=65536)  # a few outlets and authors write thousands of articles
def name_forms(name: str) -> tuple[tuple[str, ...], ...]:
    """The ways a member may write an outlet's or author's name, fullest first.

    People shorten names: a firm by its first two partners without "LLP" ("Barnes Richardson"
    for "Barnes, Richardson & Colburn, LLP"), a person without the middle initial ("Chaney
    Finn"). Each form still has at least two words, so a single common word never points, and
    only a firm's name is cut to its first two: "Critical Materials Weekly" must not become
    "critical materials", which questions say about everything.
    """
    words = tuple(re.findall(r"[a-z0-9]+", name.lower()))
    forms = [words]
    trimmed = _without_suffixes(words)
    forms.append(trimmed)
    plain = tuple(w for w in trimmed if len(w) > 1)
    if len(plain) >= 2:
        forms.append(plain)
    if len(plain) >= 3 and trimmed != words:
        forms.append(plain[:2])  # only a firm's name ("... LLP"): "Critical Materials Weekly" is no firm
    short = initials(name)
    if short:
        forms.append((short,))
    return tuple(dict.fromkeys(f for f in forms if f))


def _without_suffixes(words: tuple[str, ...]) -> tuple[str, ...]:
    """A firm's name without "LLP", "Inc" and the like at its end (two words at least)."""
    while len(words) > 2 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return words


_NOT_INITIALLED = frozenset(["the", "and", "of", "for", "a", "an"])


@functools.lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """A name of three or more words by its initials, or "" for a word or a shorter name.

    "BRC" for "Barnes, Richardson & Colburn, LLP", "NYT" for "The New York Times": members
    shorten long names the way their owners do. Initials that spell a word ("cat", "now") or
    chat filler ("tbh", "idk") must not point at an article.
    """
    words = _without_suffixes(tuple(w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _NOT_INITIALLED))
    if len(words) < 3:
        return ""
    short = "".join(w[0] for w in words)
    return "" if short in english_words() or short in FILLER else short


SMALL_CORPUS = 256  # up to this many articles, every one is weighed for every question
CANDIDATES = 64  # beyond it, at most about this many per way of being picked


@dataclass(frozen=True)
class Catalogue:
    """Which articles each metadata word and each description points at, built once per index.

    A question about the articles names or describes one of them ("the law firm's piece", "the
    Clash Report story"). With 100,000 passages in 12,000 articles, reading every article's
    metadata and text for each such question takes seconds; the catalogue answers "which
    articles could be meant" from postings instead, and `rank_sources` weighs only those.
    """

    sources: tuple[Source, ...]
    terms: Mapping[str, np.ndarray]  # title/outlet/author term -> positions in `sources`
    described: Mapping[str, np.ndarray]  # DESCRIPTORS word -> positions whose outlet or end fit
    positions: Mapping[str, int]  # source id -> position in `sources`
    names: Mapping[str, tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]] = field(default_factory=dict)
    # first word of an outlet's or author's name -> (the name's words, positions of its articles)


def catalogue(sources: Sequence[Source], tail: Callable[[str], str] | None = None) -> Catalogue:
    """The catalogue of these articles.

    Descriptions are matched against the outlet's name and, for a small corpus given `tail`
    (an article's text by id), the end of its text ("... is a partner at the law firm"); reading
    every article of a large corpus would cost seconds.
    """
    terms: dict[str, list[int]] = {}
    described: dict[str, list[int]] = {word: [] for word in DESCRIPTORS}
    names: dict[tuple[str, ...], list[int]] = {}
    read = tail if tail is not None and len(sources) <= SMALL_CORPUS else None
    for position, source in enumerate(sources):
        for term in metadata_terms(source):
            terms.setdefault(term, []).append(position)
        end = read(source.id)[-2000:] if read else ""
        for word, pattern in DESCRIPTORS.items():
            if pattern.search(source.outlet) or (end and pattern.search(end)):
                described[word].append(position)
        for name in (source.outlet, source.author):
            for words in name_forms(name):
                if len(" ".join(words)) >= 3:
                    positions = names.setdefault(words, [])
                    if not positions or positions[-1] != position:  # in order: a repeat is the last
                        positions.append(position)
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[int, ...]]]] = {}
    for words, positions in names.items():
        by_first.setdefault(words[0], []).append((words, tuple(positions)))
    return Catalogue(
        tuple(sources),
        {t: np.array(p, dtype=np.int32) for t, p in terms.items()},
        {w: np.array(p, dtype=np.int32) for w, p in described.items()},
        {s.id: i for i, s in enumerate(sources)},
        {w: tuple(v) for w, v in by_first.items()},
    )


# "the law firm's piece", "the lawyers", "that blog post", "the trade law article": an article
# pointed at by the kind of publisher that wrote it. Only these phrases, not "law" alone ("what
# does the EU law say").
_REFERENCE = re.compile(
    # ("... which industries need them? (emoji post)": a parenthesis names the article too)
    r"(?:\b(?:the|that|this|their|which)\s+|\(\s*(?:the\s+)?)(?:[a-z][\w-]*\s+){0,2}?(?:(law\s?firm|lawyers?|attorneys?|legal\s+(?:article|piece|post|blog|analysis|alert)|law(?=\s+(?:article|piece|post|blog|write-?up|alert)\b))"
    r"(?:['’]s|s['’])?(?:\s+(?:article|piece|post|blog|write-?up|analysis|alert|note|update|one))?"
    # ("the blog w the emojis" is the emoji page, not any blog)
    r"|(blog)(?:\s+post)?(?!(?:\s+post)?\s+(?:with|w/?|full of)\s+(?:all\s+)?(?:the\s+|those\s+)?(?:[a-z]+\s+)?emojis?\b)"
    # "the emoji post", "that emoji article", "the post with all the flag emojis": the page
    # written with pictographs
    r"|(emojis?)\s+(?:article|piece|post|one|write-?up|story)"
    r"|(?:article|piece|post|one|blog|write-?up|story|page)\s+(?:with|w/?|full of)\s+(?:all\s+)?(?:the\s+|those\s+)?"
    r"(?:[a-z]+\s+)?(emojis?))\b",
    re.IGNORECASE,
)
MOST_REFERENCED = 3  # a description that fits more articles than this points at none
# Words around an outlet's or author's name that make it the source asked about ("according to
# Reuters", "the Clash Report piece", "what did Reuters say"), not a phrase that happens to match
# one ("how many times" and an outlet called The Times).
_CUE_BEFORE = frozenset(["according", "per", "in", "from", "by", "did", "does", "do", "has", "had", "is", "was", "the"])
_CUE_AFTER = frozenset(
    ["s", "article", "articles", "piece", "story", "post", "report", "reports", "reported", "say", "says",
     "said", "write", "writes", "wrote", "claim", "claims", "one", "blog", "coverage", "think", "thinks", "mention", "mentions"]
)


def referenced(question: str, cat: Catalogue) -> tuple[tuple[Source, ...], str]:
    """The articles a question points at as documents, and the question without the pointing.

    "What does the law firm say about processing?" asks what one article says: its answer is
    a passage of that article, and "law firm" is not a word the passages need to contain. An
    outlet or author named outright ("what does Clash Report say") points the same way.
    """
    found: dict[int, None] = {}
    rest = question
    match = _REFERENCE.search(question)
    if match:
        positions = cat.described["blog" if match.group(2) else "emoji" if match.group(3) or match.group(4) else "law"]
        if 0 < len(positions) <= MOST_REFERENCED:
            found.update((int(i), None) for i in positions)
            end = match.end()
            closing = re.match(r"\s*\)", question[end:]) if question[match.start()] == "(" else None
            if closing:
                end += closing.end()
            rest = " ".join((question[: match.start()] + " the article " + question[end:]).split())
    words = re.findall(r"[a-z0-9]+", question.lower())
    for i, word in enumerate(words):
        for name, positions in cat.names.get(word, ()):
            after = words[i + len(name) : i + len(name) + 1]
            cued = bool(set(words[max(0, i - 2) : i]) & _CUE_BEFORE or set(after) & _CUE_AFTER)
            if tuple(words[i : i + len(name)]) == name and cued and len(positions) <= MOST_REFERENCED:
                found.update((p, None) for p in positions)
                spoken = r"\W+".join(re.escape(w) for w in name)
                rest = re.sub(rf"\b(?:the\s+)?{spoken}\b(?:['’]s)?", "the article", rest, count=1, flags=re.IGNORECASE)
    return tuple(cat.sources[i] for i in sorted(found)), rest


def candidates(question: str, cat: Catalogue, covering: Iterable[str] = ()) -> list[Source]:
    """The articles a metadata question could mean: all of a small corpus, else a bounded few.

    Those sharing the most title/outlet/author words with the question, those fitting a
    description it uses ("the law firm"), and `covering` (the articles whose passages match
    the question best, from the normal retrieval, which also stand in for "the main story"
    when the question names nothing).
    """
    if len(cat.sources) <= SMALL_CORPUS:
        return list(cat.sources)
    chosen: dict[int, None] = {}
    postings = [cat.terms[t] for t in dict.fromkeys(tokenize(question)) if t in cat.terms]
    if postings:
        counts = np.bincount(np.concatenate(postings), minlength=len(cat.sources))
        best = np.argsort(-counts, kind="stable")[:CANDIDATES]
        chosen.update((int(i), None) for i in best if counts[i] > 0)
    words = set(re.findall(r"[a-z]+", question.lower()))
    for word in sorted(words & cat.described.keys()):
        chosen.update((int(i), None) for i in cat.described[word][:CANDIDATES])
    for sid in covering:
        if sid in cat.positions:
            chosen[cat.positions[sid]] = None
    return [cat.sources[i] for i in sorted(chosen)]


# A phrase the member puts in quotes ("the article that says 'today, tuesday'"): opened after a
# space or the start, closed before a space, punctuation or the end, so "what's" is no quote.
_QUOTED = re.compile(r"(?:^|(?<=\s))['\"“‘]([^'\"”’\n]{3,80}?)['\"”’](?=\s|$|[?.!,;:])")


def quoted_phrases(question: str) -> list[str]:
    """The phrases a question quotes, as lower-case words joined by single spaces."""
    out = []
    for match in _QUOTED.finditer(question):
        words = " ".join(re.findall(r"[a-z0-9]+", match.group(1).lower()))
        if words:
            out.append(words)
    return out


# Words of a description that say what kind of document it is, not what it says: the words of
# the document and publisher patterns, their optional letters spelt out ("news ?site", "organi[sz]ation").
_KIND_WORDS = frozenset(
    re.findall(r"[a-z]+", re.sub(r"\[([a-z])([a-z])\]", r"\1", f"{_DOC} {_OUTLET_NOUN} news write up organization".lower()))
) | frozenset(DESCRIPTORS)


def described_phrases(question: str) -> list[str]:
    """The words describing an article by what it says ("the golden era article" → "golden era").

    Before its noun or after it ("the one about AP1000 reactors" → "ap1000 reactors"). Matched
    like a quoted phrase: an article whose text holds them, when few do, is the one meant.
    Words for kinds of document ("blog", "post", "law firm") and stopwords at either end are
    left out; a description made only of them, or of one everyday word, describes nothing here.
    """
    out = []
    found = [re.findall(r"[a-z0-9]+", m.group(0).lower())[1:-1] for m in _DESCRIBED.finditer(question)]
    found += [re.findall(r"[a-z0-9]+", m.group("what").lower()) for m in _DESCRIBED_AFTER.finditer(question)]
    for words in found:
        while words and (words[0] in _KIND_WORDS or words[0] in STOPWORDS):
            words = words[1:]
        while words and (words[-1] in _KIND_WORDS or words[-1] in STOPWORDS):
            words = words[:-1]
        # One everyday word ("the first article", "that tokyo one") is too loose a description.
        if len(words) > 1 or (words and zipf(words[0]) < RARE_ZIPF):
            out.append(" ".join(words))
    return out


def quoting(phrases: Sequence[str], texts: Mapping[str, str]) -> set[str]:
    """The articles whose text holds one of the quoted phrases, when at most a few do."""
    found: set[str] = set()
    if not phrases:
        return found
    flat = {sid: f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} " for sid, text in texts.items()}
    for phrase in phrases:
        having = {sid for sid, words in flat.items() if f" {phrase} " in words}
        if 0 < len(having) <= MOST_REFERENCED:
            found |= having
    return found


def rank_sources(
    question: str,
    sources: Sequence[Source],
    content: Mapping[str, float],
    texts: Mapping[str, str],
    prior: Mapping[str, float] | None = None,
    furniture: Mapping[str, Sequence[str]] | None = None,
) -> list[SourceMatch]:
    """Articles ranked by how well the question names or describes them.

    Named: the question shares words with the title, outlet or author (all of them count, a
    name is decisive; a title's words not when the question picks the article by what it
    mentions), or quotes words the article's text holds (and few others do). Described: "the law firm" matches an outlet or text that says LLP or
    attorney. Covered: `content` gives each article's best passage score for the question's
    remaining words (from the normal retrieval), which decides when nothing is named; `prior`
    (each article's support, see `Searcher.support`) breaks what is left of a tie towards the
    corpus's main story. Quoted words are looked for in an article's page `furniture` too
    ("the 'last updated' article": a line around the story, not in it).
    """
    rest = set(rest_terms(question))
    words = set(re.findall(r"[a-z]+", question.lower()))
    flat = " ".join(re.findall(r"[a-z0-9]+", question.lower()))
    pages = {sid: " ".join([text, *(furniture or {}).get(sid, ())]) for sid, text in texts.items()}
    quoted = quoting([*quoted_phrases(question), *described_phrases(question)], pages)
    mention = asks_mention(question)
    out = []
    for source in sources:
        meta = metadata_terms(source)
        named = len(rest & meta) / max(len(rest), 1) if rest else 0.0
        if named < 0.5:
            named = 0.0  # one shared word ("golden era" vs "golden share") names nothing
        for name in (source.outlet, source.author):
            words_of = " ".join(re.findall(r"[a-z0-9]+", name.lower()))
            if len(words_of) > 3 and re.search(rf"\b{re.escape(words_of)}\b", flat):
                named = 2.0  # the question names the outlet or the author outright
            elif (short := initials(name)) and short in words:
                named = 2.0  # by its initials ("the BRC post")
        if mention and named < 2.0:
            # "who wrote the article that mentions ap1000 reactors": picked by what its text
            # says, not by a title sharing a word ("... small modular reactor project")
            named = 0.0
        if source.id in quoted:
            named = 2.0  # "the article that says 'today, tuesday'": its own words, quoted
        described = 0.0
        for word, pattern in DESCRIPTORS.items():
            if word in words and (
                pattern.search(source.outlet) or pattern.search(texts.get(source.id, "")[-2000:])
            ):
                described += 1.0  # "the emoji blog": each description that fits counts
        score = (
            1.5 * named
            + 1.0 * described
            + float(content.get(source.id, 0.0))
            + 0.5 * float((prior or {}).get(source.id, 0.0))
        )
        out.append(SourceMatch(source, score))
    return sorted(out, key=lambda m: (-m.score, m.source.id))


_DATELINE = re.compile(r"^([A-Z][A-Z.'’]+(?: [A-Z][A-Z.'’]+){0,3})(?:, [A-Z][\w.]+)?(?: \([^)\n]{1,40}\))? ?[–—-]{1,2} ")
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?(?=\s|$)")


def attribution_span(text: str, title: str, kind: Intent) -> tuple[int, int] | None:
    """Where an article's text itself answers a question about the article, if it does.

    SECTION: a short label on the first line, just above the headline ("Industry News").
    CREDIT: an image credit line anywhere ("Featured Image by Kevin Schwarz from Pixabay").
    DATELINE: a paragraph among the first three opening with a place in capitals and a dash
    ("TOKYO – In a significant ..."): its first sentence, which names the place. The span is
    quoted verbatim, like any passage.
    """
    lines: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((at, line))
        at += len(line) + 1
        if len(lines) >= 3:
            break
    if kind is Intent.SECTION and len(lines) >= 2:
        (start, first), (_, second) = lines[0], lines[1]
        label = first.strip()
        if (
            len(label) <= 40
            and len(label.split()) <= 4
            and not label.endswith((".", "?", "!", ":", ","))
            and same_name(second, title)
            and not same_name(label, title)
        ):
            offset = start + first.index(label)
            return offset, offset + len(label)
    if kind is Intent.CREDIT:
        at = 0
        for line in text.split("\n"):
            stripped = line.strip()
            if CREDIT_LINE.match(stripped):
                offset = at + line.index(stripped)
                return offset, offset + len(stripped)
            at += len(line) + 1
    if kind is Intent.DATELINE:
        for start, line in lines:
            if _DATELINE.match(line):
                end = _SENTENCE_END.search(line)
                stop = end.end() if end and end.end() <= 600 else _DATELINE.match(line).end() - 1  # type: ignore[union-attr]
                return start, start + len(line[:stop].rstrip())
    return None


# A line naming where the article got its information: "Sources: ...", "Trusted news sources:
# Reuters, ...", "References: ...", "Via: ...".
_SOURCES_LINE = re.compile(
    r"^\s*(?:(?:trusted|main|key|our|news|other|further)\s+){0,2}(?:sources?|references|citations|via)\s*:\s*\S",
    re.IGNORECASE,
)


RELATED_MOST = 10  # headlines listed at most, from a page's related-links list
# A publisher's prompt or label after its links ("Sign up for our newsletter", "Tags: Lynas,
# Malaysia"), not a headline; and the bullet a list marks its links with.
_CALL_TO_ACTION = re.compile(
    r"^(sign up|subscribe|share|follow us|read more|click|download|get (the|our)|join|log ?in|register|"
    r"(tags?|topics?|categor(y|ies)|filed under)\s*:)",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[-•*·–]\s+")


def related_headlines(furniture: Sequence[str]) -> list[str]:
    """The headlines a page's "Related News" list links to, from the article's furniture lines.

    The list's other lines ("Africa", "August 2025": a category and a date under each link)
    are too short to be a headline, so a line needs four words.
    """
    out: list[str] = []
    listing = False
    for line in furniture:
        if RELATED_HEADER.match(line.strip()):
            listing = True
            continue
        headline = _BULLET.sub("", line.strip())
        if listing and len(headline.split()) >= 4 and not _CALL_TO_ACTION.match(headline) and headline not in out:
            out.append(headline)
    return out[:RELATED_MOST]


# Words naming where on a page, or what kind of part, something is: "the faq at the bottom",
# "the related news links", "the hcaptcha thing". They say nothing about which article.
PAGE_WORDS = frozenset(
    tokenize("bottom top end start page thing things bit part section sections list lists link links like lol box footer")
)

# Words for a table ("which article has the comparison table"): a part of a page too, which an
# article has if any of its units is a table row (`Searcher.page_holders`).
TABLE_TERMS = frozenset(tokenize(" ".join(sorted(TABLE_WORDS))))

# "the one with the faq", "the article that has the chart": an article described by a part of
# its page, which `Searcher.page_holder` finds.
_WITH_PART = re.compile(
    r"\b(?:one|article|post|piece|story|blog|page)\s+(?:with|that has|having|that had)\s+(?:the\s+|a\s+|an\s+)?([\w-]+(?:\s+[\w-]+)?)",
    re.IGNORECASE,
)


def part_described(question: str) -> list[str]:
    """The terms of the page part an article is described by ("the one with the faq" → faq)."""
    match = _WITH_PART.search(question)
    return [t for t in tokenize(match.group(1)) if t not in PAGE_WORDS] if match else []


def page_holder(wanted: Sequence[str], holders: Mapping[str, Iterable[str]]) -> str | None:
    """The one article whose page parts hold most of `wanted` (at least half), if one does.

    `holders` maps a term to the articles whose page parts have it (`Searcher.page_holders`). "which
    article has an faq at the bottom": the article with an "FAQs" heading; "which one has the
    hcaptcha thing": the one whose page carried the captcha notice. A tie is no answer.
    """
    wanted = list(dict.fromkeys(wanted))
    counts: dict[str, int] = {}
    for term in wanted:
        for sid in holders.get(term, ()):
            counts[sid] = counts.get(sid, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    sid, best = ranked[0]
    if best < len(wanted) / 2 or (len(ranked) > 1 and ranked[1][1] >= best):
        return None
    return sid


SECTION_CHARS = 300  # a heading shown with the first lines under it, as far as this


def section_span(text: str, wanted: Iterable[str]) -> tuple[int, int] | None:
    """Where the article's text has the part asked for: its heading and the lines under it.

    "which article has an faq at the bottom": the "FAQs" heading and its first question show
    the member the part, quoted from the article whose card comes with it. A heading is a short
    line (a few words, no full stop at its end) holding a term asked for; the lines after it
    are taken whole while they fit in `SECTION_CHARS`. None when no heading has the terms (a
    table, or a part that is page furniture, is shown by its article's card instead).
    """
    wanted = set(wanted)
    lines: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    for i, (start, end) in enumerate(lines):
        heading = text[start:end].strip()
        if not heading or len(heading.split()) > 6 or heading[-1] in ".!?,;" or not wanted & set(tokenize(heading)):
            continue
        last = end
        for _, e2 in lines[i + 1 :]:
            if e2 - start > SECTION_CHARS:
                break
            last = e2
        if last == end:
            return None  # a heading with nothing under it that fits: the card says enough
        return start + (len(text[start:end]) - len(text[start:end].lstrip())), last
    return None


def sources_lines(text: str) -> list[tuple[int, int]]:
    """Where an article lists its sources ("Trusted news sources: Reuters, ..."), in order.

    Quoted verbatim like any passage; an article may cite sources only in its sentences ("the
    White House said"), which the passages answer instead.
    """
    spans: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if _SOURCES_LINE.match(stripped) and len(stripped) <= 600:
            offset = at + line.index(stripped)
            spans.append((offset, offset + len(stripped)))
        at += len(line) + 1
    return spans


# "when was the golden era article last updated": the date of its last change, which a page
# prints apart from the story ("Last Updated on October 28, 2025") and which need not be the
# date it was published (the card's).
_ASKS_UPDATED = re.compile(r"\b(updated|update|edited|revised|modified)\b", re.IGNORECASE)
_UPDATED_LINE = re.compile(
    r"^(last\s+)?(updated|modified|revised|edited)(\s+(on|at))?\s*:?\s+\S.{0,40}\d.{0,20}$", re.IGNORECASE
)


def asks_updated(question: str) -> bool:
    """Whether a question about an article's date asks when it was last changed."""
    return bool(_ASKS_UPDATED.search(question))


def updated_line(furniture: Sequence[str]) -> str | None:
    """The page's "Last Updated on ..." line, if its furniture has one."""
    for line in furniture:
        stripped = " ".join(line.split())
        if _UPDATED_LINE.match(stripped):
            return stripped
    return None


def printed_date(furniture: Sequence[str], published: str) -> str | None:
    """The date a page prints for its article, as printed, when it is the card's date.

    "what date is on the law firm's post": the card says 2025-10-28, the page "Oct. 28,
    2025"; quoting the page's own words shows where the card's date comes from. Only the date
    is taken, not the words run together with it, and never a "Last Updated" line (a change,
    which `updated_line` answers when asked) or a date that differs from the card's.
    """
    if not published:
        return None  # a printed day that is no date ("Feb. 30, 2025") parses to "", as an undated card is
    for line in furniture:
        stripped = " ".join(line.split())
        if _UPDATED_LINE.match(stripped):
            continue
        for m in DATE_RE.finditer(stripped):
            if parse_date(m.group(0)) == published:
                return m.group(0)
    return None


# The words of asking whom to contact, which name nothing a contact line is about
CONTACT_TERMS = frozenset(tokenize("contact contacts reach out touch hold ahold hit up email call ring info information details question questions"))


def contact_lines(furniture: Sequence[str]) -> list[str]:
    """The lines of a page telling its readers whom to contact, as the page prints them.

    Cleaning keeps them out of the story (a law firm's closing call to action is furniture, by
    `text.is_contact_line`, which picks them here too), so they are shown as what the page
    says, under the article's card, never as its words.
    """
    out = []
    for line in furniture:
        stripped = " ".join(line.split())
        if is_contact_line(stripped) and stripped not in out:
            out.append(stripped)
    return out


def has_field(source: Source, kind: Intent) -> bool:
    """Whether the article's metadata holds what the question asks for."""
    return bool(
        {
            Intent.AUTHOR: source.author,
            Intent.OUTLET: source.outlet,
            Intent.TITLE: source.title,
            Intent.DATE: source.published,
            Intent.LINK: source.url,
        }.get(kind, "x")
    )


def card_text(source: Source) -> str:
    """An article's source card as one line: what a metadata answer shows (no quote marks)."""
    parts = [source.title]
    if source.outlet:
        parts.append(f"published by {source.outlet}")
    if source.author:
        parts.append(f"written by {source.author}")
    if source.published:
        parts.append(f"dated {source.published}")
    if source.url:
        parts.append(source.url)
    return "; ".join(parts)
