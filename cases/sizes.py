"""A file's size as staff read it in Slack and at a terminal (the web page uses Jinja's
filesizeformat)."""

from __future__ import annotations


def size_text(size: int) -> str:
    """Bytes under a KB, else KB or MB to one decimal place (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
