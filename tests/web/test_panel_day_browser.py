"""Arrange the review panel, walked in Chromium: a bank holiday (walker3's panel on 25 December
2026, whose letter told the family so) is refused next to the date field, axe clean, until the
"The panel really meets on that day" box is ticked; then the letter is previewed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.web.conftest import Web
from tests.web.test_browser import (  # noqa: F401
    assert_accessible,
    browser,
    errors_on,
    fill_day,
    sign_in,
    site,
)
from tests.web.test_panel_form import at_stage_three


def test_a_panel_on_a_bank_holiday_is_refused_by_its_field_unless_ticked(
    browser: Any,  # noqa: F811
    site: tuple[str, Web],  # noqa: F811
) -> None:
    url, web = site
    reference = web.new_case()
    at_stage_three(web, reference)
    calendar = web.context.calendar
    today = web.clock.now().date()
    holiday = next(day for day in (today + timedelta(days=n) for n in range(1, 366))
                   if calendar.closed_why(day))  # fmt: skip
    page = browser.new_page()
    sign_in(page, url, web)
    page.goto(f"{url}/cases/{reference}/actions/panel-arranged")
    fill_day(page, "panel_on", str(holiday.day), str(holiday.month), str(holiday.year))
    page.fill("#details", "10am, Room 2, the Civic Centre")
    page.get_by_role("button", name="Save").click()
    links, inline = errors_on(page)
    assert links == [["#panel_on-day", True]], links
    assert any(f"{holiday:%-d %B %Y} is {calendar.closed_why(holiday)}" in each
               for each in inline), inline  # fmt: skip
    assert all(reference not in each for each in inline)
    assert_accessible(page, "the panel form refused on a bank holiday")
    page.get_by_label("The panel really meets on that day").check()
    page.get_by_role("button", name="Save").click()
    shown = " ".join(page.inner_text("main").split())
    assert "review panel for your complaint will meet on" in shown, shown[:500]
    assert f"{holiday:%-d %B %Y}" in shown or f"{holiday:%A %-d %B %Y}" in shown
    page.close()
