"""Triage: one explainable decision for one contact, from the rule file. Pure and total.

The safeguarding tripwire runs first and never short-circuits: a disclosure is referred to
the MASH (the caller sends it at once) and the contact still goes through triage, so a
complaint written alongside a disclosure keeps its route and its issues. Only a contact that
is nothing but a disclosure is not logged, for the reason "safeguarding referral".

Then the kind of record, who is writing and whether their standing allows the statutory
procedure, reasons not to log it, time limits, and the issues: each found in its own sentence,
a category with the team named in that sentence (or the sentence before), never every category
crossed with every team. Every rule that fires is listed with its reason; a proposal that
cannot be made with confidence lists why in `uncertain`, and staff check it in the triage
queue rather than trust a guess.

Categories and complainant types are the council's own lists (the rule file's category_list
and complainant_type_list), so they are plain strings here.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

from cases.enums import Channel, NotLoggedReason, RecordKind, Route
from cases.kinds import COMPLAINT_KINDS
from cases.staff_threat import FiredThreat, threat_flag
from triage.patterns import Key, ScannedText
from triage.route_model import Guess
from triage.rulebook import OTHER_CATEGORY, UNKNOWN_TYPE, CompiledRule, Fired, Rulebook, fire_every
from triage.rulebook import fire_first as _fire_first
from triage.time_limit import read_time_limit
from triage.young_voice import text_speak

MAX_TEXT = 50_000  # triage reads the first 50,000 characters: enough for any real complaint
# What staff are told when a message is longer: triage never skips text without saying so.
TRUNCATED = (
    "the message is longer than triage reads (its first {:,} characters): "
    "staff to read the rest, for a disclosure too"
)

Issue = tuple[str, str | None, str | None]  # (category, team, rule that proposed it)


@dataclass(frozen=True)
class Contact:
    subject: str
    body: str
    sender_name: str = ""
    mailbox_kind: RecordKind | None = None
    channel: Channel = Channel.EMAIL
    received_on: date | None = None
    automated: bool = False
    complainant_type: str | None = None  # staff-supplied hints
    record_kind: RecordKind | None = None
    event_on: date | None = None  # when it happened or they became aware, if staff said


@dataclass(frozen=True)
class Decision:
    record_kind: RecordKind
    route: Route
    complainant_type: str
    eligible: bool
    not_logged_reason: NotLoggedReason | None = None
    issues: tuple[Issue, ...] = ()
    safeguarding: bool = False
    safeguarding_words: tuple[str, ...] = ()  # what fired, quoted for the MASH
    secrecy: bool = False  # someone asks that it be kept from someone, or who wrote
    # Words that read as a threat to a member of staff: the case's "needs a person to look"
    # reason, naming every rule that fired and its words (cases.staff_threat). None: none.
    staff_threat: str | None = None
    # Why no automatic mail may go to the sender (a child writing, secrecy asked, a referral):
    # staff decide how to reply. Empty: the acknowledgement goes as usual.
    no_automatic_reply: tuple[str, ...] = ()
    advocacy_offer: bool = False
    out_of_time: bool = False
    discretion_may_apply: bool = False
    historic: bool = False
    start_stage: int = 1
    uncertain: tuple[str, ...] = ()  # why staff must check this proposal
    # Those of `uncertain` that leave the route itself in doubt (who is writing, the time
    # limit, which procedure): triage proposes, and says it is unsure, rather than guess.
    unsure_of_route: tuple[str, ...] = ()
    fired: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        return cls(
            record_kind=RecordKind(data["record_kind"]),
            route=Route(data["route"]),
            complainant_type=str(data["complainant_type"]),
            eligible=bool(data["eligible"]),
            not_logged_reason=(
                NotLoggedReason(data["not_logged_reason"])
                if data.get("not_logged_reason")
                else None
            ),
            issues=tuple((str(c), t, r) for c, t, r in data.get("issues", [])),
            safeguarding=bool(data.get("safeguarding")),
            safeguarding_words=tuple(data.get("safeguarding_words", ())),
            secrecy=bool(data.get("secrecy")),
            staff_threat=data.get("staff_threat") or None,
            no_automatic_reply=tuple(data.get("no_automatic_reply", ())),
            advocacy_offer=bool(data.get("advocacy_offer")),
            out_of_time=bool(data.get("out_of_time")),
            discretion_may_apply=bool(data.get("discretion_may_apply")),
            historic=bool(data.get("historic")),
            start_stage=int(data.get("start_stage", 1)),
            uncertain=tuple(data.get("uncertain", ())),
            unsure_of_route=tuple(data.get("unsure_of_route", ())),
            fired=tuple((rule_id, reason) for rule_id, reason in data.get("fired", [])),
        )

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule_id for rule_id, _ in self.fired)


def triage(contact: Contact, rulebook: Rulebook, *, today: date) -> Decision:
    full = f"{contact.subject}\n{contact.body}"
    text = rulebook.scan(full[:MAX_TEXT])
    fired: Fired = []
    uncertain: list[str] = []
    if len(full) > MAX_TEXT:
        fired.append(("triage.truncated", f"only the first {MAX_TEXT:,} characters were read"))
        uncertain.append(TRUNCATED.format(MAX_TEXT))
    words = _safeguarding(text, full[:MAX_TEXT], rulebook, fired, uncertain)
    safeguarding = bool(words)
    secrecy = _fire_first(rulebook.secrecy, text, fired) is not None
    threat = _staff_threat(text, rulebook, fired)
    doubts: list[str] = []  # why the route is in doubt, for `unsure_of_route` and staff
    guessed = False  # the route model, not a rule, proposed the route
    kind = _record_kind(contact, text, rulebook, fired, doubts)
    complainant = _complainant_type(contact, text, rulebook, fired)
    standing = rulebook.complainant_type(complainant)
    advocacy = _advocacy(text, rulebook, standing.child or standing.advocacy, fired)
    child = standing.child or _child_writing(text, full[:MAX_TEXT], rulebook, complainant, fired)
    common: dict[str, Any] = {
        "record_kind": kind,
        "complainant_type": complainant,
        "safeguarding": safeguarding,
        "safeguarding_words": words,
        "secrecy": secrecy,
        "staff_threat": threat,
        "no_automatic_reply": _no_automatic_reply(
            safeguarding=safeguarding,
            secrecy=secrecy,
            child=child,
            unread=len(full) > MAX_TEXT,
        ),
        "advocacy_offer": advocacy,
    }
    if kind not in COMPLAINT_KINDS:
        # A compliment's teams are counted, but one with no category is no cause for doubt.
        issues = _issues(text, rulebook, fired, []) if kind == RecordKind.COMPLIMENT else ()
        return Decision(
            route=Route.NONE,
            eligible=_eligible(complainant, rulebook),
            issues=issues,
            uncertain=(*uncertain, *doubts),
            unsure_of_route=tuple(doubts),
            fired=tuple(fired),
            **common,
        )
    subject = text.sentences_before(len(contact.subject.strip()) + 1) if contact.subject else ()
    # Only a rule's words make a contact "nothing but a disclosure": a referral the model
    # makes alone (the weakest evidence) still goes to the MASH, and the contact keeps the
    # route its words give, so a child's ordinary complaint is not left unlogged by it.
    by_rule = any(
        rule_id.startswith("sg.") and rule_id not in (SAFEGUARDING_MODEL, SAFEGUARDING_NOT_NEW)
        for rule_id, _ in fired
    )
    if safeguarding and by_rule and not _has_complaint(text, rulebook, frozenset(subject), fired):
        fired.append(
            (
                "safeguarding.only",
                "nothing but a disclosure: referred to the MASH, not logged as a complaint",
            )
        )
        return Decision(
            route=Route.NOT_LOGGED,
            eligible=_eligible(complainant, rulebook),
            not_logged_reason=NotLoggedReason.SAFEGUARDING_REFERRAL,
            uncertain=(*uncertain, *doubts),
            unsure_of_route=tuple(doubts),
            fired=tuple(fired),
            **common,
        )
    historic = _fire_first(rulebook.historic, text, fired) is not None
    time_limit = read_time_limit(
        text=text,
        rulebook=rulebook,
        received=contact.received_on or today,
        event_on=contact.event_on,
        historic=historic,
        fired=fired,
    )
    reason, by = _not_logged_reason(text, rulebook, complainant, fired)
    opinion = None
    if by is not None and by.spec.not_logged in SECOND_OPINION_REASONS and by.spec.second_opinion:
        opinion = _second_opinion(
            by.spec.id,
            (Route.NOT_LOGGED, reason),
            OVER_NOT_LOGGED,
            full[:MAX_TEXT],
            rulebook,
            fired,
            uncertain,
        )
        if opinion is not None:
            reason = opinion.reason
    if reason is None and time_limit.out_of_time:
        reason = NotLoggedReason.OUT_OF_TIME
    if time_limit.discretion:
        doubts.append(time_limit.discretion)
    by_words: str | None = None  # what gave a route the words' strong reading may overrule
    if reason is not None:
        route = Route.NOT_LOGGED
    elif kind == RecordKind.PROFESSIONAL_COMPLAINT or standing.route == "corporate":
        route = Route.CORPORATE
    elif opinion is not None:
        route = opinion.route
    elif (corporate := _fire_first(rulebook.corporate, text, fired)) is not None:
        route = _corporate_unless_social_care(text, rulebook, fired, uncertain)
        by_words = corporate.spec.id if route == Route.CORPORATE else DEFAULT_ROUTE
        if route == Route.CORPORATE:
            opinion = _second_opinion(
                corporate.spec.id,
                (route, None),
                OVER_CORPORATE,
                full[:MAX_TEXT],
                rulebook,
                fired,
                uncertain,
            )
            if opinion is not None:
                route, reason = opinion.route, opinion.reason
    else:
        route, reason = (
            _by_the_words(text, full[:MAX_TEXT], rulebook, fired, uncertain)
            if not safeguarding
            else (Route.STATUTORY, None)
        )
        guessed = route != Route.STATUTORY
        by_words = DEFAULT_ROUTE if not safeguarding else None
    if by_words is not None and opinion is None and not guessed:
        opinion = _second_opinion(
            by_words,
            (route, None),
            OVER_RULE,
            full[:MAX_TEXT],
            rulebook,
            fired,
            uncertain,
            strong=True,
        )
        if opinion is not None:
            route, reason = opinion.route, opinion.reason
    # A relative's standing is the council's to accept whatever route is proposed: a
    # not-logged proposal for a grandparent or an aunt is checked too (an unknown writer's
    # only where the complaint would be logged, or every unsigned not-logged text is in doubt;
    # the route model's guess is checked as the statutory default it replaced would be).
    named_relative = route == Route.NOT_LOGGED and complainant != UNKNOWN_TYPE
    if (route == Route.STATUTORY or named_relative or guessed) and standing.check_standing:
        why = (
            "who is writing is not stated: check their standing"
            if complainant == UNKNOWN_TYPE
            else f"who is writing: {standing.label}; the council must accept their standing "
            "(sufficient interest)"
        )
        fired.append(("eligibility.check_standing", why))
        doubts.append(why)
    # A guess keeps the doubts of the logged default it replaced, and adds its own route's.
    # Overruled, the doubts the rule's own route would have raised still hold.
    whens = (
        {"not_logged" if route == Route.NOT_LOGGED else "logged"}
        | ({"logged"} if guessed else set())
        | ({"logged", "not_logged"} if opinion is not None else set())
    )
    unsure = _fire_first([rule for rule in rulebook.unsure if rule.spec.when in whens], text, fired)
    if unsure is not None:
        doubts.append(unsure.spec.reason)
    uncertain.extend(why for why in doubts if why not in uncertain)
    issues = _issues(text, rulebook, fired, uncertain) if route != Route.NOT_LOGGED else ()
    return Decision(
        route=route,
        eligible=_eligible(complainant, rulebook),
        not_logged_reason=reason,
        issues=issues,
        out_of_time=time_limit.out_of_time,
        discretion_may_apply=time_limit.discretion is not None,
        historic=historic,
        start_stage=2 if historic and route == Route.STATUTORY else 1,
        uncertain=tuple(uncertain),
        unsure_of_route=tuple(dict.fromkeys(doubts)),
        fired=tuple(fired),
        **common,
    )


@dataclass(frozen=True)
class Concern:
    """What the safeguarding tripwire found in a message that is not triaged (a reply on a
    case): the words (for the MASH only), the rules that fired, and doubts for staff."""

    words: tuple[str, ...]
    fired: tuple[tuple[str, str], ...]
    uncertain: tuple[str, ...]


def safeguarding_concern(subject: str, body: str, rulebook: Rulebook) -> Concern | None:
    """The tripwire alone over all of a message (what it says now and what it quotes: a
    quoted disclosure is still a disclosure); None when nothing fired and nothing is in
    doubt."""
    full = f"{subject}\n{body}"
    fired: Fired = []
    uncertain: list[str] = []
    if len(full) > MAX_TEXT:
        uncertain.append(TRUNCATED.format(MAX_TEXT))
    words = _safeguarding(
        rulebook.scan(full[:MAX_TEXT]), full[:MAX_TEXT], rulebook, fired, uncertain
    )
    if not words and not uncertain:
        return None
    return Concern(words=words, fired=tuple(fired), uncertain=tuple(uncertain))


def staff_threat_in(subject: str, body: str, rulebook: Rulebook) -> str | None:
    """A threat to a member of staff in a message that is not triaged (a reply on a case, a
    call staff log on it): the flag's reason, or None."""
    full = f"{subject}\n{body}"
    return _staff_threat(rulebook.scan(full[:MAX_TEXT]), rulebook, [])


