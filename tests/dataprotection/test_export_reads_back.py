"""`heard export cases` and data protection records (found walking heard as a DPO: an export
holding a subject access request or a data protection complaint did not read back, `heard
import cases` refused those rows, so the README's export-then-import move from SQLite to
PostgreSQL stopped at them). The import layout has no place for their calendar clocks: the
export leaves them out and says how many, and what it writes imports with nothing refused."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_case_cli import ok


def test_an_export_with_data_protection_records_reads_back(
    reference: str, tmp_path: Path
) -> None:
    request = ok("sar", "new", "--email", "sam@example.org", "--name", "Sam Parent").split(":")[0]
    out = tmp_path / "cases.csv"
    said = ok("export", "cases", "--out", str(out))
    assert "1 cases written" in said
    assert "1 subject access request(s) and data protection complaint(s) left out" in said
    written = out.read_text()
    assert reference in written and request not in written
    checked = ok("import", "cases", "--check", str(out))
    assert "1 rows checked: 1 valid, 0 rejected" in checked
    # who saw what: the complaint was in the export, the request was not
    assert "in an export of 1 cases" in ok("case", reference, "reads")
    assert "export" not in ok("case", request, "reads")
