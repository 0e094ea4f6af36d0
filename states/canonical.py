"""The one JSON text of a value that a hash is taken over: what json.dumps(value, sort_keys=True,
separators=(",", ":"), ensure_ascii=False) gives. Written with the C encoder built once, without the
circular-reference check (rto's values are trees): the per-call setup was most of the cost of the small
texts every step writes (a step's details, its salts, a commitment)."""

from __future__ import annotations

import json
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
from typing import Any

json_string = json.encoder.encode_basestring  # how that encoder writes a string (a key or a value)

_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_C = None if c_make_encoder is None else c_make_encoder(
    None, _ENCODER.default, json_string, None, ":", ",", True, False, True)


def canonical(value: Any) -> str:
    if isinstance(value, str):
        return json_string(value)
    if _C is None:  # an interpreter without the C encoder
        return _ENCODER.encode(value)
    return "".join(_C(value, 0))