def _staff_threat(text: ScannedText, rulebook: Rulebook, fired: Fired) -> str | None:
    found = fire_every(rulebook.staff_threat, text, fired)
    if not found:
        return None
    return threat_flag(
        [FiredThreat(rule.spec.id, rule.spec.reason, tuple(rule.quote(text))) for rule in found]
    )


SETTLED_WORDS_HELD = "it has safeguarding words a person must read first"


def reply_holds(
    subject: str, own_text: str, rulebook: Rulebook, *, concern: Concern | None
) -> tuple[str, ...]:
    """Why no automatic mail may answer a reply on a case, from what the reply itself says
    (`own_text`: its words, not the history it quotes, which may be our own letter) and the
    tripwire's `concern` over all of it: the same holds as a new contact's, and any words the
    tripwire left for a person to read hold it too ("when in doubt")."""
    full = f"{subject}\n{own_text}"
    text = rulebook.scan(full[:MAX_TEXT])
    fired: Fired = []
    doubts = concern.uncertain if concern is not None else ()
    holds = _no_automatic_reply(
        safeguarding=concern is not None and bool(concern.words),
        secrecy=_fire_first(rulebook.secrecy, text, fired) is not None,
        # Text-speak is read from their words alone: "Re: Your reference CSC-…" is ours.
        child=_child_writing(text, own_text[:MAX_TEXT], rulebook, UNKNOWN_TYPE, fired),
        unread=len(full) > MAX_TEXT or TRUNCATED.format(MAX_TEXT) in doubts,
    )
    return (*holds, SETTLED_WORDS_HELD) if NOT_NEW_REASON in doubts else holds


