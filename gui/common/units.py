"""One way to write a home's building and unit in the UI, in the UI language ("Bldg 7 · 1504", "7栋1504").

Every widget that shows a unit calls ``unit_text``; the services keep their own fixed label
(``services.parcels.desk.unit_label``) only for files and printouts that are always Chinese.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def unit_text(building: str | None, unit: str | None) -> str:
    """Building and unit in the UI language; "" when neither is known (a parcel without a recipient)."""
    building, unit = (building or "").strip(), (unit or "").strip()
    if not building and not unit:
        return ""
    return QCoreApplication.translate("Units", "Bldg {building} · {unit}").format(building=building, unit=unit)
