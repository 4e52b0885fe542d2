"""The route corpus's files, its row schema and the rule that seals a statement.

Every variant of one statement falls on the same side, and the side is a fixed function of
the statement's id: adding statements later never moves an existing one across, and anyone
can check which side a row belongs on without a list of sealed statements.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

HERE = Path(__file__).resolve().parent
DEV = HERE / "dev.jsonl"
SUMS = HERE / "SHA256SUMS"

# A new sealed part is one more name here; SEALED_PARTS, bench.route's choices and the file
# (sealedN.jsonl.gz) follow from it.
Part = Literal[
    "dev",
    "sealed",
    "sealed2",
    "sealed3",
    "sealed4",
    "sealed5",
    "sealed6",
    "sealed7",
    "sealed8",
    "sealed9",
    "sealed10",
    "sealed11",
    "sealed12",
    "sealed13",
    "sealed14",
    "sealed15",
    "sealed16",
    "sealed17",
    "sealed18",
    "sealed19",
    "sealed20",
    "sealed21",
    "sealed22",
    "sealed23",
    "sealed24",
    "sealed25",
]
# sealed2 holds statements found after the sealed part had been tuned against, sealed3 those
# found after sealed2 had been looked at, sealed4 those found after sealed3 had been, sealed5
# those found after both of sealed4's looks were spent, sealed6 those found after both of
# sealed5's were, sealed7 those found after both of sealed6's were, sealed8 those found after
# sealed7 was built, sealed9 those found after sealed7's and sealed8's first looks, sealed10
# those found after sealed9 landed, by another writer, sealed11 those a third fresh writer
# found after both looks at sealed9 and sealed10 were spent, sealed12 those a fourth fresh
# writer found after sealed11's first look, sealed13 those a fifth fresh writer found after
# sealed12 landed, and sealed14 those a sixth fresh writer found after sealed12's and sealed13's
# first looks, sealed15 those a seventh fresh writer found after sealed14's looks were
# spent, sealed16 those an eighth fresh writer found after sealed15 landed, sealed17 those a ninth fresh
# writer found after sealed16's only look, sealed18 those a tenth fresh writer found at the same
# time from councils M to Z (mostly children's social care), and sealed19 those an eleventh fresh
# writer found after sealed18 landed, naming councils neither had searched, and sealed20 those a
# twelfth fresh writer found after the eighth session's looks at sealed16 to sealed19, and in the
# tenth session sealed21 those a thirteenth fresh writer (routewriter21) found on children's care,
# and sealed22 those another fresh writer (routewriter22) found on exclusions, admissions,
# transport, early years and records, sealed23 those sealed21's writer found after sealed21
# landed, sealed24 those sealed22's writer found after sealed22 landed, and sealed25 the two
# writers' last sealed-side finds, made after sealed23 and sealed24 landed: all sit on the sealed
# side of `side_of`, and a statement is in one part only.
SEALED_PARTS: tuple[Part, ...] = tuple(part for part in get_args(Part) if part != "dev")
PARTS: tuple[Part, ...] = ("dev", *SEALED_PARTS)

ROUTES = ("statutory", "corporate", "not_logged")
# A complaint of these kinds follows a procedure (cases.kinds.COMPLAINT_KINDS).
RECORD_KINDS = ("complaint", "professional_complaint", "pre_complaint")

SEAL_SALT = "heard-route-corpus-1"
SEALED_SHARE = 0.4

# Field -> the JSON types it may hold. `not_logged_reason` is null unless route is not_logged.
FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "statement": (str,),
    "variant": (str,),
    "subject": (str,),
    "text": (str,),
    "received_on": (str,),
    "route": (str,),
    "not_logged_reason": (str, type(None)),
    "record_kind": (str,),
    "complainant_type": (str,),
    "enough_said": (bool,),
    "source": (dict,),
    "evidence": (str,),
    "note": (str, type(None)),
}
SOURCE_FIELDS: dict[str, tuple[type, ...]] = {
    "url": (str,),
    "reference": (str, type(None)),
    "council": (str,),
    "decision_date": (str, type(None)),
}

Row = dict[str, Any]


def side_of(statement: str) -> Part:
    """Sealed for about 40% of statements, chosen by a hash of the statement's id. A statement
    on the sealed side lives in one of SEALED_PARTS."""
    digest = hashlib.sha256(f"{SEAL_SALT}:{statement}".encode()).digest()
    return "sealed" if int.from_bytes(digest[:8], "big") / 2**64 < SEALED_SHARE else "dev"


def path_of(part: Part) -> Path:
    return DEV if part == "dev" else HERE / f"{part}.jsonl.gz"


def load(part: Part) -> list[Row]:
    path = path_of(part)
    if part == "dev":
        lines = path.read_text(encoding="utf-8").splitlines()
    else:
        with gzip.open(path, "rt", encoding="utf-8") as sealed:
            lines = sealed.read().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def encode(rows: Iterable[Row]) -> bytes:
    """One JSON object a line, sorted by id, so a rebuild with the same rows is byte-identical."""
    ordered = sorted(rows, key=lambda row: str(row["id"]))
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in ordered).encode()


def gzip_bytes(data: bytes) -> bytes:
    # mtime=0 and no file name in the header: the same rows give the same .gz.
    return gzip.compress(data, compresslevel=9, mtime=0)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