def _by_the_words(
    text: ScannedText, full: str, rulebook: Rulebook, fired: Fired, uncertain: list[str]
) -> tuple[Route, NotLoggedReason | None]:
    """Where no rule decides the route, the route model breaks the tie: statutory (the
    default) unless the words weigh clearly towards another route, which is then proposed
    with the words that weighed most, and staff are asked to confirm it. Where a rule's words
    are in the text but its exceptions held it back (a court named beside a foster carer's
    allowance), the rules have weighed those words and kept the default: the model does not
    overrule them. Nor is it asked beside a disclosure (the caller's choice): a complaint
    written beside one keeps the route its words give, and is never moved out of the
    procedure on a guess."""
    model = rulebook.route_model
    weighed = any(rule.key in text.hits for rule in (*rulebook.not_logged, *rulebook.corporate))
    guess = model.guess(full) if model is not None and not weighed else None
    if guess is None:
        return Route.STATUTORY, None
    towards = _route_words(guess.route, guess.reason)
    said = ", ".join(f"'{word}'" for word in guess.words)
    fired.append((ROUTE_MODEL, ROUTE_MODEL_REASON.format(towards, said)))
    uncertain.append(ROUTE_MODEL_CHECK)
    return guess.route, guess.reason


# A rule's not-logged reason the route model may overrule: a matter another body or process
# decides, which a statutory complaint often names in its background. Who is writing, their
# consent and the time limit are never weighed by words alone, nor is a rule the file marks
# `second_opinion: false` (nl.court_live: proceedings the writer says are still going on).
SECOND_OPINION_REASONS = frozenset(
    {
        NotLoggedReason.COURT_RELATED,
        NotLoggedReason.ALTERNATIVE_PROCESS,
        NotLoggedReason.OUT_OF_JURISDICTION,
        NotLoggedReason.S47_CHILD_PROTECTION,
    }
)
_MATTERS = frozenset((Route.NOT_LOGGED, reason) for reason in SECOND_OPINION_REASONS)
# What the words may propose over a not-logged rule: the statutory or corporate procedure, or
# another body's or process's matter (the SEND Tribunal's rather than a school's).
OVER_NOT_LOGGED = _MATTERS | {(Route.STATUTORY, None), (Route.CORPORATE, None)}
# Over a corporate rule, only another process's or body's matter (what an EHC plan says is the
# SEND Tribunal's): held out, statutory over corporate rules broke more than it fixed at the
# second opinion's bar.
OVER_CORPORATE = _MATTERS
# At the strong reading's bar, over a corporate rule or the statutory default (where the rules
# weighed the words and held back, or a social care service kept a corporate matter statutory):
# any route of matter. Who is writing, consent and time are never read from words alone.
OVER_RULE = OVER_NOT_LOGGED
DEFAULT_ROUTE = "The statutory default"


