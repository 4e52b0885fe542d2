"""The organisation directory: who is in which team, who manages it, who leads its
directorate, who may do what, and which mailbox takes which kind of record."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from cases.actor import SYSTEM_NAMES, Via
from cases.enums import RecordKind, Role
from org.addresses import SLACK_GROUP, SLACK_USER, is_email
from org.schema import Contact, DirectorateSpec, MailboxSpec, RoleGrant, StaffSpec, TeamSpec

Location = tuple[str | int, ...]  # where in the rule file a problem is, e.g. ("teams", 3, "id")


class Organisation:
    """The organisation the rule file describes, built once with the rules (immutable)."""

    def __init__(
        self,
        *,
        directorates: Iterable[DirectorateSpec],
        teams: Iterable[TeamSpec],
        staff: Iterable[StaffSpec] = (),
        roles: Iterable[RoleGrant] = (),
        mailboxes: Iterable[MailboxSpec] = (),
    ) -> None:
        self.directorates = tuple(directorates)
        self.teams = tuple(teams)
        self.staff = tuple(staff)
        self.roles = tuple(roles)
        self.mailboxes = tuple(mailboxes)

    # --- teams and directorates ------------------------------------------------------------
    @cached_property
    def teams_by_id(self) -> dict[str, TeamSpec]:
        return {team.id: team for team in self.teams}

    def team(self, team_id: str) -> TeamSpec | None:
        return self.teams_by_id.get(team_id)

    @cached_property
    def triage_team(self) -> TeamSpec:
        return next(team for team in self.teams if team.triage_queue)

    @cached_property
    def directorates_by_id(self) -> dict[str, DirectorateSpec]:
        return {directorate.id: directorate for directorate in self.directorates}

    def directorate_of(self, team_id: str | None) -> DirectorateSpec | None:
        team = self.team(team_id) if team_id else None
        return self.directorates_by_id.get(team.directorate) if team else None

    @property
    def directors(self) -> list[tuple[DirectorateSpec, Contact]]:
        return [(d, d.director) for d in self.directorates if d.director is not None]

    def rows(self) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str | None]]]:
        """(directorates, teams) in the form store.organisation.sync_organisation takes."""
        return (
            [(d.id, d.name) for d in self.directorates],
            [(t.id, t.name, t.directorate, t.slack_channel) for t in self.teams],
        )

    # --- people ----------------------------------------------------------------------------
    @cached_property
    def people(self) -> tuple[Contact | StaffSpec, ...]:
        """Everyone the rule file names: staff, each team's manager and service manager, each
        directorate's director."""
        named: list[Contact | StaffSpec] = list(self.staff)
        for team in self.teams:
            named += [c for c in (team.manager, team.service_manager) if c is not None]
        named += [d.director for d in self.directorates if d.director is not None]
        return tuple(named)

    def person(self, identity: str) -> Contact | StaffSpec | None:
        """The named person an identity is: their email (any case), Slack user id or name."""
        wanted = identity.strip().casefold()
        if not wanted:
            return None
        for person in self.people:
            if wanted in (
                (person.email or "").casefold(),
                (person.slack_user or "").casefold(),
                person.name.strip().casefold(),
            ):
                return person
        return None

    def name_of(self, identity: str) -> str | None:
        """The name the rule file gives whoever this email or Slack user id is; None if it
        gives none (a role granted by email or user id alone)."""
        person = self.person(identity)
        return person.name if person is not None else None

    def who(self, stored: str) -> str:
        """Who an audit entry's actor or a case's assignee is, as a person reads it, the same
        in the audit trail, the assignee line and Slack's thread lines: the name the rule file
        gives them ("web:pat@council.gov.uk" or "slack:U123" is Pat Manager), else the identity
        without how they acted (the email, the login); heard's own parts as what they do
        ("heard (mail in)", not "smtp"). A Slack user the rule file does not name (anyone in
        the workspace may click, and Slack's user menu offers everyone) is said to be one, with
        their id: a bare "U04QX7" read as a code, and naming them in the rule file is what
        fixes it. Slack's own display name is not fetched and kept: a users.info call inside
        a click's 3 s answer, and a name that goes stale."""
        if stored in SYSTEM_NAMES:
            return SYSTEM_NAMES[stored]
        via, _, identity = stored.partition(":")
        if via not in {v.value for v in Via} or not identity:
            via, identity = "", stored  # a bare identity: an assignee as kept
        named = self.name_of(identity)
        if named is not None:
            return named
        if via in ("", Via.SLACK.value) and SLACK_USER.fullmatch(identity):
            return f"a Slack user not in the rule file ({identity})"
        return identity

    def teams_managed_by(self, identity: str) -> frozenset[str]:
        """The ids of the teams whose manager or service manager this email or Slack user id
        is (the rule file's `teams:`)."""
        wanted = identity.strip().casefold()
        return frozenset(
            team.id
            for team in self.teams
            for contact in (team.manager, team.service_manager)
            if contact is not None
            and wanted in ((contact.email or "").casefold(), (contact.slack_user or "").casefold())
        )

    def identities_of(self, identity: str) -> frozenset[str]:
        """Every way a case's assignee may name this person: the identity itself, and the
        email, Slack user id and name the rule file gives them."""
        person = self.person(identity)
        named = {identity}
        if person is not None:
            named |= {v for v in (person.email, person.slack_user, person.name) if v}
        return frozenset(named)

    def assignee(self, said: str) -> str | None:
        """How a case's assignee is kept for `said` (a name, email address or Slack user id of
        someone the rule file knows, or a team's id or name, which is its manager): their Slack
        user id if it has one, so Slack shows them and chasers reach them, else their email;
        None if the rule file knows no such person or team."""
        wanted = said.strip().casefold()
        team = self.team_named(said)
        person = self.person(said) or (team.manager if team is not None else None)
        if person is not None:
            return person.slack_user or person.email or person.name
        for grant in self.roles:
            for identity in (*grant.users, *grant.emails):
                if identity.casefold() == wanted:
                    return identity.lower() if is_email(identity) else identity
        return None

    def team_named(self, said: str) -> TeamSpec | None:
        """The team whose id or name this is (any case), as staff type it to assign a case."""
        wanted = said.strip().casefold()
        return next(
            (t for t in self.teams if wanted in (t.id.casefold(), t.name.strip().casefold())),
            None,
        )

    def staff_by_slack_user(self, slack_user: str) -> StaffSpec | None:
        return next((person for person in self.staff if person.slack_user == slack_user), None)

    @property
    def role_groups(self) -> set[str]:
        """Every Slack user group a role is granted to."""
        return {group for grant in self.roles for group in grant.groups}

    def roles_for(self, slack_user: str, group_ids: Iterable[str] = ()) -> frozenset[Role]:
        groups = set(group_ids)
        roles = {
            grant.role
            for grant in self.roles
            if slack_user in grant.users or groups.intersection(grant.groups)
        }
        for person in self.staff:
            if person.slack_user == slack_user:
                roles.update(person.roles)
        return frozenset(roles)

    def roles_for_email(self, email: str) -> frozenset[Role]:
        """Roles of a person signing in to the web view, by the email their provider vouched
        for (`emails:` in `roles:`, or a named staff member's `email` and `roles`)."""
        wanted = email.strip().lower()
        roles = {grant.role for grant in self.roles if wanted in grant.emails}
        for person in self.staff:
            if person.email and person.email.lower() == wanted:
                roles.update(person.roles)
        return frozenset(roles)

    # --- mail ------------------------------------------------------------------------------
    def mailbox_kind(self, address: str) -> RecordKind | None:
        wanted = address.strip().strip("<>").lower()
        return next((box.kind for box in self.mailboxes if box.address == wanted), None)

    def mailbox_addresses(self) -> list[str]:
        return [box.address for box in self.mailboxes]

    # --- checks ----------------------------------------------------------------------------
    def problems(self) -> list[tuple[Location, str]]:
        """References inside the organisation that point nowhere (the rule file is refused)."""
        found: list[tuple[Location, str]] = []
        directorates = set(self.directorates_by_id)
        for index, team in enumerate(self.teams):
            if team.directorate not in directorates:
                found.append(
                    (("teams", index, "directorate"), f"unknown directorate {team.directorate!r}")
                )
        if sum(team.triage_queue for team in self.teams) != 1:
            found.append((("teams",), "exactly one team must have triage_queue: true"))
        for index, person in enumerate(self.staff):
            if person.team not in self.teams_by_id:
                found.append((("staff", index, "team"), f"unknown team {person.team!r}"))
        for section, ids in (
            ("directorates", [directorate.id for directorate in self.directorates]),
            ("teams", [team.id for team in self.teams]),
        ):
            seen: set[str] = set()
            for index, item_id in enumerate(ids):
                if item_id in seen:
                    found.append(((section, index, "id"), f"duplicate id {item_id!r}"))
                seen.add(item_id)
        kinds: dict[str, RecordKind] = {}
        for index, box in enumerate(self.mailboxes):
            if box.address in kinds:
                found.append(
                    (
                        ("mailboxes", index, "address"),
                        f"{box.address!r} is listed twice (as {kinds[box.address]} above): "
                        "mail to one address is one kind of record",
                    )
                )
            kinds.setdefault(box.address, box.kind)
        found.extend(self._people_problems())
        return found

    def _people_problems(self) -> list[tuple[Location, str]]:
        """Addresses that are not email addresses, Slack ids that are not Slack ids: a typo
        here would send a director's digest nowhere or grant a role to nobody, silently."""
        found: list[tuple[Location, str]] = []
        people: list[tuple[Location, Contact | StaffSpec | None]] = []
        for index, directorate in enumerate(self.directorates):
            people.append((("directorates", index, "director"), directorate.director))
        for index, team in enumerate(self.teams):
            people.append((("teams", index, "manager"), team.manager))
            people.append((("teams", index, "service_manager"), team.service_manager))
        for index, staff in enumerate(self.staff):
            people.append((("staff", index), staff))
        for location, person in people:
            if person is None:
                continue
            if person.email is not None and not is_email(person.email):
                found.append(
                    ((*location, "email"), f"{person.email[:80]!r} is not an email address")
                )
            if person.slack_user is not None and not SLACK_USER.fullmatch(person.slack_user):
                found.append(
                    (
                        (*location, "slack_user"),
                        f"{person.slack_user[:80]!r} is not a Slack user id (U… or W…)",
                    )
                )
        for index, grant in enumerate(self.roles):
            for user in grant.users:
                if not (SLACK_USER.fullmatch(user) or is_email(user)):
                    found.append(
                        (
                            ("roles", index, "users"),
                            f"{user[:80]!r} is neither a Slack user id (U… or W…) nor an "
                            "email address",
                        )
                    )
            for group in grant.groups:
                if not SLACK_GROUP.fullmatch(group):
                    found.append(
                        (
                            ("roles", index, "groups"),
                            f"{group[:80]!r} is not a Slack user group id (S…)",
                        )
                    )
        return found
