"""What kind of thing a question asks for, and whether a passage contains one.

"When was it signed?" is answered by a sentence with a date in it, not by the most similar
sentence about the signing; "how much", "how long", "who" and "where" likewise. Question
answering systems have long used this expected-answer-type match (Moldovan et al., TREC QA):
the question's wh-word and head noun give a class, and a candidate passage without an entity of
that class is unlikely to answer. Both sides are pure pattern functions here, general English,
not tied to any article.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

from index.lexicon import CAPITALS, TEXT_WORDS_PATTERN, place_names


class AnswerType(StrEnum):
    """Classes of answers a question can ask for."""

    DATE = "date"
    DURATION = "duration"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"  # any amount: "how many", "how much" of something not money
    PERSON = "person"
    ORG = "organisation"
    PLACE = "place"
    VENUE = "venue"  # a building or site: "which building was it signed in" (not just "Tokyo")
    REASON = "reason"
    QUOTE = "quote"  # what someone said
    ATTRIBUTION = "attribution"  # who says so / where the information comes from
    # "who" asked of no one in particular ("who's annoyed about it?", "who signed it?"): in news
    # the actors are people, organisations and countries alike. (Last, so stored bits keep.)
    ACTOR = "actor"
    # "why now?", "what set it off?": what set the event off, which news gives as what it follows
    # ("the deal follows Beijing's new export restrictions"), not as its aims. (Last, as ACTOR.)
    CAUSE = "cause"
    # "which industries need these minerals", "what sectors is the money going into": a list of
    # industries ("defence, electronics, autos, aerospace"). (Last, as ACTOR.)
    SECTORS = "sectors"
    # "is the stockpile thing locked in or just talk", "is it finalized": how settled something
    # is, which news says in its own hedges ("agreed to consider establishing", "the framework
    # is still broadly defined"). (Last, as ACTOR.)
    STATUS = "status"


# Nouns for a company ("which company", "which chip makers"), and for any organisation.
_COMPANY_NOUNS = (
    r"company|companies|firms?|utility|utilities|corporations?|business|businesses|manufacturers?|"
    # "which japanese carmaker": a maker of something, written as one word
    r"(?:car|auto|chip|steel|ship|drug|battery|magnet)?makers?|"
    r"producers?|miners?|suppliers?|refiners?|shipbuilders?|conglomerates?"
)
_ORG_NOUNS = (
    rf"({_COMPANY_NOUNS}|organi[sz]ations?|agency|agencies|banks?|groups?|body|bodies|institutions?|outlet|"
    r"outlets|publications?|site|website|newspaper|paper|media|lenders?|insurers?)"
)
# Up to two words describing the organisation asked ("which japanese mining companies"), not an
# auxiliary or an article ("what does the company do" asks no organisation).
_DESCRIBED = (
    r"(?:(?!(?:is|are|was|were|do|does|did|will|would|can|could|has|have|had|the|a|an|of|kind|sort|type)\b)"
    r"[\w-]+ ){0,2}?"
)
_DESCRIBED_ORG = re.compile(rf"\b(which|what) (?!{_ORG_NOUNS}\b){_DESCRIBED}{_ORG_NOUNS}\b", re.IGNORECASE)


def describes_org(question: str) -> bool:
    """Whether a question describes the organisation it asks for ("which us agency", not "which agency").

    Its answer is an organisation all the same, but read as one for ranking, it lifted windows
    naming any organisation over the sentence answering (and the sentence naming it seldom
    repeats the description: "Utility giant JERA agreed to import ... LNG" answers "which
    japanese company buys the american gas"). So only a quote naming no organisation at all is
    judged by it ("which mining companies got picked": no article names one).
    """
    return bool(_DESCRIBED_ORG.search(question))


# Words the organisation pattern takes that describe rather than name one ("the government").
_GENERIC_ORG = frozenset({"government", "utility", "firm", "company"})
# Blocs and forums of governments ("Key Partners: U.S., ASEAN, Australia"): no company, and no
# agency of one government either.
_BLOCS = frozenset({"asean", "apec", "eu", "g7", "g20", "quad", "nato", "un", "wto", "opec", "iea", "imf", "oecd", "ipef"})
# ... and those naming a government's own bodies, which answer no question asking for a company.
_STATE_BODIES = frozenset(
    {"white", "house", "pentagon", "ministry", "department", "agency", "commission", "council"} | _BLOCS
)
_COMPANY = re.compile(rf"\b(which|what) {_DESCRIBED}({_COMPANY_NOUNS})\b", re.IGNORECASE)


# "who runs that one mine", "the refinery, who owns it": whoever runs a site is a firm
_OPERATES = r"owns|owned|runs|running|operates|operating|develops|developing|developed|builds|built"
_OPERATOR = re.compile(rf"\bwho(?:'?s| is)? (?:{_OPERATES})\b", re.IGNORECASE)
_SITE = re.compile(r"\b(mines?|refiner(?:y|ies)|plants?|factor(?:y|ies)|smelters?|terminals?|facilit(?:y|ies))\b", re.IGNORECASE)


def asks_company(question: str) -> bool:
    """Whether a question asks which company ("which company runs the mine", "what firm").

    Not what one is or does: "what kind of company is JERA", "what does the company do". A
    question asking who runs a mine or a plant asks the same ("that one US mine, who owns it"),
    and "the White House stated ... the development of diversified" sources is no answer to it.
    """
    return bool(_COMPANY.search(question) or (_OPERATOR.search(question) and _SITE.search(question)))


# "which japanese agency runs the stockpile", "which us department": a government's own body
_AGENCY = re.compile(
    rf"\b(which|what) {_DESCRIBED}(agency|agencies|ministry|ministries|department|departments|regulators?)\b",
    re.IGNORECASE,
)


def asks_agency(question: str) -> bool:
    """Whether a question asks which of a government's bodies ("which japanese agency")."""
    return bool(_AGENCY.search(question))


def names_new_org(text: str, question: str, *, company: bool = False, agency: bool = False) -> bool:
    """Whether a passage names an organisation the question does not ("JERA", "the Pentagon").

    "Which us company sells the LNG to jera" is not answered by a sentence naming only JERA,
    nor "which agency runs it" by one saying "the government"; nor "which company runs the
    mine" (`company`) by "the White House"; nor "which japanese agency runs the stockpile"
    (`agency`) by a bloc of governments ("Key Partners: U.S., ASEAN, Australia").
    """
    asked = {w.lower() for w in re.findall(r"[\w-]+", question)}
    for m in _TEXT_PATTERNS[AnswerType.ORG].finditer(text):
        words = {w.lower() for w in re.findall(r"[\w-]+", m.group(0))}
        if words <= _GENERIC_ORG or words <= asked or (company and words <= _STATE_BODIES) or (agency and words <= _BLOCS):
            continue
        if m.group(0).lower() in place_names() or m.group(0).lower() in CAPITALS:  # a dateline: "TOKYO –"
            continue
        if text[m.end() : m.end() + 1] == ":":  # a field's label ("Key Partners: Japan, Canada")
            continue
        if re.match(r"-[a-z]", text[m.end() : m.end() + 2]):  # part of a word ("Co-investment")
            continue
        return True
    return False


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_MONEY_WORDS = (
    r"invest\w*|pledg\w*|money|cash|fund\w*|spend\w*|spent|pay\w*|paid|cost\w*|worth|price\w*|"
    r"dollars?|bucks|billions?|capital|budget\w*|financ\w*|bankroll\w*|capex|yen|value"
)
# A question opening with "who": a person if it names one kind ("who's the other guy"), else an actor.
_WHO = r"^\W*(who|whom|whose|hoo)\b"
# "what's the actual point of it", "the whole reason": words before the purpose asked for
PURPOSE_ADJECTIVES = "actual|real|main|whole|big|true|overall"
# "What set it off?", "what prompted it?", "what did china do that kicked all this off": group 1
# is the verb, which only asks for a cause.
CAUSE_FRAME = _rx(
    r"\bwhat (?:did [\w.'’-]+(?: [\w.'’-]+)? do (?:that|to|which) )?"
    r"((?:set|sets|kicked) (?:it|this|that|all this|all of this|the whole thing) off|"
    r"prompted|triggered|sparked|caused|spurred|led to)\b"
)
# "what did the article say about stockpiling": what a text holds, not what someone said ("it"
# and "the thing" being the deal or the article).
_DOCUMENT_SUBJECT = (
    r"(?:(?:the|that|this|these|those|ur|your|each|every|any|all)\s+)?(?:\w+\s+)?"
    rf"(?:{TEXT_WORDS_PATTERN}|thing|it)\b"
)


# "exact date they signed it?": a date asked without "what" (read here and by `query`, which
# does not search the words asking it)
EXACT_DATE_ASKED = r"^\W*(?:(?:so|ok|and|but|the|an?)\s+)*(?:exact|specific|precise|actual)\s+(?:day|date|year|month)\b"


# Ordered: the first class whose pattern matches wins.
_QUESTION_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.SECTORS,
        _rx(r"\b(which|what)\s+(?:(?:kinds?|kinda|sorts?|types?)\s+(?:of\s+)?)?(industries|industry|sectors?)\b"),
    ),
    (
        AnswerType.DURATION,
        _rx(
            r"\bhow long\b|\bhow many (years|months|weeks|days|decades|yrs?|year)\b|"
            r"\bfor how (long|many)\b|\b(duration|timeline|time ?frame|deadline|time limit)\b|"
            # "how much earlier than planned": a span of time, whatever money words follow
            r"\bhow (much|far) (earlier|later|sooner|longer|ahead|behind)\b"
        ),
    ),
    (
        AnswerType.PERCENT,
        _rx(
            r"\bwhat (percentage|percent|share|fraction|proportion|portion|%)|\bhow much of\b|"
            # "what interest rate", "the tariff rate": a rate is a percentage
            r"\b(what|which)('?s| is| was)?( the)? (\w+ )?rate\b|"
            r"\b(percentage|percent|%)\b|\bwhat part of\b|\bhow (big|large) (a |of a )?(share|chunk)\b|"
            # "whats chinas share of refining": a place's or a firm's share of something
            r"\b[a-z]+(?:['’]?s|s['’])? (share|proportion|portion) of\b|"
            # "what's china's market share"
            r"\b(market|global|world|world['’]?s) share\b"
        ),
    ),
    (
        AnswerType.DATE,
        _rx(
            r"^\W*(when|wen|whens)\b|\bwhat ((exact|specific|precise) )?(day|date|year|month|time)\b|"
            r"\bwhich ((exact|specific|precise) )?(day|date|year|month)\b|\bby when\b|\bhow soon\b|\bwhat time\b|"
            r"\bsince when\b|^\W*(date|what date)\b|"
            # "exact date china announced the rules?": a date asked without "what"
            rf"{EXACT_DATE_ASKED}|"
            # "do the articles agree on the signing date": a date, whatever the verb
            r"\b(signing|release|start|starting|end|publication|launch|effective|expiry|expiration|due|target) date\b"
        ),
    ),
    (
        AnswerType.MONEY,
        _rx(
            rf"\bhow (much|big|large)\b.*\b({_MONEY_WORDS})\b|\b({_MONEY_WORDS})\b.*\bhow much\b|"
            rf"\bwhat('?s| is| was)? the (size|amount|value|price|cost|total) of\b|"
            rf"\bhow much (money|cash)\b|\bhow much\b.*\$|\$\s*how much|\bhow many (dollars|bucks|yen|euros)\b" "|"
            # "whats the price of neodymium", "whats neodymium going for per kg": a price
            r"\bwhat(?:'?s| is| was| are| were)? (?:the )?(?:\w+ )?(price|prices|cost|costs|budget)\b|"
            r"\b(price|prices) (of|for|on)\b|\bgoing for(?=\W*$| (per|a|an|each|right now|rn|now|these days|today)\b)|"
            r"\bper (kg|kilo|kilogram|ton|tonne|pound|lb|ounce|oz|barrel)\b|/ ?(kg|kilo|t|ton|tonne|lb|oz|bbl)\b|"
            # "price floor in the tokyo deal?": a price set, an amount
            r"\bprice (floor|cap|ceiling|tag)s?\b|"
            # "the exact dollar amount of the joint financing"
            r"\b(dollar|dollars|yen|euro|euros) (amount|figure|value|sum|total)\b|"
            # "what is the alaska project supposed to cost", "what did it cost them": a price
            r"\bwhat(?:'?s| is| was| will| would| does| did| do)\b.{0,60}?\bcost(?![\w-])|\bhow (expensive|pricey|costly)\b|"
            # "what's it worth", "the total investment", "the investment figure": a sum
            r"\bwhat(?:'?s| is| was| are| were| will| would)?\b.{0,40}?\bworth\W*$|"
            r"\btotal (investment|funding|financing|pledge|value)\b|"
            r"\b(investment|funding|financing|pledge) (amount|figure|total|size|sum)\b"
        ),
    ),
    (
        AnswerType.NUMBER,
        # "any numbers on the stockpile", "stats on how much china refines": an amount of some kind
        _rx(
            r"\bhow (many|much)\b|\bnumber of\b|\bhow (big|large)\b|\bwhat (amount|quantity|volume)\b|\bhow often\b|"
            # "tariffs on processed minerals? how high", "yokosuka sailor headcount?": a level, a count
            r"\bhow (high|low|steep)\b|\bhead ?counts?\b|"
            r"\b(numbers|stats|statistics) (on|for|about)\b"
        ),
    ),
    (
        AnswerType.QUOTE,
        _rx(
            rf"\bwhat did\b(?!\s+{_DOCUMENT_SUBJECT})" r".{1,60}\b(say|said|call|describe|tell|mean)\b|"
            r"\bhow did\b.{1,60}\b(describe|call|put it)\b|\bwhat (was|were) .{1,40} words\b|"
            # "how did trump react", "what was china's response": what they said to it
            r"\bhow (?:did|does|do|has|have|will|would)\b.{1,60}\b(react|respond)(?:ed)?\b|"
            r"\bwhat(?:['’]?s| is| was| were)? (?:the )?(?:official )?[a-z]+['’]s (?:official )?(reaction|response)\b|"
            r"\b(quote|quoted)\b|"
            # "whats the nickname ppl give these minerals", "what are rare earths called": a name
            # someone gave them, which news reports as said ("often called the 'vitamins of ...'")
            r"\bnick ?names?\b|\bnicknamed\b|\bdubbed\b|\bwhat (?:do|did) (?:they|people|ppl|experts|some) call\b|"
            r"\b(?:are|is|were|was) (?:they|it|these|those|[\w-]+(?: [\w-]+){0,2}) (?:often |sometimes |also |even )?called\W*$"
        ),
    ),
    (
        AnswerType.ATTRIBUTION,
        _rx(
            r"\baccording to (who|whom|what|which)\b|\bwhere (did|do|does) .{0,40}\b(get|find|take)\b|"
            r"\b(source|sources) (of|for) (this|that|the|their|its)\b|\bwho (says|said|claims|claimed|stated|announced|confirmed)\b|"
            r"\bwho('?s| is) (saying|claiming)\b|\bbased on what\b"
        ),
    ),
    (
        AnswerType.PERSON,
        _rx(
            rf"{_WHO}(?=.*\b(guy|man|woman|lady|person|leader|president|minister|pm|"
            r"official|spokes\w*|ceo|chief|secretary|envoy|ambassador|author|writer|journalist|he|she|him|her|his)\b)|"
            r"\bwhich (person|leader|leaders|official|officials|"
            r"politician|president|minister|pm|man|woman|people|guy|lady|author|writer|journalist)\b|"
            r"\bname of the (leader|president|minister|author|writer|pm)\b"
        ),
    ),
    # "who makes the AP1000", "who's actually building the alaska lng project", "who's the
    # developer of it": a maker, builder, owner or operator is an organisation, not whoever acts
    (
        AnswerType.ORG,
        _rx(
            rf"^\W*(?:(?:so|ok|and)\W+)?who(?:'?s| is)? (?:(?:actually|really|even) )?(makes|manufactures|produces|building|{_OPERATES})\b|"
            r"^\W*(?:(?:so|ok|and)\W+)?who(?:'?s| is) the (?:main )?(developer|builder|operator|owner|maker|manufacturer|contractor)s? of\b"
        ),
    ),
    (AnswerType.ACTOR, _rx(_WHO)),
    # "which agency", "whats the name of the company building it"
    (AnswerType.ORG, _rx(rf"\b(which|what) {_ORG_NOUNS}\b|\bname of (?:the |that |this )?{_ORG_NOUNS}\b")),
    (
        AnswerType.VENUE,
        _rx(r"\b(which|what) (building|venue|palace|hall|room|site|base)\b|\bwhere exactly\b|\bwhat('?s| is| was) the (building|venue|palace)\b"),
    ),
    (
        AnswerType.PLACE,
        _rx(
            r"^\W*(where|wher|were\b(?= (did|was|is|will|are|do|does)))\b|"
            r"\b(which|what) (city|cities|place|places|country|countries|nation|nations|venue|"
            r"building|state|states|region|regions|location|palace|port|island|islands)\b|"
            r"\bin what (city|place|country)\b"
        ),
    ),
    (
        AnswerType.STATUS,
        _rx(
            r"\b(finali[sz]ed|locked (in|down)|nailed down|set in stone|a done deal|official yet|up in the air|"
            r"firmed up|(still|kinda|kind of|a bit|bit) (fuzzy|vague|undecided)|"
            r"just (talk|talking|an idea|a maybe|a plan|words|thinking|thinking about it|considering it))\b"
        ),
    ),
    (AnswerType.CAUSE, _rx(rf"^\W*(why|y) now\b|{CAUSE_FRAME.pattern}")),
    (
        AnswerType.REASON,
        _rx(
            r"^\W*(why|y)\b|^\W*how come\b|\bwhat for\b|\bthe (reason|point|purpose|aim|goal|motivation) (of|for|behind)\b|"
            rf"\bwhat('?s| is) the (?:(?:{PURPOSE_ADJECTIVES}) )?(point|reason|purpose|goal|aim)\b|"
            # "what's it for", "what is the stockpiling arrangement for?": its purpose ("what are
            # magnets used for" asks their uses, read apart)
            r"\bwhat('?s| is| are) (it|that|this|they|these|those) for\b|"
            r"\bwhat('?s| is| are) (the|that|this|these|those|their|its) [^?,.!]{1,40}?(?<!\bused) for\W*$"
        ),
    ),
)