def _second_opinion(
    rule_id: str,
    against: tuple[Route, NotLoggedReason | None],
    towards: frozenset[tuple[Route, NotLoggedReason | None]],
    full: str,
    rulebook: Rulebook,
    fired: Fired,
    uncertain: list[str],
    *,
    strong: bool = False,
) -> Guess | None:
    """The route the model proposes over `rule`'s (`against`): statutory complaints name a
    court, a conference or an appeal in their background, and a rule cannot tell background
    from subject. Where every word of the text weighs clearly towards another route (one of
    `towards`), triage proposes it, names the rule it overrules and the words that weighed
    most, and staff confirm it as they confirm any proposal the words alone made (`uncertain`).
    It is no doubt about the route itself (`unsure_of_route`): on the Ombudsman's texts written
    after the model was fitted, the route it proposed was the one the Ombudsman gave nearly
    every time it spoke, so a doubt there asked staff to choose where the text was clear.
    `strong` asks at the strong reading's bar (`RouteModel.strong_bar`), over a corporate rule
    or the statutory default: held out, that much weight on the words was right far more often
    than the rule it overruled. Without the route model, the rule stands."""
    model = rulebook.route_model
    if model is None:
        return None
    ask = model.strong_opinion if strong else model.second_opinion
    opinion = ask(full, against, towards)
    if opinion is None:
        return None
    said = ", ".join(f"'{word}'" for word in opinion.words)
    own, other = _route_words(*against), _route_words(opinion.route, opinion.reason)
    who = rule_id if rule_id == DEFAULT_ROUTE else f"Rule {rule_id}"
    fired.append((SECOND_OPINION, SECOND_OPINION_REASON.format(who, own, other, said)))
    uncertain.append(SECOND_OPINION_CHECK.format(own, other))
    return opinion


def _route_words(route: Route, reason: NotLoggedReason | None) -> str:
    return f"not logged: {reason.label.lower()}" if reason else route.label.lower()


SECOND_OPINION = "route.second_opinion"
SECOND_OPINION_REASON = (
    "{} reads it as {}, but the complaint's words weigh towards {} (most: {}): proposed, "
    "for staff to confirm."
)
SECOND_OPINION_CHECK = (
    "a rule reads it as {}, but the complaint's words weigh towards {}: proposed, staff to confirm"
)

