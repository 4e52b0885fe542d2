"""How a day reads to people: "7 December 2026", as the letters write it, on Slack's thread
lines, the web view's history, the digest, what the CLI prints for people and every reason
heard words itself; ISO (2026-12-07) stays for what machines read (--json, CSV, the workbook)
and for the CLI's arguments. Letters may add the weekday ("Monday 7 December
2026"); the day itself is always written this way."""

from __future__ import annotations

import re
from datetime import date, datetime

# an ISO day on its own (not inside a longer run of digits or a timestamp's date part)
_ISO_DAY = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")


def long_date(day: date) -> str:
    """7 December 2026."""
    return f"{day.day} {day:%B %Y}"


def long_day(day: date) -> str:
    """Monday 7 December 2026: a due date, where the day of the week helps."""
    return f"{day:%A} {long_date(day)}"


def long_moment(moment: datetime, *, weekday: bool = False) -> str:
    """7 December 2026 at 14:03 (Monday 7 December 2026 at 14:03 with `weekday`): `moment` is
    already in the zone people read it in, which only the caller knows."""
    day = long_day(moment.date()) if weekday else long_date(moment.date())
    return f"{day} at {moment:%H:%M}"


def people_dates(text: str) -> str:
    """`text` with each ISO day in it written as people read one (older audit reasons heard
    wrote in ISO, a day staff typed as 2026-12-01): what is not a real day is left as it is."""

    def spelled(found: re.Match[str]) -> str:
        try:
            return long_date(date(int(found[1]), int(found[2]), int(found[3])))
        except ValueError:
            return found[0]

    return _ISO_DAY.sub(spelled, text)


def people_sentence(text: str) -> str:
    """A refusal cases/ words in ISO and lower case ('the new date must be after 2026-12-22'),
    as a form shows it next to a field: its days as people read them, its first letter a
    capital (GOV.UK error messages start with one; the web's extension form said 'the new
    date must be after 22 December 2026')."""
    said = people_dates(text)
    return f"{said[:1].upper()}{said[1:]}"


def working_days(count: int) -> str:
    """'1 working day', '3 working days' (a chaser said '1 working days ago')."""
    return f"{count} working day{'' if count == 1 else 's'}"