_WH = re.compile(r"\b(what|whats|what's|which|who|whom|whose|who's|when|when's|whens|where|where's|why|how|wen|wher)\b", re.IGNORECASE)


# A trailing wh-question that only points back at what was said before it ("..., what is it?",
# "..., what was it again").
_WH_TAIL = re.compile(
    r"(?:what|whats|what's|which)(?:\s+(?:is|was|are|were))?\s+(?:it|that|they|those|this|one)(?:\s+(?:again|exactly|tho|though|called))?\W*$",
    re.IGNORECASE,
)


def expected_type(question: str) -> AnswerType | None:
    """The class of answer a question asks for, or None (what/how questions about facts).

    Read from the question's first wh-word on: in "what trip was he on when it was signed" the
    answer is a trip, not a date; "when" and "where" count only where the question starts.
    """
    wh = _WH.search(question)
    start = wh.start() if wh else 0
    if wh and _WH_TAIL.match(question, wh.start()):
        # "one of these gives rare earths a catchy nickname, what is it": the wh-word only
        # points back; what is asked for was said before it.
        start = 0
    if re.search(r"\baccording to\s*$", question[:start], re.IGNORECASE):
        start = 0  # "according to whom": an attribution, not a person
    head = question[start:]
    # "where in tokyo did they sign it", "which part of tokyo": a site within the city named,
    # which a sentence naming only the city ("signed ... in Tokyo") does not give.
    if asks_site_within(head):
        return AnswerType.VENUE
    # "where did they sign it", "signed where? venue": a signing is held in a building, which
    # news names ("signed at the Akasaka Palace") beside the city.
    if _WHERE.match(head) and _SIGNING.search(question):
        return AnswerType.VENUE
    for kind, pattern in _QUESTION_PATTERNS:
        if pattern.search(head):
            return kind
    return None


