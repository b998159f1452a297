"""Pinyin initials of a name, for searching at the till by typing "kl" for 可乐."""

from __future__ import annotations

MAX_LENGTH = 100


def name_initials(name: str) -> str:
    """Lower-case initials: each Chinese character gives its pinyin's first letter, ASCII
    letters and digits are kept, everything else (spaces, punctuation) is dropped.

    "可乐 500ml" -> "kl500ml". Heteronyms take pypinyin's most common reading.
    """
    from pypinyin import Style, lazy_pinyin  # a large dictionary: loaded on first use only

    out: list[str] = []
    for piece in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default"):
        for ch in piece.lower():
            if ch.isascii() and ch.isalnum():
                out.append(ch)
    return "".join(out)[:MAX_LENGTH]
