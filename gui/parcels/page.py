"""The Parcels page of the property desk: intake and store, pickup, lists, recall and the daily report.

A scan goes to the pickup panel when it is in front (the code the resident shows),
otherwise to intake (a waybill's Code 128). The locker diagram below intake and pickup
frames the door in use. All the work happens in the panels (gui/parcels/) and their
flows; this page arranges them and keeps the lists fresh.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from gui.common.locker_diagram import LockerDiagram
from gui.context import PageContext
from gui.page import Page
from gui.parcels.intake_panel import IntakePanel
from gui.parcels.list_panels import AttentionPanel, FindPanel, RecallPanel
from gui.parcels.pickup_panel import PickupPanel
from gui.parcels.report_panel import ReportPanel
from services.parcels.records import BankInfo


class ParcelsPage(Page):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.intake = IntakePanel(ctx)
        self.pickup = PickupPanel(ctx)
        self.find = FindPanel(ctx)
        self.attention = AttentionPanel(ctx)
        self.recall = RecallPanel(ctx)
        self.report = ReportPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("parcelTabs")
        self.tabs.addTab(self.intake, self.tr("Intake"))
        self.tabs.addTab(self.pickup, self.tr("Pickup"))
        self.tabs.addTab(self.find, self.tr("Find"))
        self.tabs.addTab(self.attention, self.tr("Needs attention"))
        self.tabs.addTab(self.recall, self.tr("Recall"))
        self.tabs.addTab(self.report, self.tr("Daily report"))
        self.diagram = LockerDiagram()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.diagram)
        self.diagram_scroll = scroll
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        for panel in (self.intake, self.pickup, self.recall):
            panel.highlight.connect(self._highlight)
        self.intake.stored.connect(lambda _r: self.refresh_layout())
        self.pickup.done.connect(self.refresh_layout)
        self.recall.changed.connect(self.refresh_layout)
        self.attention.changed.connect(self.find.refresh)
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())

    def title(self) -> str:
        return self.tr("Parcels")

    def activated(self) -> None:
        self.refresh_layout()
        self._tab_shown()

    def _tab_shown(self) -> None:
        current = self.tabs.currentWidget()
        self.diagram_scroll.setVisible(current in (self.intake, self.pickup, self.recall))
        if current is self.intake:
            self.intake.tracking_edit.setFocus()
        elif current is self.pickup:
            self.pickup.code_edit.setFocus()
        elif current is self.find:
            self.find.refresh()
        elif current is self.attention:
            self.attention.refresh()
        elif current is self.recall:
            self.recall.refresh()
        elif current is self.report:
            self.report.refresh()

    def handle_scan(self, code: str) -> bool:
        if self.tabs.currentWidget() is self.pickup:
            return self.pickup.handle_scan(code)
        if self.tabs.currentWidget() is self.find:
            self.find.search_edit.setText(code)
            self.find.refresh()
            return True
        self.tabs.setCurrentWidget(self.intake)
        return self.intake.take_tracking(code)

    def refresh_layout(self) -> None:
        self.ctx.tasks.db(self.ctx.desk.parcels.layout, owner=self, key="layout", done=self._layout)

    def _layout(self, banks: list[BankInfo]) -> None:
        self.diagram.set_layout(banks)

    def _highlight(self, slot_id: int) -> None:
        self.diagram.highlight(slot_id if slot_id >= 0 else None)
        if slot_id >= 0:
            try:
                rect = self.diagram.cell_rect(slot_id)
            except KeyError:
                return
            self.diagram_scroll.ensureVisible(rect.center().x(), rect.center().y(), 60, 60)

    def busy_text(self) -> str | None:
        texts = [t for t in (self.intake.busy_text(), self.pickup.busy_text()) if t]
        return " ".join(texts) or None

    def shutdown(self) -> None:
        self.intake.flow.shutdown()  # a door wait in progress stops; nothing is marked stored
        self.pickup.flow.shutdown()
