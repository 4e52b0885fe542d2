"""The 12-month time limit, as far as the text can tell it.

A complaint is made within 12 months of the event or of when the person became aware of it; a
later one is out of time unless the council uses its discretion (a good reason for the delay,
and it can still be looked into fairly). The Ombudsman expects councils to weigh that case by
case, so triage never settles it alone: whenever the text says the events are old, the decision
says the council must weigh discretion, and staff decide.

What counts as saying the events are old, strongest first: a date staff recorded for the event;
the writer saying so ("over a year ago", a historic complaint about care long past); an adult
writing about when they were a child of a stated age; and, weakest, a past year mentioned in a
text that dates nothing it complains about within the year. A year is often only the start of
a story ("we adopted in 2016", "the finding from 2012 is still on my file"): when the text
also says this week, last month, in March, recently, the year dates the background, not the
complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from triage.patterns import ScannedText
from triage.rulebook import Fired, Rulebook, fire_first

# Doubts about the route (Decision.unsure_of_route): staff weigh the time limit.
OUT_OF_TIME_DOUBT = (
    "time limit: the events are over 12 months old; the council decides whether to use its "
    "discretion (a good reason for the delay, and it can still be looked into fairly)"
)
IN_TIME_DOUBT = (
    "time limit: the events began over 12 months ago but go on, or came to light recently: "
    "staff to confirm the date the time limit runs from"
)
YEAR_DOUBT = (
    "time limit: a past year is mentioned, but not what happened then: staff to check when the "
    "events complained of were"
)
HISTORIC_DOUBT = (
    "time limit: a historic complaint, over 12 months old; the council decides whether to "
    "consider it (it may go straight to stage 2)"
)

# "I'm 21 now ... when I was 15": a writer's age now and the age they write about. The age
# then is looked for first, and only where "i was" or "age of" is in the text at all.
_AGE_NOW = re.compile(r"\b(?:im|i am)\s+(?:now\s+)?(1[0-9]|[2-9][0-9])\b(?!\s*(?:weeks?|months?))")
_AGE_THEN = re.compile(r"\b(?:when i was|at the age of)\s+([5-9]|1[0-9])\b")
# "since I was 9", "from the age of 9": what began then and lasts. A child still under 18 who has
# been in care since then writes about now (a 13-year-old "in care since I was 9" is in time); an
# adult writes about a childhood.
_AGE_SINCE = re.compile(r"\b(?:since i was|from the age of)\s+([5-9]|1[0-9])\b")
ADULT = 18


_Dated = Literal["dated", "mentioned"]


@dataclass(frozen=True)
class TimeLimit:
    out_of_time: bool = False
    discretion: str | None = None  # why staff must weigh the time limit; None: no doubt


def read_time_limit(
    *,
    text: ScannedText,
    rulebook: Rulebook,
    received: date,
    event_on: date | None,
    historic: bool,
    fired: Fired,
) -> TimeLimit:
    if event_on is not None:
        return _from_event_date(event_on, received, fired)
    if historic:
        return TimeLimit(discretion=HISTORIC_DOUBT)
    old = fire_first(rulebook.out_of_time, text, fired) is not None or _age_gap(text, fired)
    if not old:
        year = _past_year(text, rulebook, received, fired)
        if year is None:
            return TimeLimit()
        if year == "mentioned":
            return TimeLimit(discretion=YEAR_DOUBT)
    if fire_first(rulebook.in_time, text, fired):
        return TimeLimit(discretion=IN_TIME_DOUBT)
    return TimeLimit(out_of_time=True, discretion=OUT_OF_TIME_DOUBT)


def _from_event_date(event_on: date, received: date, fired: Fired) -> TimeLimit:
    """Staff recorded when it happened (or when the person became aware): the text is not read."""
    limit = _a_year_after(event_on)
    if received <= limit:
        fired.append(("time.event_date", f"the event date {event_on:%d %B %Y} is within 12 months"))
        return TimeLimit()
    fired.append(("time.event_date", f"the event date {event_on:%d %B %Y} is over 12 months ago"))
    return TimeLimit(out_of_time=True, discretion=OUT_OF_TIME_DOUBT)


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _age_gap(text: ScannedText, fired: Fired) -> bool:
    """An adult (or an older child) writing about what happened at a younger age they give."""
    if "i was " not in text.text and "age of " not in text.text:
        return False
    then = [int(age) for age in _AGE_THEN.findall(text.text)]
    since = [int(age) for age in _AGE_SINCE.findall(text.text)]
    now = [int(age) for age in _AGE_NOW.findall(text.text)] if then or since else []
    if now and max(now) >= ADULT:
        then += since
    if not now or not then or max(now) - min(then) < 2:
        return False
    fired.append(
        (
            "time.age_then",
            f"the writer is {max(now)} and writes about when they were {min(then)}",
        )
    )
    return True


def _past_year(
    text: ScannedText, rulebook: Rulebook, received: date, fired: Fired
) -> _Dated | None:
    """Whether the latest year mentioned is over a year before the complaint came, and how
    sure that dates the events: sure when a matter complained of (an issue's category) is named
    in a sentence with that year ("In 2019 the social worker lied in a report"), otherwise
    only a doubt for staff ("we adopted in 2019", and nothing dated after it)."""
    years = text.years_by_sentence()
    if not years:
        return None
    latest = max(year for year, _ in years)
    if latest >= received.year - 1:
        return None
    if fire_first(rulebook.background_years, text, fired):
        return None  # the year dates the background; the complaint is about recent events
    where = frozenset(sentence for year, sentence in years if year == latest)
    dated = any(
        rule.key in text.hits and rule.sentences(text) & where for rule in rulebook.categories
    )
    why = f"the latest year mentioned is {latest}: over 12 months ago"
    fired.append(("time.years_mentioned", why if dated else f"{why}, with nothing it dates"))
    return "dated" if dated else "mentioned"
