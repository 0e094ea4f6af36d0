"""Signed checkpoints of every history, kept outside the database: `rto audit keygen`, `seal`, and the file.

The pure part (what a checkpoint is, its Merkle root, how histories are checked against it) is in
`states/checkpoints.py`; here are the Ed25519 keys (through `cryptography`), the checkpoint file (one JSON
line per checkpoint, appended under a lock so that two seals at once cannot both extend the same one), the
read of every case's and every household's length and head, and the copy mailed to the supervisors through the outbox.

A seal reads the case and household rows only (each keeps its history's length and head), so it costs one
row per case and household, not one per event; `rto audit verify` then checks that the events agree with
the rows and with every seal.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from notifications.messages import render
from states.checkpoints import Checkpoint, SealedHistory, changes_since, line_hash, parse_line
from states.errors import Conflict, InvalidInput, Tampered
from states.history import stamp
from states.roles import Role, require_role
from workflow import unit_of_work
from workflow.bootstrap import App
from workflow.outbox import Enqueue, Message, already_queued
from workflow.repository import load_actor
from workflow.results import AuditBreak, KeyPair, Sealed
from workflow.schema import cases as cases_t
from workflow.schema import households as households_t
from workflow.schema import staff as staff_t
from workflow.unit_of_work import Plan, Work

SEALERS = (Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM)


# --- keys ----------------------------------------------------------------------------------------------------

def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, in hex: how a checkpoint names the key that signed it."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def generate_keys(private: Path, public: Path) -> KeyPair:
    """A new Ed25519 key pair as PEM files: the private key readable by its owner only (0600). Never over an
    existing file: a lost signing key cannot seal again, and a replaced one no longer verifies the old seals."""
    if private.absolute() == public.absolute():
        raise InvalidInput("key_paths_same")
    for path in (private, public):
        if path.exists() or path.is_symlink():
            raise InvalidInput("key_file_exists", path=str(path))
    key = Ed25519PrivateKey.generate()
    secret = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())
    shared = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    _create(private, secret, 0o600)
    try:
        _create(public, shared, 0o644)
    except InvalidInput:
        private.unlink()
        raise
    return KeyPair(str(private), str(public), fingerprint(key.public_key()))


def _create(path: Path, content: bytes, mode: int) -> None:
    """Write a new file with exactly `mode` (whatever the umask), failing if it exists."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise InvalidInput("key_file_exists", path=str(path)) from None
    except OSError as error:
        raise InvalidInput("cannot_write", path=str(path), why=error.strerror or str(error)) from None
    with os.fdopen(descriptor, "wb") as fh:
        os.fchmod(fh.fileno(), mode)
        fh.write(content)


def _read(path: Path, missing: str = "cannot_read") -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise InvalidInput(missing, path=str(path), why=error.strerror) from None
    except OSError as error:
        raise InvalidInput("cannot_read", path=str(path), why=error.strerror or str(error)) from None


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The private key seals are signed with; bad input (exit 2) when it is missing or not one."""
    data = _read(path, "signing_key_missing")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise InvalidInput("cannot_read", path=str(path), why=str(error).splitlines()[0]) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("cannot_read", path=str(path), why="not an Ed25519 private key")
    return key


def public_key(path: Path) -> Ed25519PublicKey:
    data = _read(path)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise InvalidInput("cannot_read", path=str(path), why=str(error).splitlines()[0]) from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput("cannot_read", path=str(path), why="not an Ed25519 public key")
    return key


# --- the checkpoint file -------------------------------------------------------------------------------------

def _lines(path: Path, missing_ok: bool) -> Iterator[bytes]:
    try:
        fh = path.open("rb")
    except FileNotFoundError as error:
        if missing_ok:
            return
        raise InvalidInput("cannot_read", path=str(path), why=error.strerror) from None
    except OSError as error:
        raise InvalidInput("cannot_read", path=str(path), why=error.strerror or str(error)) from None
    with fh:
        yield from fh


def read_checkpoints(path: Path, key: Ed25519PublicKey, missing_ok: bool = False) -> tuple[SealedHistory, int,
                                                                                            AuditBreak | None]:
    """Every checkpoint in the file, each checked (readable, signed by `key`, following the one before, its
    leaves giving its root): what they sealed, how many there are, and the first that fails, if one does."""
    history, expected, number = SealedHistory(), fingerprint(key), 0

    def failed(problem: str, **params: Any) -> tuple[SealedHistory, int, AuditBreak]:
        return history, number, AuditBreak(None, None, None, problem, {"checkpoint": number, "file": str(path),
                                                                        **params})

    for raw in _lines(path, missing_ok):
        number += 1
        try:
            text = raw.decode("utf-8").removesuffix("\n")
            checkpoint = parse_line(text)
        except ValueError as error:  # (JSON and Unicode errors are ValueErrors)
            return failed("checkpoint_unreadable", why=str(error).splitlines()[0][:200])
        if checkpoint.key != expected:
            return failed("checkpoint_other_key", found=checkpoint.key[:16], expected=expected[:16])
        try:
            key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.message())
        except (InvalidSignature, ValueError):
            return failed("checkpoint_bad_signature")
        problem = history.add(checkpoint, line_hash(text))
        if problem is not None:
            return failed(problem)
    return history, number, None


def _append(path: Path, line: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as error:
        raise InvalidInput("cannot_write", path=str(path), why=error.strerror or str(error)) from None


def tolerance(app: App) -> timedelta:
    return timedelta(seconds=app.settings.audit.clock_tolerance_seconds)


# --- sealing -------------------------------------------------------------------------------------------------

def seal_checkpoint(app: App, login: str) -> Sealed:
    """Sign a checkpoint of every history, append it to the checkpoint file, and mail it to the supervisors.
    Nothing is sealed over a file that does not verify, or over a database that no longer has a history as
    the last checkpoint sealed it (a case deleted or cut short): `Tampered` (exit 7)."""
    with app.db.transaction() as conn:
        require_role(load_actor(conn, login), *SEALERS)
    key = signing_key(app.signing_key_path)
    path = app.checkpoints_path
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(f"{path}.lock", timeout=app.settings.busy_timeout_ms / 1000):
            sealed = _seal(app, key, path)
    except Timeout:
        raise Conflict("checkpoints_busy", path=str(path)) from None
    except OSError as error:
        raise InvalidInput("cannot_write", path=str(path), why=error.strerror or str(error)) from None
    return replace(sealed, mailed=_mail(app, login, sealed))


def _seal(app: App, key: Ed25519PrivateKey, path: Path) -> Sealed:
    history, number, found = read_checkpoints(path, key.public_key(), missing_ok=True)
    if found is not None:
        raise Tampered("seal_file_untrusted", file=str(path), checkpoint=found.params["checkpoint"])
    at = app.now()  # before the snapshot: a change that commits after it may be older, never the reverse
    with app.db.transaction() as conn:  # one snapshot of both kinds of chain
        current = _leaves(conn, cases_t)
        households = _leaves(conn, households_t)
    changed, broken = changes_since(history, current)
    if broken is not None:
        raise Tampered("seal_refused", case=broken.case_id, checkpoint=broken.params["checkpoint"],
                       at=broken.params["at"])
    household_changes, broken = changes_since(history.households, households)
    if broken is not None:
        raise Tampered("seal_refused_household", household=broken.case_id, checkpoint=broken.params["checkpoint"],
                       at=broken.params["at"])
    prev = history.last_hash
    root = history.apply(changed)  # the tree of the checkpoint before, with what changed since
    household_root = history.households.apply(household_changes)
    unsigned = Checkpoint(at, len(current), sum(c[1] for c in current), root, prev, fingerprint(key.public_key()),
                          tuple(changed), households=len(households), household_events=sum(h[1] for h in households),
                          household_root=household_root, household_changes=tuple(household_changes))
    checkpoint = replace(unsigned, signature=base64.b64encode(key.sign(unsigned.message())).decode())
    line = checkpoint.line()
    _append(path, line)
    return Sealed(number + 1, at, checkpoint.cases, checkpoint.events, root, checkpoint.prev, checkpoint.key,
                  checkpoint.signature, line_hash(line), len(changed), str(path), [], checkpoint.households,
                  checkpoint.household_events, household_root, len(household_changes), checkpoint.format)


def _leaves(conn: Any, table: Any) -> list[tuple[int, int, str]]:
    """Every chain's (id, length, head) of a table that keeps them (cases, households), in id order."""
    query = select(table.c.id, table.c.history_seq, table.c.history_head).order_by(table.c.id)
    return [(i, n, h) for i, n, h in conn.execute(query, execution_options={"yield_per": 5000})]


