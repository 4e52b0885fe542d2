"""Attachments encrypted at rest (issue 27, part 5): with HEARD_ATTACHMENT_KEYS set, a copy of
the database alone does not reveal them; keys rotate with `heard db seal-attachments`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from cases.enums import Channel, Direction, ReportKind, StageKind
from heard.settings import SettingsError, load_settings
from store.db import make_engine, session_scope
from store.models import Attachment, Case, Correspondence, Stage, StageReport
from store.sealed_attachments import reseal_all
from store.sealing import PREFIX, SealedWithoutKey, Sealer, new_key, use_sealer
from store.types import table_of

SECRET = b"%PDF-1.4 Child protection plan for Alfie Child"


def _message(engine: Engine) -> int:
    with session_scope(engine) as session:
        case = Case(
            reference="CSC-2026-000001", record_kind="complaint", route="statutory",
            channel="email", status="received", received_at=datetime(2026, 3, 2, tzinfo=UTC),
            receipt_day=datetime(2026, 3, 2).date(),
        )  # fmt: skip
        session.add(case)
        session.flush()
        assert case.id is not None
        message = Correspondence(
            case_id=case.id, direction=Direction.INBOUND, channel=Channel.EMAIL
        )
        session.add(message)
        session.flush()
        assert message.id is not None
        return message.id


def _raw(engine: Engine) -> list[bytes]:
    with engine.connect() as connection:
        return [
            bytes(row[0]) for row in connection.exec_driver_sql("SELECT content FROM attachment")
        ]


def test_attachments_are_sealed_and_read_back(engine: Engine) -> None:
    first = new_key()
    use_sealer(engine, Sealer([first]))
    message_id = _message(engine)
    with session_scope(engine) as session:  # through the ORM and through a Core insert
        session.add(Attachment(correspondence_id=message_id, filename="plan.pdf",
                               content_type="application/pdf", size=1, sha256="0", content=SECRET))  # fmt: skip
        session.connection().execute(
            sa.insert(table_of(Attachment)),
            [{"correspondence_id": message_id, "content_type": "text/plain", "size": 1,
              "sha256": "0", "withheld_too_large": False, "content": SECRET}],
        )  # fmt: skip
    assert all(raw.startswith(PREFIX) and SECRET not in raw for raw in _raw(engine))
    with session_scope(engine) as session:
        assert [a.content for a in session.exec(select(Attachment))] == [SECRET, SECRET]

    # Rotation: the new key first, the old one kept until every attachment is resealed.
    second = new_key()
    assert reseal_all(engine, Sealer([second, first])) == 2
    only_new = Sealer([second])
    assert [only_new.open(raw) for raw in _raw(engine)] == [SECRET, SECRET]

    use_sealer(engine, None)  # the database without the key: nothing to read
    with pytest.raises(SealedWithoutKey), session_scope(engine) as session:
        list(session.exec(select(Attachment)))


def test_a_copied_sqlite_file_does_not_reveal_them(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    use_sealer(engine, Sealer([new_key()]))
    message_id = _message(engine)
    with session_scope(engine) as session:
        session.add(Attachment(correspondence_id=message_id, content_type="application/pdf",
                               size=1, sha256="0", content=SECRET))  # fmt: skip
    engine.dispose()  # the WAL is checkpointed into the file
    copied = Path(sqlite_url.removeprefix("sqlite:///")).read_bytes()
    assert b"Alfie Child" not in copied


def test_a_wrong_key_is_refused_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=r"HEARD_ATTACHMENT_KEYS|attachment_keys"):
        load_settings(environment="test", attachment_keys="not-a-key")
    keys = f"{new_key()}, {new_key()}"
    assert len(load_settings(environment="test", attachment_keys=keys).attachment_key_list()) == 2


def test_stage_reports_are_sealed_and_resealed_like_attachments(engine: Engine) -> None:
    """An investigating officer's report names the child as a complaint's attachment does."""
    first = new_key()
    use_sealer(engine, Sealer([first]))
    message_id = _message(engine)
    with session_scope(engine) as session:
        case_id = session.exec(select(Correspondence.case_id)).one()
        stage = Stage(case_id=case_id, kind=StageKind.STATUTORY_2, opened_on=date(2026, 3, 2))
        session.add(stage)
        session.flush()
        assert stage.id is not None and message_id
        session.add(StageReport(case_id=case_id, stage_id=stage.id, kind=ReportKind.INVESTIGATING_OFFICER,
                                filename="io.pdf", content_type="application/pdf", size=1,
                                sha256="0", content=SECRET, uploaded_at=datetime.now(UTC),
                                uploaded_by="cli:officer"))  # fmt: skip
    with engine.connect() as connection:
        (raw,) = [bytes(r[0]) for r in connection.exec_driver_sql("SELECT content FROM stage_report")]
    assert raw.startswith(PREFIX) and SECRET not in raw
    second = new_key()
    assert reseal_all(engine, Sealer([second, first])) == 1
    with engine.connect() as connection:
        (raw,) = [bytes(r[0]) for r in connection.exec_driver_sql("SELECT content FROM stage_report")]
    assert Sealer([second]).open(raw) == SECRET
