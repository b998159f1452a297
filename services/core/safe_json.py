"""JSON from outside, read with a bound on nesting depth; texts checked for what storage refuses.

`json.loads` recurses once per level: a few thousand `[` in a 10 kB body raise
RecursionError (a 500 on the server, a traceback in a CLI). `loads_bounded` measures
the nesting first, in one linear pass over the brackets outside strings, and refuses
anything deeper than `max_depth` with `JsonTooDeep` (a ValueError) before parsing.
Every JSON input of the desk and the server goes through it (server bodies, courier
manifests, pricing files).

`text_problem` walks an already parsed value and names the first text that cannot
be stored or sent: a lone UTF-16 surrogate (`"\\ud800"` is valid JSON but no UTF-8
encoder takes it), optionally a NUL character (PostgreSQL text refuses it), or a
nesting deeper than allowed.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Deep enough for any document we exchange (a sync batch with its payload is ~6 levels,
# a pricing file ~5), far below the interpreter's recursion limit.
MAX_DEPTH = 64

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonTooDeep(ValueError):
    """The document nests arrays/objects deeper than allowed."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(f"JSON nested deeper than {max_depth} levels")
        self.max_depth = max_depth


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped).

    Unbalanced or malformed text gets some number; json.loads then reports the syntax error.
    """
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def decode_json_bytes(raw: bytes) -> str:
    """Bytes → text as json.loads would decode them (UTF-8, -16 or -32; a UTF-8 BOM is dropped)."""
    return raw.decode(json.detect_encoding(raw))


def loads_bounded(data: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """json.loads, but JsonTooDeep (before parsing) for nesting deeper than `max_depth`.

    Bytes may start with a UTF-8 byte order mark. NaN and Infinity (which json.loads takes)
    are refused. Other problems raise what json.loads raises (json.JSONDecodeError /
    UnicodeDecodeError), all ValueErrors.
    """
    text = decode_json_bytes(data) if isinstance(data, bytes) else data
    if json_depth(text) > max_depth:
        raise JsonTooDeep(max_depth)
    return json.loads(text, parse_constant=_no_constant)


def _no_constant(name: str) -> Any:
    # Python writes and reads NaN / Infinity, JSON has no such values (PostgreSQL refuses them).
    raise ValueError(f"{name} is not a JSON value")


def text_problem(value: Any, *, max_depth: int = MAX_DEPTH, forbid_nul: bool = False, path: str = "") -> str | None:
    """The first problem in a parsed JSON value, as "<path>: <what>", or None.

    Looks at every string, object keys included: a lone surrogate always, a NUL
    character when `forbid_nul`; and at the nesting depth (`max_depth` levels of
    arrays/objects below `value`).
    """
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return f"{where or 'value'}: contains a lone UTF-16 surrogate (not valid Unicode text)"
            if forbid_nul and "\x00" in item:
                return f"{where or 'value'}: contains a NUL character"
        elif isinstance(item, dict | list):
            if depth >= max_depth:
                return f"{where or 'value'}: nested deeper than {max_depth} levels"
            if isinstance(item, dict):
                for key, sub in item.items():
                    label = f"{where}.{key}" if where else str(key)
                    if isinstance(key, str) and (_SURROGATE.search(key) or (forbid_nul and "\x00" in key)):
                        return f"{where or 'value'}: a key contains a lone surrogate or NUL character"
                    stack.append((sub, label, depth + 1))
            else:
                stack.extend((sub, f"{where}[{n}]", depth + 1) for n, sub in enumerate(item))
    return None
