"""Settings: database, language and devices. Saved to the settings file on OK."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import LANGUAGES
from services.settings import Settings


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings`` holds the new ones after OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.original = settings
        self.result_settings = copy.deepcopy(settings)
        self._apply: list[Callable[[Settings], None]] = []

        tabs = QTabWidget()
        tabs.addTab(self._general_tab(), self.tr("General"))
        tabs.addTab(self._scanner_tab(), self.tr("Scanner"))
        self.tabs = tabs

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def add_tab(self, widget: QWidget, title: str, apply: Callable[[Settings], None]) -> None:
        """Device pages add their own settings tab; ``apply`` copies its fields into the settings."""
        self.tabs.addTab(widget, title)
        self._apply.append(apply)

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("Follow the system"), "")
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.original.language)))
        self.db_edit = QLineEdit(self.original.database_url)
        self.db_edit.setPlaceholderText(self.tr("empty: the SQLite file in the user data folder"))
        self.store_edit = QLineEdit(self.original.store_code)
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Database URL"), self.db_edit)
        note = QLabel(self.tr("e.g. postgresql://user@host/counterdesk. Language and database changes take effect after a restart."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form.addRow("", note)
        form.addRow(self.tr("Store code"), self.store_edit)

        def apply(s: Settings) -> None:
            s.language = self.language_combo.currentData()
            s.database_url = self.db_edit.text().strip()
            s.store_code = self.store_edit.text().strip() or s.store_code

        self._apply.append(apply)
        return page

    def _scanner_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        scanner = self.original.scanner
        self.wedge_check = QCheckBox(self.tr("Recognise USB scanners that type like a keyboard"))
        self.wedge_check.setChecked(scanner.wedge_enabled)
        self.gap_spin = QSpinBox()
        self.gap_spin.setRange(5, 200)
        self.gap_spin.setSuffix(" ms")
        self.gap_spin.setValue(scanner.wedge_max_gap_ms)
        self.min_len_spin = QSpinBox()
        self.min_len_spin.setRange(3, 40)
        self.min_len_spin.setValue(scanner.wedge_min_length)
        self.repeat_spin = QSpinBox()
        self.repeat_spin.setRange(0, 10000)
        self.repeat_spin.setSingleStep(250)
        self.repeat_spin.setSuffix(" ms")
        self.repeat_spin.setValue(scanner.repeat_window_ms)
        form.addRow(self.wedge_check)
        form.addRow(self.tr("Longest gap between keys"), self.gap_spin)
        form.addRow(self.tr("Shortest code"), self.min_len_spin)
        form.addRow(self.tr("Ignore the same code again within"), self.repeat_spin)

        def apply(s: Settings) -> None:
            s.scanner.wedge_enabled = self.wedge_check.isChecked()
            s.scanner.wedge_max_gap_ms = self.gap_spin.value()
            s.scanner.wedge_min_length = self.min_len_spin.value()
            s.scanner.repeat_window_ms = self.repeat_spin.value()

        self._apply.append(apply)
        return page

    def accept(self) -> None:
        for apply in self._apply:
            apply(self.result_settings)
        super().accept()
