"""The shape of the rule file, as frozen pydantic models: what a council may write in it.
The organisation's sections (directorates, teams, staff, roles, mailboxes) are org/'s models."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from cases.enums import NotLoggedReason, RecordKind
from cases.wording import names_the_mash
from org.schema import (
    DirectorateSpec,
    MailboxSpec,
    Name,
    RoleGrant,
    StaffSpec,
    Strict,
    TeamSpec,
)

LIST_ID = r"^[a-z][a-z0-9_]*$"
PHRASE_LISTS = ("patterns", "unless", "ordinary")  # a rule's lists of phrases


def named_lists_in_place(phrases: object) -> object:
    """A list of phrases two rules share is written once with a YAML anchor and repeated
    inside another rule's list as *name (`unless: [*social_care_named, court]`): its phrases
    count as written in its place, one level deep."""
    if not isinstance(phrases, list | tuple):
        return phrases
    return [
        phrase
        for item in phrases
        for phrase in (item if isinstance(item, list | tuple) else (item,))
    ]


class Rule(Strict):
    """Every rule: an id, what it is for (description) and what staff are told (reason).

    `scope: sentence` (the default for every section but record_kinds) fires a rule only in a
    sentence that has one of its patterns and none of its `unless` phrases; `scope: text` lets
    an `unless` phrase anywhere in the text stop it.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_.\-]*$")
    description: str
    reason: str
    patterns: tuple[str, ...] = Field(min_length=1)
    unless: tuple[str, ...] = ()
    scope: Literal["sentence", "text"] = "sentence"

    @field_validator("patterns", "unless", mode="before")
    @classmethod
    def _named_lists_in_place(cls, phrases: object) -> object:
        return named_lists_in_place(phrases)


class SafeguardingRule(Rule):
    """`strength: refers` (the default) refers every match to the MASH. `suggests` is for broad
    rules whose words often appear in contacts that are no concern ("hungry", "missing"): the
    safeguarding model weighs the whole text and refers unless it reads clearly as something
    else (without the model, a `suggests` match refers too)."""

    strength: Literal["refers", "suggests"] = "refers"
    # Phrases in which a match reads as ordinary ("a bruise from netball", "a knife in food
    # tech"): a match lying wholly inside one is weighed by the model as a `suggests` match is,
    # not referred outright. Narrower than `unless`, which stops the whole rule in the sentence:
    # the rule's other matches there ("...and a black eye from her dad") still refer.
    ordinary: tuple[str, ...] = ()

    @field_validator("ordinary", mode="before")
    @classmethod
    def _ordinary_in_place(cls, phrases: object) -> object:
        return named_lists_in_place(phrases)


class KindRule(Rule):
    kind: RecordKind
    scope: Literal["sentence", "text"] = "text"


class ComplainantRule(Rule):
    type: str = Field(pattern=LIST_ID)


class NotLoggedRule(Rule):
    """`circumstance: true` marks a rule about the circumstances of a contact (proceedings under
    way, a police investigation, who is writing) rather than a matter it complains of: such a
    rule does not make a safeguarding disclosure a complaint too. `second_opinion: false` keeps
    the route model from overruling the rule."""

    not_logged: NotLoggedReason
    circumstance: bool = False
    # False: the route model's second opinion never overrules this rule (its words say the
    # matter is the other process's now, not only in the background: proceedings still going on).
    second_opinion: bool = True


class UnsureRule(Rule):
    """`when: not_logged` raises its doubt only when triage would not log the contact (the other
    process it names has already been used, say); `logged` (the default) only when it would."""

    when: Literal["logged", "not_logged"] = "logged"


class CategoryRule(Rule):
    category: str = Field(pattern=LIST_ID)


class RoutingRule(Rule):
    team: str
    category: str | None = Field(default=None, pattern=LIST_ID)


class CategorySpec(Strict):
    """An issue category the council counts, the team that answers it when the complaint names
    none, and the theme it is reported under (defaults to its label)."""

    id: str = Field(pattern=LIST_ID)
    label: Name
    team: str | None = None
    theme: Name | None = None


class ComplainantTypeSpec(Strict):
    """Who may complain and how: `route` is what the complainant's standing allows
    (statutory, corporate, or insufficient_interest: not logged); `check_standing` asks staff to
    accept sufficient interest; `child` and `advocacy` mark who is offered an advocate."""

    id: str = Field(pattern=LIST_ID)
    label: Name
    route: Literal["statutory", "corporate", "insufficient_interest"] = "statutory"
    check_standing: bool = False
    child: bool = False
    advocacy: bool = False