def asks_site_within(question: str) -> bool:
    """"where in tokyo did they sign it", "what part of tokyo": a site inside the capital named."""
    within = _WITHIN.search(question)
    return bool(within) and any(" ".join(within.group(1).lower().split()[:n]) in CAPITALS for n in (1, 2))


def city_half_answers(question: str) -> bool:
    """Whether the city is half an answer to a question asking for a venue.

    "Where did Australia and Japan sign the lithium deal?" asks for the venue news names beside
    the city, but an article giving only "signed ... in Perth" answers it in part (`answering`
    weighs a place 0.5 there). Not when the building is what is asked ("which building",
    "venue", "where exactly") or a site within the city named ("where in tokyo").
    """
    return bool(
        _WHERE.match(question) and _SIGNING.search(question)
        and not _BUILDING_ASKED.search(question) and not asks_site_within(question)
    )


_BUILDING_ASKED = _rx(r"\b(?:building|venue|palace|hall|exactly|precisely|specifically)\b")


_WHERE = _rx(r"^\W*(?:where|wher)\b")
_SIGNING = _rx(r"\b(?:sign(?:ed|ing)?|ink(?:ed|ing)?|unveil(?:ed|ing)?|ceremony)\b")


_WITHIN = _rx(
    r"\b(?:where(?:abouts)?|(?:which|what) (?:place|part|area|spot|district|neighbou?rhood|location))"
    r"(?: exactly)? (?:in|of|inside) (?:central |downtown )?([a-z]+(?: [a-z]+)?)\b"
)