ROUTE_MODEL = "route.model"
ROUTE_MODEL_REASON = "No rule decides the route; the words weigh towards {} (most: {})."
ROUTE_MODEL_CHECK = (
    "the route was proposed from the words alone, no rule decided it: staff to confirm"
)


def _corporate_unless_social_care(
    text: ScannedText, rulebook: Rulebook, fired: Fired, uncertain: list[str]
) -> Route:
    """A matter outside children's social care (school, SEN, housing) makes a complaint
    corporate, unless the complaint also names a social care service to a child (short breaks,
    a carer's assessment, a child in need or in care, leaving care): the Ombudsman faults
    councils that answer such a complaint outside the statutory procedure, whose stages can
    answer its other matters too. Staff may still split the corporate part off."""
    social = _fire_first(rulebook.social_care, text, fired)
    if social is None:
        return Route.CORPORATE
    why = MIXED.format(social.spec.reason.rstrip(".").lower())
    if why not in uncertain:
        uncertain.append(why)
    return Route.STATUTORY


MIXED = (
    "also about a service outside children's social care, but {}: proposed for the statutory "
    "procedure; staff may answer the other part under the corporate one"
)


def _eligible(complainant: str, rulebook: Rulebook) -> bool:
    """May use the statutory procedure as things stand (an unknown writer is presumed to)."""
    standing = rulebook.complainant_type(complainant)
    if complainant == UNKNOWN_TYPE:
        return True
    return standing.route == "statutory" and not standing.check_standing


def _safeguarding(
    text: ScannedText, full: str, rulebook: Rulebook, fired: Fired, uncertain: list[str]
) -> tuple[str, ...]:
    """Whether to refer the contact to the MASH, as the words that led to it (empty: no).

    Every `refers` rule that matches refers, and a `suggests` rule's match is weighed by the
    safeguarding model with the whole text, the match counting for a lot; so is a `refers`
    match that lies wholly in one of the rule's `ordinary` phrases ("a bruise from netball"). A match whose every
    sentence is near a `safeguarding_settled` rule's words (a dispute about an old record, a
    closed enquiry, a training course) is weighed at the model's settled bar instead, with no
    boost: the settled words weigh against the rule's as much. A contact weighed out is not
    referred, and staff are asked to read it (it is in the reading queue like every contact).
    The model also refers alone what no rule lists, naming the words that weighed most, except
    where the writer is the adult an allegation or LADO process is about (their complaint about
    it is not a child at risk; staff are asked to read it). Without the model (`safeguarding_model: false`) every match refers.

    The words are kept apart from the reasons: reasons are shown on case cards, in channels
    staff and teams read, while the words quote the disclosure and go only to the MASH."""
    words: list[str] = []
    matched: list[tuple[CompiledRule, list[str]]] = []
    for rule in rulebook.safeguarding:
        if rule.key not in text.hits:  # most rules: no pattern of theirs is in the text
            continue
        quoted = rule.quote(text)
        if quoted:
            matched.append((rule, quoted))
    model = rulebook.safeguarding_model
    score = model.score(full) if model is not None else None
    weighed_out: set[int] = set()  # id() of the matched rules the model weighed out
    if model is not None and score is not None and matched:
        settled = {id(rule) for rule in settled_rules(text, rulebook, [r for r, _ in matched])}
        suggests_out = not model.refers(score, rules_matched=True)
        settled_out = not model.refers_settled(score)
        for rule, _ in matched:
            out = settled_out if id(rule) in settled else weighed(rule, text) and suggests_out
            if out:
                weighed_out.add(id(rule))
    for rule, quoted in matched:
        if id(rule) in weighed_out:
            continue
        fired.append((rule.spec.id, rule.spec.reason))
        words.extend(word for word in quoted if word not in words)
    if matched and len(weighed_out) == len(matched):
        fired.append((SAFEGUARDING_NOT_NEW, NOT_NEW_REASON))
        uncertain.append(NOT_NEW_REASON)
    if model is not None and score is not None and model.refers_alone(score) and score.words:
        if _fire_first(rulebook.safeguarding_own_process, text, fired) is None:
            fired.append((SAFEGUARDING_MODEL, MODEL_REASON))
            words.extend(word for word in score.words if not _already_quoted(word, words))
        elif not words:
            uncertain.append(OWN_PROCESS_REASON)
    return tuple(words)


def weighed(rule: CompiledRule, text: ScannedText) -> bool:
    """A safeguarding rule's match the model weighs (with the rule's boost) rather than one
    that refers outright: a `suggests` rule's, or a `refers` rule's whose every match lies in
    one of its `ordinary` phrases ("a bruise from netball")."""
    return rule.spec.strength == "suggests" or rule.only_ordinary(text)


def settled_rules(
    text: ScannedText, rulebook: Rulebook, matched: list[CompiledRule]
) -> list[CompiledRule]:
    """The matched rules whose every sentence is near the words of a settled or past matter
    (a disputed record, a finding long closed, training): the model weighs them at its settled
    bar. Near, not anywhere in the text: new harm told in a postscript to a complaint about
    records still refers."""
    near: set[int] = set()
    count = len(text.sentence_starts)
    postscript = _postscript(text)
    for rule in rulebook.safeguarding_settled:
        for sentence in rule.sentences(text):
            if count > SHORT_TEXT:
                near.update(range(sentence - SETTLED_REACH, sentence + SETTLED_REACH + 1))
            elif sentence < postscript:
                near.update(range(postscript))
            else:
                near.update(range(postscript, count))
    return [rule for rule in matched if near and rule.sentences(text) <= near]


