"""The status bar: database, devices and sync, each a short label with a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from services.core.records import DatabaseStatus, OutboxStatus


class DeskStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operator_label = QLabel()
        self.database_label = QLabel(self.tr("Database: opening…"))
        self.devices_label = QLabel()
        self.sync_label = QLabel()
        for label in (self.operator_label, self.database_label, self.devices_label, self.sync_label):
            self.addPermanentWidget(label)
        self._devices: dict[str, tuple[str, bool]] = {}

    def show_database(self, status: DatabaseStatus) -> None:
        kind = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(status.backend, status.backend)
        self.database_label.setText(self.tr("Database: {kind} ✓").format(kind=kind))
        self.database_label.setToolTip(self.tr("{url}\nschema {revision}").format(url=status.url, revision=status.revision))
        self.database_label.setStyleSheet("")

    def show_database_error(self, text: str) -> None:
        self.database_label.setText(self.tr("Database: not open ✗"))
        self.database_label.setToolTip(text)
        self.database_label.setStyleSheet("color: #b00020;")

    def show_device(self, name: str, state: str, ok: bool) -> None:
        """``name`` and ``state`` arrive translated; the label lists every device."""
        self._devices[name] = (state, ok)
        parts = [f"{n}: {s}" for n, (s, _) in self._devices.items()]
        self.devices_label.setText("  ·  ".join(parts))
        bad = any(not good for _, good in self._devices.values())
        self.devices_label.setStyleSheet("color: #b00020;" if bad else "")

    def show_outbox(self, status: OutboxStatus) -> None:
        self.sync_label.setToolTip(self.tr("{n} events in the outbox waiting for the server").format(n=status.pending))
        if not self.sync_label.text():
            self.show_sync(self.tr("{n} waiting").format(n=status.pending), True)

    def show_sync(self, state: str, ok: bool) -> None:
        self.sync_label.setText(self.tr("Sync: {state}").format(state=state))
        self.sync_label.setStyleSheet("" if ok else "color: #b00020;")

    def show_operator(self, name: str, role: str) -> None:
        self.operator_label.setText(f"{name} · {role}")