MONTHS_PATTERN = (  # a month's name, written out or short ("October", "Oct.")
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
# A figure written in digits ("6,000", "2.5"), not part of a word or an identifier ("G7", "AP1000").
_FIGURE = r"(?<![\w-])\d[\d,.]*(?![\w-]*[A-Za-z])"
NUMBER_WORD = (  # a count written out ("six-month", "several years")
    r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|"
    r"thirty|forty|fifty|sixty|hundred|several|a few|a couple of|many)"
)
_PERSON_TITLES = (
    r"(President|Prime Minister|PM|Minister|Secretary|Chancellor|Emperor|Empress|King|Queen|"
    r"Premier|Governor|Senator|Representative|CEO|Chairman|Chairwoman|Chair|Director|Ambassador|"
    r"Mr|Ms|Mrs|Dr|Sir|leader)"
)
_NOT_NAMES = (
    r"(Palace|House|States|Union|Nations|Act|Framework|Agreement|Deal|Ministry|Department|"
    r"Office|Council|Commission|Summit|Report|News|Economic|Cooperation|Partnership|Prosperity|"
    r"Minerals|Energy|Resources|Initiative|Alliance|Forum|Bank|Fund|Group|Reserve|Court|Party|"
    r"Street|Times|Post|Journal|Review|Agency|Association|Institute|University|Company)"
)
_PLACES = (
    # Countries, regions and cities that news most often names: general geography.
    "Afghanistan|Africa|Alaska|Alabama|Arizona|Albania|Algeria|America|Americas|Angola|Argentina|"
    "Armenia|Asia|ASEAN|Australia|Austria|Azerbaijan|Bangladesh|Beijing|Belarus|Belgium|Berlin|"
    "Bolivia|Brazil|Brussels|Bulgaria|Busan|California|Cambodia|Canada|Canberra|Chile|China|"
    "Colombia|Congo|Croatia|Cuba|Czechia|Delhi|Denmark|Egypt|England|Estonia|Ethiopia|Europe|"
    "Finland|Florida|France|Gabon|Geneva|Georgia|Germany|Ghana|Greece|Guam|Gyeongju|Hawaii|"
    "Hiroshima|Hokkaido|Hong Kong|Hungary|India|Indonesia|Indo-Pacific|Iran|Iraq|Ireland|Israel|"
    "Italy|Jakarta|Japan|Kazakhstan|Kenya|Korea|Kuala Lumpur|Kyoto|Laos|Latvia|Lithuania|London|"
    "Louisiana|Madagascar|Malaysia|Mexico|Mongolia|Morocco|Moscow|Mozambique|Myanmar|Namibia|"
    "Nagoya|Netherlands|Nevada|New York|New Zealand|Nigeria|Norway|Ohio|Okinawa|Osaka|Ottawa|"
    "Pacific|Pakistan|Paris|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Saudi Arabia|"
    "Seoul|Serbia|Shanghai|Siberia|Singapore|Slovakia|South Africa|Spain|Sri Lanka|Sweden|"
    "Switzerland|Sydney|Taipei|Taiwan|Tanzania|Texas|Thailand|Tokyo|Turkey|Türkiye|Ukraine|"
    "United Kingdom|United States|Uruguay|Utah|Uzbekistan|Venezuela|Vietnam|Washington|Wyoming|"
    "Yokosuka|Zambia|Zimbabwe|Sakhalin|Pentagon|Capitol|Kremlin|White House"
)

# Industries as news names them (a list of them answers "which industries").
_SECTOR = (
    r"(?:defen[cs]e|electronics|autos?|automotive|automobiles?|aerospace|aviation|energy|shipbuilding|"
    r"technology|technologies|tech|semiconductors?|chips|electric vehicles|EVs?|batteries|renewables?|"
    r"manufacturing|telecom\w*|healthcare|agriculture|pharmaceuticals|chemicals|steel|infrastructure|"
    r"weapons(?: systems)?|defen[cs]e systems|wind turbines|robotics|finance|shipping|construction|"
    r"magnets|catalysts|optical materials)"
)
_TEXT_PATTERNS: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.DATE: re.compile(
        rf"\b{MONTHS_PATTERN}(\s+\d{{1,2}}(st|nd|rd|th)?)?(,?\s+(19|20)\d{{2}})?\b|\b(19|20)\d{{2}}\b|"
        r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
        r"\b(today|yesterday|tomorrow|tonight|(later |earlier )?(this|next|last) (week|month|year|spring|summer|autumn|fall|winter)|"
        r"soon|upcoming|recently|in the coming (days|weeks|months))\b",
        re.IGNORECASE,
    ),
    AnswerType.DURATION: re.compile(
        rf"\b(\d+|{NUMBER_WORD})[\s-]+(year|month|week|day|decade|hour|quarter)s?\b|"
        r"\b(decades|years|months)[- ]long\b",
        re.IGNORECASE,
    ),
    AnswerType.MONEY: re.compile(
        r"[$¥€£]\s?\d|\bUS\s?\$|\b\d[\d,.]*\s?(billion|million|trillion|bn)?\s?(dollars|yen|euros|USD|JPY)\b|"
        r"\b(USD|JPY|EUR)\s?\d",
        re.IGNORECASE,
    ),
    AnswerType.PERCENT: re.compile(
        r"\d+(\.\d+)?\s?(%|percent\b|per cent\b|percentage points?\b)|\b(half|a third|a quarter|two-thirds|majority)\b",
        re.IGNORECASE,
    ),
    AnswerType.NUMBER: re.compile(
        rf"{_FIGURE}|\b{NUMBER_WORD}\b|"
        r"\b(dozens?|hundreds|thousands|millions|billions|only one|single)\b",
        re.IGNORECASE,
    ),
    AnswerType.PERSON: re.compile(
        rf"\b{_PERSON_TITLES}\.?\s+[A-Z][\w’'-]+|"
        rf"\b[A-Z][a-z]+(\s+[A-Z]\.)?\s+(?!{_NOT_NAMES}\b)[A-Z][a-z]{{2,}}\b(?!\s+{_NOT_NAMES}\b)|"
        r"\bBy:?\s+[A-Z]"
    ),
    # An initialism names an organisation ("JERA", "IPEF"), unless it is one of the everyday
    # ones that name a country, a fuel or a measure ("US", "LNG", "GDP").
    AnswerType.ORG: re.compile(
        r"\b(?!(?:US|USA|UK|LNG|GDP|AI|EVs?|SMRs?|CEO|PM|FAQs?|TV|OK|USD|JPY|EUR|II|III|IV|ASAP)\b)[A-Z]{2,}[a-z]?\b|"
        r"\b(Inc|Corp|Ltd|LLP|LLC|Co|Group|Ministry|Department|Agency|"
        r"Commission|Council|Bank|Institute|Association|Company|Corporation|Holdings|Partners|"
        r"White House|Pentagon|government|utility|firm|company)\b"
    ),
    # "the White House", "the Pentagon" and "the Kremlin" stand for governments in news: no venue.
    AnswerType.VENUE: re.compile(
        r"\b(?!White House)[A-Z][a-z]+ (Palace|House|Hall|Centre|Center|Building|Base|Tower|Castle|Hotel|Stadium|"
        r"Temple|Shrine|Museum)\b|\b(naval|air|military) base\b"
    ),
    AnswerType.PLACE: re.compile(
        rf"\b({_PLACES})\b|\b[A-Z][a-z]+ (Palace|Prefecture|Province|Island|Islands|Base|Port|Bay|State|City)\b"
    ),
    AnswerType.REASON: re.compile(
        r"\b(because|due to|since|as a way to|in order to|aim(s|ed)? (at|to)|aimed|so that|"
        r"to (reduce|secure|diversify|counter|strengthen|ensure|protect|boost|build|cut|lessen|curb)|"
        r"amid|driven by|reflects?|reflecting|given|seek(s|ing)? to|designed to|intended to|"
        r"strategic|critical for|essential for|important for|matters?)\b",
        re.IGNORECASE,
    ),
    AnswerType.CAUSE: re.compile(
        r"\b(follows|following|comes (amid|after|as)|came (amid|after)|amid|in response to|in the wake of|"
        r"on the heels of|against a backdrop|(prompted|triggered|spurred|sparked) by)\b",
        re.IGNORECASE,
    ),
    # Two industries or more named in a row ("shipbuilding, energy, and technology").
    AnswerType.SECTORS: re.compile(
        rf"\b{_SECTOR}\b[^.;:!?]{{0,30}}?(?:,|\band\b|\bor\b)\s+(?:and\s+)?(?:[\w-]+\s+){{0,2}}?{_SECTOR}\b",
        re.IGNORECASE,
    ),
    # How settled something is: a hedge ("agreed to consider", "still broadly defined", "not yet
    # fully public") or the word for settled itself.
    AnswerType.STATUS: re.compile(
        r"\b(agreed to consider|consider(ing)? (establishing|setting up|creating)|still (broadly )?defined|"
        r"broadly defined|not yet|yet to be|to be (determined|finali[sz]ed|announced)|preliminary|tentative|"
        r"non-binding|finali[sz]ed|in principle)\b",
        re.IGNORECASE,
    ),
    AnswerType.QUOTE: re.compile(r"[“\"][^”\"]{6,}[”\"]|\b(said|says|called|describ\w+|stated|told|thanked)\b"),
    AnswerType.ATTRIBUTION: re.compile(
        r"\b(according to|said|says|stated|announced|reported|reports|told|statement|officials|"
        r"spokes(man|woman|person)|White House|ministry said|sources)\b",
        re.IGNORECASE,
    ),
}