# "P.S.", "ps", "one more thing", "something else": what follows is another matter.
POSTSCRIPT = re.compile(
    r"(?:^|[.!?\n]\s*)(?:p\.?\s?s\b|pps\b|one (?:more|other|last) thing\b|"
    r"(?:there is |theres |)something else\b|separately\b|on (?:a|another) (?:separate|different) note\b)"
)


def _postscript(text: ScannedText) -> int:
    """The sentence a postscript starts at (the sentence count when there is none): a short
    text is one matter only up to it, so a settled matter's words before it do not weigh
    down new harm told after it."""
    found = POSTSCRIPT.search(text.text)
    if found is None:
        return len(text.sentence_starts)
    return len(text.sentences_before(found.end())) - 1


SETTLED_REACH = 1  # sentences either side of a settled matter's words that read as part of it
SHORT_TEXT = 6  # sentences: a text this short is one matter, a settled one wherever its words are


def _already_quoted(word: str, quoted: list[str]) -> bool:
    """The model's word (or word beginning, "anymo…") is in a phrase already quoted for the
    MASH: naming it again says nothing more."""
    stem = word.removesuffix("…")
    return any(stem in phrase for phrase in quoted)


SAFEGUARDING_MODEL = "sg.model"
MODEL_REASON = "The words of the contact weigh towards a concern about a child."
# The model alone weighed towards a concern, but the writer is the adult an allegation is about.
OWN_PROCESS_REASON = (
    "the words weigh towards a concern, but the writer is the adult an allegation is about: "
    "a person to read it and refer it if in doubt"
)
SAFEGUARDING_NOT_NEW = "sg.not_new"
# Every match weighed out: a settled matter's, a `suggests` rule's ("hungry") or a `refers`
# rule's ordinary phrase ("a bruise from netball"), so the reason names all three.
NOT_NEW_REASON = (
    "safeguarding words found, but they read as a past, settled or ordinary matter: "
    "a person to read it and refer it if in doubt"
)


def _no_automatic_reply(
    *, safeguarding: bool, secrecy: bool, child: bool, unread: bool
) -> tuple[str, ...]:
    """Who could read an automatic reply, and what it could set off, is staff's to judge;
    so is a message longer than triage reads, whose unread part may hold a disclosure."""
    why = []
    if safeguarding:
        why.append("a safeguarding referral")
    if secrecy:
        why.append("the writer asks that someone not be told")
    if child:
        why.append("a child is writing")
    if unread:
        why.append("the message is longer than triage reads: a person reads it first")
    return tuple(why)


def _child_writing(
    text: ScannedText, full: str, rulebook: Rulebook, complainant: str, fired: Fired
) -> bool:
    """Whether the words read as a child or young person writing, whoever the complainant
    type says is writing: "when in doubt", no automatic mail. A professional, solicitor,
    MP or advocate writing in their role is not taken for a child. Text-speak typed all in
    lower case is read from the text as written (`full`): the rules see it casefolded. Last,
    the young-voice model reads all the words, for a child writing formally who names nothing
    the rules know, where triage could not tell who is writing."""
    if complainant in ADULT_ROLES:
        return False
    if _fire_first(rulebook.child_writing, text, fired) is not None:
        return True
    if text_speak(full):
        fired.append((TEXT_SPEAK, TEXT_SPEAK_REASON))
        return True
    model = rulebook.young_voice_model
    if model is not None and placeable_as_child(complainant, rulebook) and model.reads_young(full):
        fired.append((YOUNG_VOICE, YOUNG_VOICE_REASON))
        return True
    return False


TEXT_SPEAK = "child.text_speak"
TEXT_SPEAK_REASON = (
    "The writer may be a child or young person (typed all in lower case, with text-speak)."
)


def placeable_as_child(complainant: str, rulebook: Rulebook) -> bool:
    """The young-voice model reads only a writer triage could not place (unknown) or placed
    among those offered an advocate (a care leaver may be 17): where the words say a parent,
    carer or relative is writing, it does not overrule them."""
    return complainant == UNKNOWN_TYPE or rulebook.complainant_type(complainant).advocacy


YOUNG_VOICE = "child.model"
YOUNG_VOICE_REASON = "The writer may be a child or young person (the words read as a child's)."


ADULT_ROLES = frozenset({"professional", "solicitor", "mp_or_councillor", "advocate"})


