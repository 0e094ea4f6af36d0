"""Identity numbers at rest: encrypted with a key kept outside the database, found by a keyed hash.

Datatilsynet: a fødselsnummer is needed only to identify someone, so rto keeps each one encrypted (AES-256-GCM)
and looks one up by an HMAC-SHA256 of it (to find a duplicate, `household find`); neither the database file nor
a dump holds a number in clear, and whoever has the database but not the key file learns nothing from it. Both
keys are derived (HKDF-SHA256) from one 32-byte secret in `[identity] key_file`, written 0600 the first time it
is needed (by `rto init`, or the first number stored) and refused if others may read it. Lose that file and the
numbers are lost with it: back it up apart from the database.

A stored number is a JSON object: {"v": 1, "ct": nonce + ciphertext (base64), "kh": the keyed hash (hex),
"kind", "synthetic"}; rows written before the numbers were encrypted ({"number": ...}) are sealed by migration
0007. What is shown is only ever the mask (`workflow.identity.masked`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

from states.errors import ConfigError
from workflow.identity import IdentityNumber

VERSION = 1
_AAD = b"rto identity number v1"


class IdentityVault:
    """The key file and what it does: seal, reveal and look up identity numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def _secret(self) -> bytes:
        return _load_or_create(self.path)

    @cached_property
    def _keys(self) -> tuple[bytes, bytes]:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        def derive(purpose: bytes) -> bytes:
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(self._secret)

        return derive(b"rto identity numbers: encryption"), derive(b"rto identity numbers: lookup")

    def ensure(self) -> bool:
        """Create the key file if it is missing: True when it was created now."""
        existed = self.path.exists()
        _ = self._secret
        return not existed

    def lookup_hash(self, number: str) -> str:
        """The keyed hash a number is found by: the same number, the same hash; without the key, no guessing
        (eleven digits with check digits are few enough to try them all against a plain hash)."""
        return hmac.new(self._keys[1], number.encode(), hashlib.sha256).hexdigest()

    def seal(self, number: IdentityNumber) -> dict[str, Any]:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self._keys[0]).encrypt(nonce, number.number.encode(), _AAD)
        return {"v": VERSION, "ct": base64.b64encode(nonce + sealed).decode(), "kh": self.lookup_hash(number.number),
                "kind": number.kind, "synthetic": number.synthetic}

    def reveal(self, stored: Mapping[str, Any]) -> str:
        """The number itself (for the household's own copy of its data, `household export`)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if "number" in stored:  # written before numbers were encrypted (and before migration 0007 ran)
            return str(stored["number"])
        blob = base64.b64decode(stored["ct"])
        try:
            return AESGCM(self._keys[0]).decrypt(blob[:12], blob[12:], _AAD).decode()
        except InvalidTag:
            raise ConfigError("identity_key_wrong", path=str(self.path)) from None

    def seal_stored(self, stored: Mapping[str, Any]) -> dict[str, Any]:
        """A row of the old form ({"number": ..., "kind", "synthetic", "born"?}) sealed; a sealed one as it is."""
        if "number" not in stored:
            return dict(stored)
        sealed = self.seal(IdentityNumber(str(stored["number"]), stored.get("kind", "fodselsnummer"),
                                          bool(stored.get("synthetic", False))))
        if stored.get("born"):
            sealed["born"] = stored["born"]  # the birth date read from the number back then: the mask shows it
        return sealed


def _load_or_create(path: Path) -> bytes:
    """The secret in `path`; a new one, written 0600 and never over an existing file, if there is none. Written
    whole under another name and linked into place, so a second process never reads half a key."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    secret = secrets.token_bytes(32)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(base64.b64encode(secret).decode() + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:  # another process made it a moment ago: use theirs
            return _read(path)
    except OSError as error:
        raise ConfigError("identity_key_unwritable", path=str(path), why=error.strerror or str(error)) from None
    finally:
        draft.unlink(missing_ok=True)
    return secret


def _read(path: Path) -> bytes:
    if os.name == "posix" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError("identity_key_exposed", path=str(path))
    try:
        secret = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (ValueError, UnicodeDecodeError):
        secret = b""
    if len(secret) != 32:
        raise ConfigError("identity_key_bad", path=str(path))
    return secret
