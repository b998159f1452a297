"""What every page of the main window offers the window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.context import PageContext


class Page(QWidget):
    """A workflow page. Subclasses set a translated ``title()`` and may take scans."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def title(self) -> str:
        raise NotImplementedError

    def handle_scan(self, code: str) -> bool:
        """A scanner delivered ``code`` while this page is shown. Return True if it was used."""
        return False

    def activated(self) -> None:
        """The page was brought to the front (set focus, refresh)."""

    def busy_text(self) -> str | None:
        """Work in progress that logging out would interrupt (a door standing open), in words; None when idle."""
        return None

    def shutdown(self) -> None:
        """The page is about to be destroyed (logout, quit): stop timers and devices."""