def alert_refused(app: App, login: str, refused: Tampered) -> list[str]:
    """A seal the scheduler could not make (a history or the checkpoint file disagrees with a checkpoint):
    queued to every active supervisor with an email, once a day each, so an unattended refusal is noticed.
    It names the case, household or checkpoint only. The logins it was queued to."""
    day = app.today().isoformat()
    context = {"day": day, "case": refused.params.get("case"), "household": refused.params.get("household"),
               "checkpoint": refused.params.get("checkpoint"), "file": refused.params.get("file")}

    def decide(work: Work) -> Plan[list[str]]:
        rows = _supervisors(work)
        keys = {r.login: f"seal-refused:{day}:{r.login}" for r in rows}
        taken = already_queued(work.conn, list(keys.values()))
        writes = [Enqueue(Message(keys[r.login], "seal_refused", None, r.login, r.email,
                                  render("seal_refused", app.language, {**context, "recipient": r.name},
                                         app.settings.timezone, sender=app.settings.municipality.unit)),
                          app.settings.mail.from_address)
                  for r in rows if keys[r.login] not in taken]
        return Plan([r.login for r in rows], writes)

    return unit_of_work.run(app, login, decide)


def _supervisors(work: Work) -> list[Any]:
    return list(work.conn.execute(
        select(staff_t.c.login, staff_t.c.name, staff_t.c.email)
        .where(staff_t.c.role == Role.SUPERVISOR.value, staff_t.c.active.is_(True), staff_t.c.email.is_not(None))
        .order_by(staff_t.c.login)))


def _mail(app: App, login: str, sealed: Sealed) -> list[str]:
    """The external copy: the checkpoint (no case, no name: its time, counts, root and signature) queued to
    every active supervisor with an email, once per checkpoint and supervisor."""

    def decide(work: Work) -> Plan[list[str]]:
        rows = _supervisors(work)
        keys = {r.login: f"checkpoint:{sealed.hash[:32]}:{r.login}" for r in rows}
        taken = already_queued(work.conn, list(keys.values()))
        context = {"number": sealed.number, "at": sealed.at, "stamp": stamp(sealed.at), "cases": sealed.cases,
                   "events": sealed.events, "root": sealed.root, "prev": sealed.prev, "key": sealed.key,
                   "signature": sealed.signature, "hash": sealed.hash, "households": sealed.households,
                   "household_events": sealed.household_events, "household_root": sealed.household_root}
        writes = [Enqueue(Message(keys[r.login], "checkpoint", None, r.login, r.email,
                                  render("checkpoint", app.language, {**context, "recipient": r.name},
                                         app.settings.timezone, sender=app.settings.municipality.unit)),
                          app.settings.mail.from_address)
                  for r in rows if keys[r.login] not in taken]
        return Plan([r.login for r in rows], writes)

    return unit_of_work.run(app, login, decide)