class LetterSpec(Strict):
    reason: NotLoggedReason
    where_to_go: str

    @field_validator("where_to_go")
    @classmethod
    def _no_mash(cls, text: str, info: ValidationInfo) -> str:
        # A safeguarding referral gets no letter; every other not-logged letter quotes this.
        if info.data.get("reason") != NotLoggedReason.SAFEGUARDING_REFERRAL and names_the_mash(
            text
        ):
            raise ValueError(
                "a not-logged letter never names the MASH (the contact may be read by someone a "
                "child needs protecting from): say where to go without it"
            )
        return text


def _default_years() -> dict[Literal["default"] | RecordKind, int]:
    return {"default": 6, RecordKind.COMPLIMENT: 2}


class RetentionSpec(Strict):
    """How long a finished case keeps its personal data (cases/retention.py applies it)."""

    # Years after closure, per record kind; `default` for every kind not named.
    years_after_closure: dict[Literal["default"] | RecordKind, int] = Field(
        default_factory=_default_years
    )
    # A case flagged for safeguarding or child protection (it may bear on child sexual abuse)
    # is kept until a person has reviewed it (`heard case REF retention-reviewed`).
    keep_flagged_until_reviewed: bool = True

    @field_validator("years_after_closure")
    @classmethod
    def _sensible(cls, years: dict[str, int]) -> dict[str, int]:
        if "default" not in years:
            raise ValueError("give a `default` number of years")
        for kind, count in years.items():
            if not 1 <= count <= 100:
                raise ValueError(f"{kind}: between 1 and 100 years")
        return years


class RulebookSpec(Strict):
    directorates: tuple[DirectorateSpec, ...] = Field(min_length=1)
    teams: tuple[TeamSpec, ...] = Field(min_length=1)
    staff: tuple[StaffSpec, ...] = ()
    roles: tuple[RoleGrant, ...] = ()
    mailboxes: tuple[MailboxSpec, ...] = Field(min_length=1)
    safeguarding: tuple[SafeguardingRule, ...] = Field(min_length=1)
    # The model beside the safeguarding rules (triage/safeguarding_model.py); false: rules alone.
    safeguarding_model: bool = True
    # The model that proposes a route where no rule decides one (triage/route_model.py); false:
    # such a complaint stays statutory, the default.
    route_model: bool = True
    # The text reads as a settled or past matter (a disputed record, a finding closed long
    # ago): a `refers` safeguarding match is then weighed by the model like a `suggests` one.
    safeguarding_settled: tuple[Rule, ...] = ()
    # The writer is the adult an allegation or a LADO process is about: the safeguarding model
    # alone does not refer their complaint (a rule's own words for harm to a child still do).
    safeguarding_own_process: tuple[Rule, ...] = ()
    secrecy: tuple[Rule, ...] = ()  # someone asks that it be kept from someone: no automatic mail
    # Words that read as a threat to a member of staff: the case needs a person to look and
    # the team's manager is told (cases/staff_threat.py); ordinary anger is not one.
    staff_threat: tuple[Rule, ...] = ()
    # Words that read as a child or young person writing, whoever triage says is writing (a
    # child in text-speak may name no age): no automatic mail, as for a complainant type
    # marked child.
    child_writing: tuple[Rule, ...] = ()
    # The model beside those rules (triage/young_voice_model.py) for children writing formally
    # with none of their words; false: the rules and text-speak alone.
    young_voice_model: bool = True
    record_kinds: tuple[KindRule, ...] = ()
    complainant_types: tuple[ComplainantRule, ...] = ()
    complaint_signals: tuple[Rule, ...] = ()
    advocacy: tuple[Rule, ...] = ()
    category_list: tuple[CategorySpec, ...] = Field(min_length=1)
    complainant_type_list: tuple[ComplainantTypeSpec, ...] = Field(min_length=1)
    not_logged: tuple[NotLoggedRule, ...] = ()
    out_of_time: tuple[Rule, ...] = ()
    in_time: tuple[Rule, ...] = ()  # still going on, or only just found out: time runs now
    historic: tuple[Rule, ...] = ()
    # The text dates what it complains about within the year, or disputes a record held now:
    # a past year it mentions is background, not when the events happened.
    background_years: tuple[Rule, ...] = ()
    corporate: tuple[Rule, ...] = ()
    # A social care service to a child named beside a corporate matter: the statutory
    # procedure answers the whole complaint.
    social_care: tuple[Rule, ...] = ()
    unsure: tuple[UnsureRule, ...] = ()  # the text does not say enough to choose the procedure
    categories: tuple[CategoryRule, ...] = ()
    routing: tuple[RoutingRule, ...] = ()
    letters: tuple[LetterSpec, ...] = ()
    retention: RetentionSpec = RetentionSpec()
