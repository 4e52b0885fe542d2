"""Issue 13 item 10: every argument of every command has a range, and a value outside it is
one line naming the argument, exit code 2, before any work is done (no traceback, no memory
exhausted by a loop counting 99,999,999,999 working days)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_process import invoke_heard, quiet_environment, refusal


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["cases", "list", "--limit", "99999999999999999999999"], "--limit"),
        (["calendar", "add", "9999-12-30", "10"], "START"),
        (["calendar", "add", "0001-01-01", "1"], "START"),
        (["calendar", "add", "2026-12-22", "99999999999"], "WORKING_DAYS"),
        (["calendar", "add", "2026-12-22", "-3"], "WORKING_DAYS"),
        (["calendar", "add", "2026-12-22", "--bogus"], "WORKING_DAYS"),
        (["export", "cases", "--out", "x.csv", "--from", "0001-01-01"], "--from"),
        (["export", "cases", "--out", "x.csv", "--to", "soon"], "--to"),
        (["report", "quarterly", "--out", "r", "--year", "9" * 20, "--quarter", "1"], "--year"),
        (["report", "quarterly", "--out", "r", "--year", "2025", "--quarter", "5"], "--quarter"),
        (["report", "weekly", "--out", "r", "--week-of", "9999-12-31"], "--week-of"),
        (["demo", "seed", "--cases", "1", "--years", "100000"], "--years"),
        (["demo", "seed", "--cases", "99999999999"], "--cases"),
        (["reminders", "list", "--limit", "-5"], "--limit"),
        (["digest", "preview", "--as-of", "0001-01-01"], "--as-of"),
        (["cases", "show", "x" * 5000], "REFERENCE"),
        (["cases", "list", "--status", "bogus"], "--status"),
        (["audit", "staff", "--by", "pat", "--from", "2026-02-30"], "--from"),
        (["audit", "staff", "--to", "2026-03-01"], "--by"),
    ],
    ids=lambda value: " ".join(value)[:60] if isinstance(value, list) else value,
)
def test_argument_out_of_range_is_one_line_naming_it(
    tmp_path: Path, args: list[str], named: str
) -> None:
    result = invoke_heard(*args, env=quiet_environment(tmp_path), cwd=tmp_path)
    line = refusal(result)
    assert named in line
    assert line.startswith(f"heard {args[0]} {args[1]}: ")
    assert not (tmp_path / "heard.db").exists()  # refused before any work


def test_count_past_the_end_of_the_calendar_is_refused_quickly(tmp_path: Path) -> None:
    result = invoke_heard(
        "calendar", "add", "2100-12-20", "30", env=quiet_environment(tmp_path), cwd=tmp_path
    )
    assert "2100-12-31" in refusal(result)


def test_unknown_command_is_one_line(tmp_path: Path) -> None:
    line = refusal(invoke_heard("nosuch", env=quiet_environment(tmp_path), cwd=tmp_path))
    assert "nosuch" in line


def test_arguments_in_range_still_work(tmp_path: Path) -> None:
    result = invoke_heard(
        "calendar", "add", "2026-12-22", "10", env=quiet_environment(tmp_path), cwd=tmp_path
    )
    assert (result.returncode, result.stdout.strip()) == (0, "2027-01-08")


def test_imported_dates_outside_the_calendar_are_rejected_rows(tmp_path: Path) -> None:
    """Each such row is listed as rejected; the import neither crashes nor stops."""
    sheet = tmp_path / "old.csv"
    sheet.write_text(
        "reference,record_kind,received_on,stage1_responded_on\n"
        "CSC-2150-000001,complaint,2150-01-05,\n"
        "CSC-2026-000001,complaint,2026-01-07,9999-01-01\n"
        "CSC-2026-000002,complaint,2100-12-30,\n"
        "CSC-2026-000003,complaint,2026-01-07,\n"
    )
    result = invoke_heard(
        "import", "cases", str(sheet), env=quiet_environment(tmp_path), cwd=tmp_path
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    rejected = result.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in rejected] == ["row 2", "row 3", "row 4"]
    assert "1 cases imported" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["case", "new", "log", "--channel", "telephone", "--text", "Rang about the visits.",
         "--name", "Ann", "--email", "ann[1]@example.org"],
        ["case", "CSC-2026-000001", "advocate", "--name", "Sam", "--email",
         '"sam lee"@coram.example'],
        ["sar", "new", "--email", "ann\\b@example.org"],
        ["sar", "export", "--email", "ann@[192.0.2.1]", "--out", "."],
        ["web", "sign-in-link", "officer@council"],
        ["case", "new", "log", "--channel", "letter", "--text", "A letter.", "--name", "Ann",
         "--email", "ann@example.org\r\nBcc: x@example.org"],
    ],
    ids=lambda value: " ".join(value)[:60],
)  # fmt: skip
def test_an_address_that_is_not_plain_name_at_domain_is_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    """org.addresses.EMAIL (RFC 5322 dot-atom) is the check of every address given on the
    command line: a quoted name, a bracket, a backslash or a line break is refused before
    any work, where it would otherwise be stored and fail only when a letter is sent."""
    line = refusal(invoke_heard(*args, env=quiet_environment(tmp_path), cwd=tmp_path))
    assert "is not an email address" in line
    assert "\r" not in line
    assert not (tmp_path / "heard.db").exists()


@pytest.mark.parametrize(
    "phone", ["ring the office", "01632 960001\r\nBcc: x@example.org", "12", "+44 (0)1632 960001x"]
)
def test_a_phone_number_that_is_not_digits_and_spaces_is_one_line(
    tmp_path: Path, phone: str
) -> None:
    """A letter to someone who gave only a phone number goes as a text message: a phone that
    is not one is refused before any work, as Slack's log form and the web form refuse it."""
    line = refusal(
        invoke_heard(
            "case",
            "new",
            "log",
            "--channel",
            "telephone",
            "--text",
            "Rang about the visits.",
            "--name",
            "Ann",
            "--phone",
            phone,
            env=quiet_environment(tmp_path),
            cwd=tmp_path,
        )
    )
    assert line.startswith("heard: --phone: ") and "is not a phone number" in line
    assert "\r" not in line
    assert not (tmp_path / "heard.db").exists()


@pytest.mark.parametrize(
    "extra",
    [["--name", "Ann"], ["--email", "ann@example.org"], ["--phone", "01632 960001"],
     ["--child", "Alfie"], ["--kind", "compliment"]],
    ids=lambda value: value[0],
)  # fmt: skip
def test_a_new_cases_details_on_a_log_for_an_existing_case_are_one_line(
    tmp_path: Path, extra: list[str]
) -> None:
    """They were silently dropped: staff who typed the caller's number kept nothing."""
    args = ["case", "CSC-2026-000001", "log", "--channel", "telephone", "--text", "Rang again."]
    line = refusal(invoke_heard(*args, *extra, env=quiet_environment(tmp_path), cwd=tmp_path))
    assert line.startswith(f"heard: {extra[0]}: only for a new case")
    assert not (tmp_path / "heard.db").exists()
