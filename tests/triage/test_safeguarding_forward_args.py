"""bench.safeguarding_forward says what is wrong with its arguments in one line, before the
minutes of fitting, and answers --help."""

from __future__ import annotations

import pytest

from bench.safeguarding_forward import main


def refusal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    said = capsys.readouterr()
    return int(str(exited.value.code)), [
        line for line in said.err.splitlines() if "usage" not in line
    ]


def test_help_names_the_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "CUT:COMMIT" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        ([], 2, "the following arguments are required: CUT:COMMIT"),
        (["12x:abc"], 2, "'12x:abc' is not CUT:COMMIT"),
        (["1501:HEAD", "--alone", "0.32,2"], 2, "'0.32,2' is not a list of bars"),
        (["1501:no-such-commit"], 1, "no-such-commit: fatal: invalid object name"),
        (["1501:HEAD", "1600:HEAD:nowhere"], 1, "does not exist in 'HEAD'"),
    ],
)
def test_a_wrong_argument_is_refused_in_one_line(
    argv: list[str], code: int, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exit_code, lines = refusal(argv, capsys)
    assert exit_code == code
    assert len(lines) == 1 and says in lines[0]