def _has_complaint(
    text: ScannedText, rulebook: Rulebook, subject: frozenset[int], fired: Fired
) -> bool:
    """Whether a contact with a disclosure also complains about something we can answer.

    Words of complaint in the subject line do not count: mail to a complaints address is
    titled "Complaint" whatever it holds. What it names does (an issue's category, a matter
    another process decides, a council service outside children's social care): a parent
    writing about school transport or a court report is complaining, whatever else they say."""
    for rule in rulebook.complaint_signals:
        if rule.key in text.hits and rule.sentences(text) - subject:
            fired.append((rule.spec.id, f"also a complaint: {rule.spec.reason}"))
            return True
    matters = (
        *rulebook.categories,
        *(rule for rule in rulebook.not_logged if not rule.spec.circumstance),
        *rulebook.corporate,
    )
    for rule in matters:
        if rule.key in text.hits and rule.fires(text):
            fired.append((rule.spec.id, f"also a complaint: {rule.spec.reason}"))
            return True
    return False


def _record_kind(
    contact: Contact, text: ScannedText, rulebook: Rulebook, fired: Fired, doubts: list[str]
) -> RecordKind:
    if contact.record_kind is not None:
        fired.append(("kind.staff", f"recorded by staff as {contact.record_kind.label}"))
        return contact.record_kind
    rule = _fire_first(rulebook.record_kinds, text, fired)
    if rule is not None and _set_aside(text, rulebook, rule, fired):
        rule = None
    if rule is not None:
        kind: RecordKind = rule.spec.kind
        # The first rule wins, but a text that also reads as another kind is not guessed at.
        others = {
            other.spec.kind
            for other in rulebook.record_kinds
            if other.spec.kind != kind and other.fires(text)
        }
        if others:
            also = " or ".join(sorted(other.label.lower() for other in others))
            doubts.append(
                f"it reads as a {kind.label.lower()} but also as a {also}: check what it is"
            )
        return kind
    kind = contact.mailbox_kind or RecordKind.COMPLAINT
    fired.append(("kind.mailbox", f"sent to the {kind.label.lower()} mailbox"))
    return kind


def _complainant_type(contact: Contact, text: ScannedText, rulebook: Rulebook, fired: Fired) -> str:
    if contact.complainant_type is not None:
        return contact.complainant_type
    rule = _fire_first(rulebook.complainant_types, text, fired)
    return str(rule.spec.type) if rule else UNKNOWN_TYPE


def _advocacy(text: ScannedText, rulebook: Rulebook, by_type: bool, fired: Fired) -> bool:
    rule = _fire_first(rulebook.advocacy, text, fired)
    return by_type or rule is not None


def _not_logged_reason(
    text: ScannedText, rulebook: Rulebook, complainant: str, fired: Fired
) -> tuple[NotLoggedReason | None, CompiledRule | None]:
    """Why the contact is not logged, if it is not, and the rule that said so (None when
    it is the writer's standing)."""
    rule = _fire_first(rulebook.not_logged, text, fired)
    standing = rulebook.complainant_type(complainant)
    no_standing = standing.route == "insufficient_interest"
    # A friend or neighbour writing without the person's knowledge has no standing of their
    # own to lack consent for: the Ombudsman's reason is their interest, not the consent.
    if rule is not None and not (
        no_standing and rule.spec.not_logged == NotLoggedReason.CONSENT_NOT_GAINED
    ):
        if _set_aside(text, rulebook, rule, fired):
            return None, None
        reason: NotLoggedReason = rule.spec.not_logged
        return reason, rule
    if no_standing:
        fired.append(
            (
                "eligibility.insufficient_interest",
                f"a {standing.label.lower()} has no standing unless the council "
                "accepts sufficient interest",
            )
        )
        return NotLoggedReason.INSUFFICIENT_INTEREST, None
    return None, None


# A matter these rules find is one the complaint can carry beside others: a complaint about a
# social worker's visits, meetings and reports that also says personal details were shared is
# the statutory complaint the Ombudsman expects answered whole, not a data protection request.
ASIDE_RULES = frozenset({"nl.data_protection", "kind.data_protection_complaint"})
OTHER_MATTERS = 3  # sentences outside the rule's own that name an issue of another category
ASIDE = "nl.aside"
ASIDE_REASON = (
    "{}, but the complaint is about other matters too: logged, and staff may pass that part "
    "to its own process"
)


def _set_aside(text: ScannedText, rulebook: Rulebook, rule: CompiledRule, fired: Fired) -> bool:
    """Whether `rule`'s matter is carried beside the complaint's others (said in `fired`)."""
    if rule.spec.id not in ASIDE_RULES or _other_matters(text, rulebook, rule) < OTHER_MATTERS:
        return False
    fired.append((ASIDE, ASIDE_REASON.format(rule.spec.reason.rstrip(".").lower())))
    return True


def _other_matters(text: ScannedText, rulebook: Rulebook, rule: CompiledRule) -> int:
    """How many sentences away from the rule's own name an issue of another category."""
    own = rule.sentences(text)
    hits = text.hits
    found = 0
    for keys, sentences in text.sentence_groups():
        others = [number for number in sentences if number not in own]
        if others and any(
            category.spec.category != DATA_CATEGORY and category.fires_in(keys, hits)
            for category in rulebook.categories
        ):
            found += len(others)
    return found


DATA_CATEGORY = "data_protection"