# Amounts of something (not a span of time): what a question asking one must find in the quote.
AMOUNTS = frozenset({AnswerType.MONEY, AnswerType.NUMBER, AnswerType.PERCENT})
_NUMERIC = AMOUNTS | {AnswerType.DURATION}


_CUE_WORDS: dict[AnswerType, re.Pattern[str]] = {
    # "the big number everyone keeps saying": the sum itself
    AnswerType.MONEY: _rx(rf"(?:{_MONEY_WORDS}|big|bigger|large|larger|huge|size|total|overall|amount|numbers?|figures?)"),
    AnswerType.NUMBER: _rx(r"(?:many|much|number|tons?|tonnes?|units?|amount|total|count|quantity|figure)"),
    AnswerType.PERCENT: _rx(r"(?:percent|percentage|pct|share|proportion|rate)"),
    AnswerType.DATE: _rx(
        r"(?:when|year|years|date|dates|day|days|week|weekday|month|months|time|exactly|originally|"
        # "when does that start": the start is the date asked, not what it is of
        r"start|starts|started|starting|begin|begins|began|begun)"
    ),
    AnswerType.SECTORS: _rx(r"(?:industry|industries|sectors?)"),
}


def cue_words(expected: AnswerType | None, question: str) -> list[str]:
    """The question's words that only say what kind of answer it wants ("cost", "pledged").

    An amount answers them by being there: "how much money has Japan pledged to invest?" is
    about Japan's investment, and the sentence with "$550 billion" need not say "money" or
    "pledged" to be about it. So these words do not count when judging what a sentence is about.
    """
    pattern = _CUE_WORDS.get(expected) if expected is not None else None
    if pattern is None:
        return []
    return [w for w in re.findall(r"\w+", question) if pattern.fullmatch(w)]


