"""The report as a workbook: a contents sheet, then one sheet per table named from its caption,
with real dates, percentages and pounds formatted as such, the header row frozen and filters
on, and the definitions sheet last."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from reports.cells import inert, spreadsheet
from reports.render_html import definitions_of
from reports.tables import Report, Table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_SHEET_NAME = 31  # Excel's limit
# Each table's sheet, by the table's key; a table not named here gets its caption, cut short.
SHEETS = {
    "headline": "Headline figures",
    "in_time_trend": "In time",
    "record_kinds": "Received by kind",
    "complainant_types": "Who complained",
    "channels": "How complaints came",
    "advocacy": "Advocacy",
    "not_logged": "Not logged",
    "teams": "By team",
    "upheld_by_directorate": "Upheld by directorate",
    "upheld_by_team": "Upheld by team",
    "categories": "Categories",
    "outcomes": "Outcomes this year",
    "issue_outcomes": "Outcomes of issues",
    "upheld_themes": "Upheld themes",
    "remedies": "Remedies",
    "remedies_by_stage": "Remedies by stage",
    "timeliness": "In time, extended, late",
    "response_bands": "Within 10, 20, beyond",
    "response_bands_by_directorate": "Working days by directorate",
    "manager_contact": "Manager contact",
    "delay_reasons": "Reasons for delay",
    "escalation": "Escalation rates",
    "stage_flow": "Carried over and open",
    "teams_statutory": "Statutory by team",
    "teams_corporate": "Corporate by team",
    "lgsco_trend": "Ombudsman",
    "lgsco_decisions": "Ombudsman findings",
    "lgsco_recommendations": "Recommendations carried out",
    "costs": "Costs",
    "compensation_by_route": "Compensation by procedure",
    "compliment_trend": "Compliments",
    "compliment_teams": "Compliments by team",
    "compliment_sources": "Compliments by sender",
    "self_assessment": "Self-assessment",
    "code_performance": "Under the Code",
    "code_outcomes": "Corporate outcomes",
    "code_in_time_chart": "In time under the Code",
    "compliment_themes": "Compliments by theme",
    "learning": "Learning by stage",
    "stage_cases": "Stage 2 and 3 cases",
    "corporate_stage2_cases": "Corporate stage 2 cases",
    "lgsco_decision_list": "Ombudsman decisions",
    "lgsco_recommendation_list": "Ombudsman recommendations",
    "no_learning": "Upheld with no learning",
    "learning_list": "Learning and improvements",
    "complaint_examples": "Examples of complaints",
    "compliment_examples": "Examples of compliments",
    "definitions": "Definitions",
}
OUTCOME_SHEETS = {  # outcomes_<family prefix>
    "pre_complaint": "Pre-complaint outcomes",
    "stage1": "Stage 1 outcomes",
    "stage2": "Stage 2 outcomes",
    "stage3": "Stage 3 outcomes",
    "corporate_stage1": "Corporate stage 1 outcomes",
    "corporate_stage2": "Corporate stage 2 outcomes",
}
HEADER_ROW = 3  # the caption, a blank row, then the header


def render_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    workbook = Workbook()
    contents = workbook.active
    assert contents is not None
    contents.title = "Contents"
    contents.append([inert(f"{report.title} {report.period_label}")])
    contents["A1"].font = Font(bold=True, size=14)
    contents.append([report.long_period])
    for note in report.coverage:
        contents.append([inert(note)])
    contents.append([])
    contents.append(["Sheet", "Table", "Section"])
    header = contents.max_row
    for cell in contents[header]:
        cell.font = Font(bold=True)
    used: set[str] = {"Contents"}
    for section in report.sections:
        for table in section.tables:
            name = sheet_name(table, used)
            contents.append([inert(name), inert(table.caption), inert(section.title)])
            link = contents.cell(row=contents.max_row, column=1)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1")
            link.font = Font(color="1D70B8", underline="single")
            _sheet(workbook.create_sheet(name), table)
    contents.freeze_panes = f"A{header + 1}"
    contents.column_dimensions["A"].width = 32
    contents.column_dimensions["B"].width = 90
    contents.column_dimensions["C"].width = 40
    workbook.save(path)


def _sheet(sheet: Worksheet, table: Table) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append([inert(table.caption)])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([])
    sheet.append([inert(column) for column in table.columns])
    for header_cell in sheet[HEADER_ROW]:
        header_cell.font = Font(bold=True)
        header_cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        values = [spreadsheet(cell) for cell in row]
        sheet.append([inert(value) for value, _ in values])
        for position, (_, number_format) in enumerate(values, start=1):
            if number_format:
                sheet.cell(row=sheet.max_row, column=position).number_format = number_format
    last_row = sheet.max_row
    # The header row and the first column (what each row is) stay in view; lists scroll whole.
    sheet.freeze_panes = f"{'A' if table.is_list else 'B'}{HEADER_ROW + 1}"
    if table.rows:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(table.columns))}{last_row}"
    sheet.append([])
    for note in definitions_of(table):
        sheet.append([inert(note)])
    for index, heading in enumerate(table.columns, start=1):
        widths = [len(heading)] + [len(str(r[index - 1] or "")) for r in table.rows[:200]]
        sheet.column_dimensions[get_column_letter(index)].width = min(max(12, max(widths) + 2), 60)


def sheet_name(table: Table, used: set[str]) -> str:
    """A readable, unique sheet name: the table's own (SHEETS) as it is, else its caption
    without a closing "by year", cut at a word within Excel's 31 characters."""
    named = SHEETS.get(table.key) or OUTCOME_SHEETS.get(table.key.removeprefix("outcomes_"))
    base = named or re.sub(r",? (by|and) year$", "", table.caption).strip()
    base = re.sub(r"[\[\]:*?/\\']", "", base)
    if len(base) > MAX_SHEET_NAME:
        base = base[: MAX_SHEET_NAME + 1].rsplit(" ", 1)[0]
    base = base.rstrip(" ,(-")
    name, n = base, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" {n}"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
        n += 1
    used.add(name)
    return name
