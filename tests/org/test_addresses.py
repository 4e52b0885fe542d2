"""org/addresses.py: the one check of each kind of address, wherever it is written."""

from __future__ import annotations

import pytest

from org.addresses import email_address, email_or_slack_id, host_name, web_address


@pytest.mark.parametrize(
    "value",
    ["complaints", "a@b", "mash@council.example\r\nBcc: x@y", "a/b@council.example", "@x.org"],
)
def test_what_is_not_an_email_address_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="not an email address"):
        email_address(value)


def test_an_email_address_comes_back_trimmed() -> None:
    assert email_address("  complaints@council.example.gov.uk ") == (
        "complaints@council.example.gov.uk"
    )


def test_a_recipient_is_an_email_address_or_a_slack_id() -> None:
    assert email_or_slack_id("C0123456") == "C0123456"
    with pytest.raises(ValueError, match="neither"):
        email_or_slack_id("#complaints")


def test_host_and_web_addresses() -> None:
    with pytest.raises(ValueError, match="not a host name"):
        host_name("heard\r\n250 ok")
    assert web_address(" https://heard.council.example/ ") == "https://heard.council.example"
    for value in ("file:///etc/passwd", "https://host/a b", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="http"):
            web_address(value)