def _issues(
    text: ScannedText, rulebook: Rulebook, fired: Fired, uncertain: list[str]
) -> tuple[Issue, ...]:
    """One issue per matter: each category paired with the team named in its own sentence.

    Sentences where the same keys match name the same teams and categories, so each group of
    them is judged once; the sentences are then read in order, and a sentence that finds what
    the one before it found changes nothing (long mail repeats itself)."""
    hits = text.hits
    groups = text.sentence_groups()
    for rule in (*rulebook.categories, *rulebook.routing):
        if rule.key in hits and any(rule.fires_in(keys, hits) for keys, _ in groups):
            fired.append((rule.spec.id, rule.spec.reason))
    named: list[tuple[list[_Team], list[_Category]]] = []
    group_at: dict[int, int] = {}  # sentence -> its group in `named`
    for keys, sentences in groups:
        here = _teams_named(keys, hits, rulebook)
        categories = _categories_named(keys, hits, rulebook)
        if here or categories:
            group_at.update(dict.fromkeys(sentences, len(named)))
            named.append((here, categories))
    runs = [named[group] for group, _ in groupby(map(group_at.__getitem__, sorted(group_at)))]
    first_team = next((here[0][0] for here, _ in runs if here), None)
    triage_team = rulebook.organisation.triage_team.id
    issues: dict[tuple[str, str], str] = {}
    last_team: str | None = None
    previous: tuple[object, object] | None = None
    for here, categories in runs:
        found = (here, categories)
        if found == previous:
            continue
        previous = found
        if here:
            last_team = here[0][0]
        team_ids = list(dict.fromkeys(team_id for team_id, _, _ in here))
        if len(team_ids) > 1 and categories:
            # Two teams named or pointed to where the matter is: which answers is staff's call.
            why = _TIE.format(_team_names(rulebook, team_ids))
            if why not in uncertain:
                uncertain.append(why)
            here = [(triage_team, None, "routing.tie")]
        for category, rule_id in categories:
            default = rulebook.category_specs.get(category)
            team = (
                (here[0][0] if here else None)
                or last_team
                or first_team
                or (default.team if default else None)
                or triage_team
            )
            issues.setdefault((category, team), rule_id)
        if not categories:
            for routed_team, routed_category, rule_id in here:
                if routed_category is not None:
                    issues.setdefault((routed_category, routed_team), rule_id)
    if not issues:
        team = first_team or triage_team
        fired.append(("routing.default", "no category matched: the complaints triage queue"))
        uncertain.append("no category matched: staff to say what the complaint is about")
        issues[(OTHER_CATEGORY, team if first_team else triage_team)] = "routing.default"
    return one_per_category(issues, rulebook, uncertain)


def one_per_category(
    found: dict[tuple[str, str], str], rulebook: Rulebook, uncertain: list[str]
) -> tuple[Issue, ...]:
    """One issue for each category, with one team: sentences may pair a category with different
    teams (walker3: a council's "Online harm" named in the subject beside its own routing rule's
    team, and again in a sentence also naming a social worker, a tie sent to the triage queue),
    and two issues of one category split one matter between two queues. A team named for it
    beats the triage queue; two teams named for it are a tie, staff's call in the queue."""
    triage_team = rulebook.organisation.triage_team.id
    teams: dict[str, dict[str, str]] = {}  # category -> team -> the rule that proposed it
    for (category, team), rule in found.items():
        teams.setdefault(category, {}).setdefault(team, rule)
    issues: list[Issue] = []
    for category, proposed in teams.items():
        named = [team for team in proposed if team != triage_team]
        if len(named) > 1:
            why = _TIE.format(_team_names(rulebook, named))
            if why not in uncertain:
                uncertain.append(why)
        team = named[0] if len(named) == 1 else triage_team
        issues.append((category, team, proposed.get(team, next(iter(proposed.values())))))
    return tuple(issues)


_Team = tuple[str, str | None, str]  # (team, the category it answers or None, rule)
_Category = tuple[str, str]  # (category, rule)


def _teams_named(keys: frozenset[Key], hits: frozenset[Key], rulebook: Rulebook) -> list[_Team]:
    """The teams a sentence where `keys` match names or points to: its staff (one entry for
    colleagues of the first named), then its teams, then its routing rules, in file order."""
    here: list[_Team] = []
    for number, team_id in rulebook.staff_names:
        if (number, "patterns") in keys and (not here or here[0][2] != f"staff.{team_id}"):
            here.append((team_id, None, f"staff.{team_id}"))
    for number, team_id in rulebook.team_mentions:
        if (number, "patterns") in keys:
            here.append((team_id, None, f"team.{team_id}"))
    for rule in rulebook.routing:
        if rule.fires_in(keys, hits):
            here.append((rule.spec.team, rule.spec.category, rule.spec.id))
    return here


def _categories_named(
    keys: frozenset[Key], hits: frozenset[Key], rulebook: Rulebook
) -> list[_Category]:
    return [
        (rule.spec.category, rule.spec.id)
        for rule in rulebook.categories
        if rule.fires_in(keys, hits)
    ]


_TIE = (
    "more than one team could answer one matter ({}): it is in the triage queue until staff choose"
)


def _team_names(rulebook: Rulebook, team_ids: list[str]) -> str:
    return " and ".join(
        (team.name if team else team_id)
        for team_id, team in (
            (team_id, rulebook.organisation.team(team_id)) for team_id in team_ids
        )
    )
