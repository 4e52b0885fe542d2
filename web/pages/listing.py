"""What the case list's query string asks for, read and checked: `?q=` words, the filters, the
page. A value that is not one of the choices is reported next to its field, never a 500."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from cases.enums import CaseStatus, StageKind
from store.cases.finding import CaseFilter
from web.deps import Directory
from web.staff import Staff

MAX_PAGE = 1000
MAX_QUERY_LENGTH = 200


class Show(StrEnum):
    """The yes/no filters, as `show=` values in the address."""

    OVERDUE = "overdue"
    DUE_THIS_WEEK = "due-this-week"
    UNASSIGNED = "unassigned"
    MINE = "assigned-to-me"
    NEEDS_ATTENTION = "needs-attention"
    SAFEGUARDING = "safeguarding"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


@dataclass
class ListRequest:
    words: str = ""
    team: str = ""
    stage: StageKind | None = None
    status: CaseStatus | None = None
    shown: set[Show] = field(default_factory=set)
    page: int = 1
    errors: list[dict[str, str]] = field(default_factory=list)
    root: str = ""  # heard's path on its host (web.paths), which every link begins with

    def filter_for(self, staff: Staff, known_as: frozenset[str]) -> CaseFilter:
        return CaseFilter(
            words=self.words,
            teams=frozenset({self.team}) if self.team else frozenset(),
            stage=self.stage,
            status=self.status,
            overdue=Show.OVERDUE in self.shown,
            due_this_week=Show.DUE_THIS_WEEK in self.shown,
            unassigned=Show.UNASSIGNED in self.shown,
            assigned_to=known_as if Show.MINE in self.shown else frozenset(),
            needs_attention=Show.NEEDS_ATTENTION in self.shown,
            safeguarding=Show.SAFEGUARDING in self.shown,
        )

    def query(self, **changes: object) -> str:
        """This list's address with some parameters changed (a page, a filter removed)."""
        values: dict[str, object] = {
            "q": self.words,
            "team": self.team,
            "stage": self.stage.value if self.stage else "",
            "status": self.status.value if self.status else "",
            "show": sorted(show.value for show in self.shown),
            "page": self.page,
        }
        values.update(changes)
        pairs: list[tuple[str, str]] = []
        for name, value in values.items():
            for one in value if isinstance(value, list) else [value]:
                if one in ("", None) or (name == "page" and str(one) == "1"):
                    continue
                pairs.append((name, str(one)))
        return f"{self.root}/cases" + (f"?{urlencode(pairs)}" if pairs else "")

    def described(self) -> dict[str, object]:
        """For the audit log: what was searched for and how the list was narrowed."""
        return {
            "q": self.words,
            "team": self.team or None,
            "stage": self.stage.value if self.stage else None,
            "status": self.status.value if self.status else None,
            "show": sorted(show.value for show in self.shown),
            "page": self.page,
        }


def read_list_request(params: QueryParams, directory: Directory, *, root: str) -> ListRequest:
    wanted = ListRequest(root=root)
    wanted.words = " ".join((params.get("q") or "").split())[:MAX_QUERY_LENGTH]
    team = params.get("team") or ""
    if team and team not in {known.id for known in directory.teams}:
        wanted.errors.append({"text": "Choose a team from the list", "href": "#team"})
    else:
        wanted.team = team
    stage = params.get("stage") or ""
    if stage:
        try:
            wanted.stage = StageKind(stage)
        except ValueError:
            wanted.errors.append({"text": "Choose a stage from the list", "href": "#stage"})
    status = params.get("status") or ""
    if status:
        try:
            wanted.status = CaseStatus(status)
        except ValueError:
            wanted.errors.append({"text": "Choose a status from the list", "href": "#status"})
    for value in params.getlist("show"):
        try:
            wanted.shown.add(Show(value))
        except ValueError:
            wanted.errors.append({"text": "Choose filters from the list", "href": "#show"})
            break
    page = params.get("page") or "1"
    wanted.page = int(page) if page.isdigit() and 1 <= int(page) <= MAX_PAGE else 1
    return wanted


def week_end(today: date) -> date:
    """The Sunday ending this week: "due this week" runs from today to it."""
    return today + timedelta(days=6 - today.weekday())
