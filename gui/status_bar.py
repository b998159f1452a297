"""The status bar: database, devices and sync, each a short label with a tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from services.records import DatabaseStatus, OutboxStatus


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
        if status.pending == 0:
            self.sync_label.setText(self.tr("Sync: nothing waiting"))
        else:
            self.sync_label.setText(self.tr("Sync: {n} events waiting to send").format(n=status.pending))
        self.sync_label.setToolTip(self.tr("Events for the server wait in the outbox until a sync server is connected."))

    def show_operator(self, name: str, role: str) -> None:
        self.operator_label.setText(f"{name} · {role}")
