"""Jinja2 environments: plain-text message templates (zh/en) and the HTML recipient pages.

A message template's first line is the subject, the rest is the body. Templates
use StrictUndefined so a missing parameter rejects the event instead of sending
a notice with a hole in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    UndefinedError,
    select_autoescape,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
LOCALES = ("zh", "en")

_messages = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR / "messages"),
    undefined=StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)
pages = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR / "pages"),
    undefined=StrictUndefined,
    autoescape=select_autoescape(["html"]),
)


class TemplateProblem(ValueError):
    """The template is unknown, or the parameters do not fill it."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@cache
def template_names() -> frozenset[str]:
    """The message templates shipped with the server (read once: they change only with a release)."""
    return frozenset(p.name.split(".")[0] for p in (TEMPLATE_DIR / "messages").glob("*.txt"))


def render_message(name: str, locale: str, params: Mapping[str, Any]) -> Rendered:
    if locale not in LOCALES:
        raise TemplateProblem(f"locale {locale!r} is not one of {', '.join(LOCALES)}")
    if name not in template_names():
        raise TemplateProblem(f"unknown template {name!r}")
    try:
        text = _messages.get_template(f"{name}.{locale}.txt").render(**params)
    except TemplateNotFound as exc:
        raise TemplateProblem(f"template {name!r} has no {locale!r} version") from exc
    except UndefinedError as exc:
        raise TemplateProblem(f"template {name!r}: {exc.message}") from exc
    subject, _, body = text.strip().partition("\n")
    return Rendered(subject=subject.strip(), body=body.strip() or subject.strip())