def types_in(text: str) -> frozenset[AnswerType]:
    """The answer classes a passage contains at least one instance of."""
    return frozenset(kind for kind, pattern in _TEXT_PATTERNS.items() if pattern.search(text))


_BITS = {kind: 1 << n for n, kind in enumerate(AnswerType)}


def type_mask(text: str) -> int:
    """`types_in` as a bit mask (what the index stores per sentence, computed once at build)."""
    mask = 0
    for kind in types_in(text):
        mask |= _BITS[kind]
    return mask


def _patterns_digest() -> str:
    h = hashlib.blake2b(digest_size=8)
    for kind, pattern in _TEXT_PATTERNS.items():
        h.update(f"{kind.value}\0{_BITS[kind]}\0{pattern.flags}\0{pattern.pattern}\n".encode())
    return h.hexdigest()


# What the index's per-sentence masks were computed with. A saved index records it, so one
# built before a pattern changed is rebuilt at start rather than judged by stale masks (nobody
# has to remember to bump a version by hand).
TYPES_DIGEST = _patterns_digest()


def types_of(mask: int) -> frozenset[AnswerType]:
    """The classes in a bit mask made by `type_mask` (or several OR-ed together)."""
    return frozenset(kind for kind, bit in _BITS.items() if mask & bit)


