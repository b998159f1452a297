"""Typed settings, declared in one place, stored as JSON with a schema version.

Unknown keys from a newer file are kept on disk untouched; a damaged file is set
aside (renamed) and defaults are used, so a bad edit never stops the desk.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


@dataclass
class ScannerSettings:
    wedge_enabled: bool = True
    wedge_max_gap_ms: int = 30
    wedge_min_length: int = 6
    serial_port: str = ""
    serial_baud: int = 9600
    serial_suffix: str = "CR"


@dataclass
class CameraSettings:
    source: str = "demo"  # "demo": the demo products on a virtual camera; "device": a webcam; "files": a video or image folder
    device: str = "0"
    width: int = 640
    height: int = 480
    virtual_source: str = ""
    virtual_fps: float = 10.0
    frames_to_agree: int = 2
    repeat_window_ms: int = 1500  # the same code again this soon is not a new scan


@dataclass
class LockBoardSettings:
    port: str = ""
    baud: int = 9600
    board_addresses: list[int] = field(default_factory=lambda: [1, 2])
    simulate_when_unset: bool = True
    # The simulator's pretend person pushes a door shut this long after it springs open, so a parcel
    # stored or picked up in the demo completes; 0: doors stay open until closed on the simulator panel.
    sim_close_after_s: float = 4.0


@dataclass
class SyncSettings:
    # "in_process": run the server on 127.0.0.1 inside the desk (the demo); "remote": server_url; "off"
    mode: str = "in_process"
    server_url: str = ""
    enrolment_code: str = ""  # for "remote": the one-time code from the server's admin
    interval_s: int = 5


@dataclass
class ParcelSettings:
    """Parcel storage rules and reminder timing (docs/parcels.md). Times of day are the compound's."""

    t1_h: int = 24  # stored this long: overdue reminder
    t2_h: int = 72  # stored this long: recall request to the courier
    quiet_from: str = "21:00"  # no reminders to residents from here ...
    quiet_to: str = "08:00"  # ... to here (postponed, not dropped)
    default_pickup_time: str = "18:30"  # habitual time for residents with no pickup history
    reminder_interval_s: int = 60  # how often the desk runs a reminder pass
    pickup_code_attempts: int = 5  # wrong codes per desk before a 5-minute lockout


@dataclass
class FaceSettings:
    """Face recognition at the pickup check (docs/faces.md); defaults from research/faces.md §4."""

    camera_source: str = "same"  # "same": the Camera tab's source; "device": a webcam; "files": a video or image folder
    camera_device: str = "0"
    camera_files: str = ""
    threshold: float = 0.50  # accept at this distance or nearer (0.6, the library default, is never used)
    margin: float = 0.06  # ... and only this far ahead of the next resident
    frames_to_agree: int = 3  # of the last window_frames processed frames
    window_frames: int = 5
    timeout_s: float = 5.0  # no decision by then: the pickup code
    liveness: bool = True  # a blink (or head-turn) challenge before release
    liveness_kind: str = "blink"  # "blink" or "turn"
    second_factor: str = "staff"  # release also needs: "staff" confirmation, or the resident's pickup "code"
    unattended: bool = False  # no one watching: stricter threshold and the pickup code always required
    unattended_threshold: float = 0.45
    passing_reminders: bool = True  # remind a recognised resident of waiting parcels, once a day


@dataclass
class DisplaySettings:
    """The customer display (a second window for a second monitor) and the coupon kiosk (docs/kiosk.md)."""

    enabled: bool = False  # open the customer display with the desk
    screen: int = 1  # screen index for the customer display; a single-screen machine gets a normal window
    kiosk_idle_s: int = 45  # no touch for this long: the kiosk forgets the shopper and shows its attract screen
    kiosk_language: str = "zh_CN"  # the kiosk's language unless --lang is given
    kiosk_hold_s: int = 6  # a product on the kiosk stays at least this long before another scan replaces it


@dataclass
class PrinterSettings:
    """Receipt and label printers by URL (docs/printing.md), and the receipt's header and footer."""

    receipt_printer: str = ""  # "" = no printer: receipts as PDF only; e.g. "usb://04b8:0202", "tcp://10.0.0.9:9100"
    label_printer: str = ""  # parcel labels; "" = none
    width_mm: int = 80  # 58 or 80
    label_width_mm: int = 58
    header: list[str] = field(default_factory=list)  # lines under the shop's name: address, phone …
    footer: list[str] = field(default_factory=lambda: ["谢谢惠顾 Thank you!"])


@dataclass
class ScaleCodeSettings:
    """GS1 variable-measure codes from a shop scale (services/catalog/scale.py, docs/catalog.md)."""

    weight_prefixes: str = "21"  # PP IIIII WWWWW C: weight in grams
    price_prefixes: str = "20,22-29"  # PP IIIII PPPPP C: line price in fen
    item_digits: int = 5  # digits of the item code (PLU); the value takes the rest of the 10


@dataclass
class Settings:
    schema_version: int = SCHEMA_VERSION
    database_url: str = ""
    language: str = ""  # "" = follow the system locale; else "en" or "zh_CN"
    store_code: str = "S001"
    scanner: ScannerSettings = field(default_factory=ScannerSettings)
    camera: CameraSettings = field(default_factory=CameraSettings)
    lock_board: LockBoardSettings = field(default_factory=LockBoardSettings)
    sync: SyncSettings = field(default_factory=SyncSettings)
    parcels: ParcelSettings = field(default_factory=ParcelSettings)
    faces: FaceSettings = field(default_factory=FaceSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    scale_codes: ScaleCodeSettings = field(default_factory=ScaleCodeSettings)


def _from_dict(cls: type[Any], data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    defaults = cls()
    for f in fields(cls):
        if f.name not in data:
            continue
        current = getattr(defaults, f.name)
        value = data[f.name]
        if is_dataclass(current):
            if isinstance(value, dict):
                kwargs[f.name] = _from_dict(type(current), value)
        elif isinstance(current, bool):
            if isinstance(value, bool):
                kwargs[f.name] = value
        elif type(current) is float and isinstance(value, (int, float)):
            kwargs[f.name] = float(value)
        elif isinstance(value, type(current)):
            kwargs[f.name] = value
        else:
            log.warning("setting %s has the wrong type (%r); using the default", f.name, value)
    return cls(**kwargs)


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Upgrade an older settings file; each schema bump adds a step here."""
    data["schema_version"] = SCHEMA_VERSION
    return data


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("settings file is not a JSON object")
    except (OSError, ValueError) as exc:
        aside = path.with_suffix(".damaged.json")
        log.error("settings file %s is unreadable (%s); moved to %s, using defaults", path, exc, aside)
        try:
            os.replace(path, aside)
        except OSError:
            log.exception("could not move the damaged settings file aside")
        return Settings()
    if int(data.get("schema_version", 0)) < SCHEMA_VERSION:
        data = _migrate(data)
    settings: Settings = _from_dict(Settings, data)
    return settings


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically (temp file + replace) so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def resolve_database_url(settings: Settings, cli_url: str | None, default_file: Path) -> str:
    """--db beats COUNTERDESK_DB_URL beats the settings file beats the SQLite default."""
    for candidate in (cli_url, os.environ.get("COUNTERDESK_DB_URL"), settings.database_url):
        if candidate:
            return candidate
    return f"sqlite:///{default_file}"
