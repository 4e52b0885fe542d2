"""The CLI tests' case (a complaint with a complainant, a message and an attachment)."""

from tests.cli.test_case_cli import reference  # noqa: F401  (a fixture)
from tests.scheduler.conftest import app  # noqa: F401  (a fixture)