_RELATED: dict[AnswerType, frozenset[AnswerType]] = {
    AnswerType.NUMBER: _NUMERIC,
    AnswerType.MONEY: frozenset({AnswerType.MONEY}),
    AnswerType.PERSON: frozenset({AnswerType.PERSON, AnswerType.ORG}),
    AnswerType.ACTOR: frozenset({AnswerType.PERSON, AnswerType.ORG, AnswerType.PLACE}),
    AnswerType.ORG: frozenset({AnswerType.ORG, AnswerType.PERSON}),
    AnswerType.PLACE: frozenset({AnswerType.PLACE}),
    AnswerType.VENUE: frozenset({AnswerType.VENUE}),
}


_EXACT_COUNT = re.compile(
    rf"{_FIGURE}|\b(?!(?:hundred|several|a few|a couple of|many)\b){NUMBER_WORD}\b",
    re.IGNORECASE,
)
_ROUGH_COUNT = re.compile(r"\b(dozens|hundreds|thousands|millions|billions) of\b", re.IGNORECASE)


def rough_count_only(text: str) -> bool:
    """Whether a passage gives a count only roughly ("thousands of American sailors").

    "How many sailors were there" is answered better by "About 6,000 sailors were in the
    audience": a passage with no figure at all is half an answer to a count asked.
    """
    return bool(_ROUGH_COUNT.search(text)) and not _EXACT_COUNT.search(text)


def satisfies(expected: AnswerType | None, present: frozenset[AnswerType]) -> bool | None:
    """Whether a passage has what the question asks for; None when the question asks no class."""
    if expected is None:
        return None
    return bool(present & _RELATED.get(expected, frozenset({expected})))
