"""CounterDesk: `uv run main.py` starts the desk; see `uv run main.py --help` for the other commands.

This is the composition root: it builds settings, the task runner, the window and
the desk's services and passes them to constructors. The window paints before any
heavy import (SQLAlchemy, Alembic) happens: those load on the database worker.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.fake_courier import DemoCourier
    from server.runner import ServerThread
    from server.sandbox.runner import SandboxThread
    from services.core.settings import Settings

START = time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="CounterDesk counter and front-desk application.")
    parser.add_argument("command", nargs="?", default="desktop", choices=["desktop", "demo-reset", "demo-faces", "lock-sim", "price", "groupbuy", "server", "fake-courier", "kiosk",
                                 "sandbox-gateway"],
                        help="desktop (default): start the app; demo-reset: replace all data with the demo shop and "
                             "compound; lock-sim: serve the lock-board simulator on a pseudo-terminal (see lock-sim --help); "
                             "price FILE.json: settle a basket with coupons and print the settlement (docs/pricing.md); "
                             "groupbuy FILE.json: group shoppers toward a promotion (docs/groupbuy.md); "
                             "server: run the FastAPI server (docs/server.md, server --help); "
                             "fake-courier: a courier posting manifests and answering recalls (docs/courier.md); "
                             "sandbox-gateway: the payment gateway sandbox (docs/payments.md); "
                             "kiosk: the full-screen self-service coupon kiosk (docs/kiosk.md); "
                             "demo-faces DIR: enrol demo residents from labelled photos for the pickup check (docs/faces.md)")
    parser.add_argument("--kiosk", action="store_true", help="start the coupon kiosk (same as the kiosk command)")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: SQLite in the user data folder)")
    parser.add_argument("--lang", choices=["en", "zh_CN"], help="UI language for this run")
    parser.add_argument("--smoke-test", action="store_true",
                        help="start with a temporary data folder, render every page offscreen, exit 0 on success")
    parser.add_argument("--screenshots", metavar="DIR", help="with --smoke-test: save each rendered page as PNG here")
    return parser.parse_args(argv)


def demo_reset(url: str) -> int:
    from services.core.errors import DeskError
    from services.desk import Desk

    try:
        desk = Desk.open(url, load_demo=False)
    except DeskError as exc:
        print(f"cannot open the database: {exc}", file=sys.stderr)
        return 1
    desk.reset_demo()
    print(f"demo data loaded into {desk.database_status.url}")
    desk.close()
    return 0


def run_demo_faces(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py demo-faces", description=(
        "Enrol demo residents from a folder of labelled photos (one sub-folder per person) and play them "
        "to the pickup check through the virtual camera."))
    parser.add_argument("folder", type=Path, help="a folder with one sub-folder of photos per person")
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy database URL (default: the desk's)")
    parser.add_argument("--max", type=int, default=8, help="at most this many people (default 8)")
    args = parser.parse_args(argv)
    from services.faces.demo import MIN_PHOTOS, people_in

    try:
        people = people_in(args.folder)[: max(1, args.max)]
    except NotADirectoryError as exc:
        print(f"demo-faces: {exc}", file=sys.stderr)
        return 2
    if not people:
        print(f"demo-faces: no sub-folder of {args.folder} has {MIN_PHOTOS} or more photos", file=sys.stderr)
        return 2

    from devices.faces import FaceEngine
    from services.core.paths import app_paths
    from services.core.settings import load_settings, resolve_database_url, save_settings
    from services.desk import Desk
    from services.faces.demo import enrol_people

    paths = app_paths().ensure()
    settings = load_settings(paths.settings_file)
    desk = Desk.open(resolve_database_url(settings, args.db, paths.default_db_file))
    try:
        admin = next((o.id for o in desk.auth.operators() if o.role == "admin"), None)
        with_parcels = sorted(desk.faces.residents_with_parcels())
        others = [r.id for r in desk.residents.search("") if r.id not in set(with_parcels)]
        engine = FaceEngine()
        engine.load()
        video = paths.data_dir / "demo-faces.avi"
        enrolled, refused = enrol_people(desk.faces, engine, people, with_parcels + others, operator_id=admin,
                                         video=video)
    finally:
        desk.close()
    for e in enrolled:
        extra = f" (skipped: {', '.join(e.skipped)})" if e.skipped else ""
        print(f"{e.folder}: enrolled as {e.resident} from {e.photos} photos{extra}")
    for r in refused:
        print(f"{r.folder}: not enrolled: {r.reason}", file=sys.stderr)
    if not enrolled:
        return 2
    settings.faces.camera_source = "files"
    settings.faces.camera_files = str(video)
    save_settings(settings, paths.settings_file)
    print(f"The pickup check now plays {video} (Settings → Faces). Start the desk, log in as 李强 (2222) and "
          "open Pickup check.")
    return 0


def server_connector(settings: Settings, data_dir: Path, started: list[ServerThread | SandboxThread],
                     on_demo_courier: Callable[[DemoCourier], None] | None = None,
                     desk_url: str = "") -> Callable[[], tuple[str, str]]:
    """How the desk reaches its server: a remote URL from Settings, or one started here on 127.0.0.1.

    With a server started here and a demo desk database, a fake courier company is started
    beside it (server/fake_courier.py), so the demo can receive manifests and answer recalls.
    """

    def connect() -> tuple[str, str]:
        if settings.sync.mode == "remote":
            return settings.sync.server_url, settings.sync.enrolment_code
        import secrets

        import httpx

        from server.runner import ServerThread
        from server.settings import ServerSettings

        admin = secrets.token_urlsafe(32)  # only this process talks to its in-process server as admin
        # The payment gateway sandbox beside it (docs/payments.md), reached only over HTTP.
        from server.sandbox.runner import SandboxThread
        from server.sandbox.settings import SandboxSettings

        sandbox = SandboxThread(SandboxSettings(data_dir=data_dir / "sandbox-gateway"))
        sandbox.start()
        from server.web.groupbuy import groupbuy_section

        thread = ServerThread(ServerSettings(database_url=f"sqlite:///{data_dir / 'server.sqlite3'}", admin_token=admin,
                                             payment_gateway=str(sandbox.merchant_config_path)),
                              member_sections=[groupbuy_section()])
        thread.start()
        started.extend([thread, sandbox])  # stopped in this order: the server before its gateway
        # Demo: the operator reaches the server's admin page with this run's admin token.
        # The password goes to the terminal once; the log file gets only the addresses.
        print(f"in-process server: admin page {thread.base_url}/admin  password: {admin}; "
              f"payment sandbox: {sandbox.base_url}/admin", flush=True)
        logging.getLogger("counterdesk.server").info("in-process server: admin page %s/admin; payment sandbox: %s/admin",
                                                     thread.base_url, sandbox.base_url)
        reply = httpx.post(f"{thread.base_url}/api/admin/enrolment-codes", json={"store_code": settings.store_code},
                           headers={"Authorization": f"Bearer {admin}"}, timeout=10)
        reply.raise_for_status()
        if on_demo_courier is not None and desk_url:
            from server.fake_courier import DemoCourier

            try:
                on_demo_courier(DemoCourier(thread.base_url, admin, desk_url))
            except (RuntimeError, httpx.HTTPError) as exc:
                logging.getLogger("counterdesk.server").warning("demo courier not started: %s", exc)
        return thread.base_url, str(reply.json()["code"])

    return connect


def run_desktop(args: argparse.Namespace) -> int:
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        os.environ["COUNTERDESK_HOME"] = tempfile.mkdtemp(prefix="counterdesk-smoke-")

    from PySide6.QtWidgets import QApplication

    from gui.common.i18n import install_translator, pick_language
    from gui.common.tasks import TaskRunner
    from gui.crash import CrashHandler
    from gui.device_hub import DeviceHub
    from gui.gc_guard import MainThreadGC
    from gui.main_window import MainWindow
    from gui.platform_check import warn_without_cjk_font
    from gui.startup_probe import after_first_paint, exit_after_first_paint
    from gui.sync_hub import SyncHub
    from services.core.logs import setup_logging
    from services.core.paths import app_paths
    from services.core.settings import load_settings, resolve_database_url

    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    settings = load_settings(paths.settings_file)
    url = resolve_database_url(settings, args.db, paths.default_db_file)

    app = QApplication(sys.argv[:1])
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("CounterDesk")
    language = args.lang or pick_language(settings.language)
    install_translator(app, language)
    crash = CrashHandler(paths.log_file)
    crash.install()
    gc_guard = MainThreadGC(app)

    tasks = TaskRunner()
    devices = DeviceHub(settings, tasks, paths.data_dir)
    window = MainWindow(settings, paths.settings_file, tasks, language, devices)
    servers: list[ServerThread | SandboxThread] = []
    couriers: list[DemoCourier] = []

    def demo_courier(courier: DemoCourier) -> None:  # on the sync worker: hand over by signal
        couriers.append(courier)
        window.courier_demo_ready.emit(courier.deliver)

    sync = SyncHub(settings, tasks, server_connector(settings, paths.data_dir, servers, demo_courier, url))
    sync.state_changed.connect(window.status.show_sync)
    if os.environ.get("COUNTERDESK_EXIT_AFTER_PAINT"):
        exit_after_first_paint(window, START)
    window.show()
    devices.start(app)

    smoke = None
    if args.smoke_test:
        from gui.smoke import SmokeRun


        smoke = SmokeRun(app, window, crash, Path(args.screenshots) if args.screenshots else None)

    def open_desk() -> tuple[object, bool]:
        from services.desk import Desk

        desk = Desk.open(url)
        return desk, desk.has_demo_data()

    def desk_opened(result: tuple[object, bool]) -> None:
        desk, demo = result
        window.attach_desk(desk, demo)  # type: ignore[arg-type]
        devices.start_lock_board()
        devices.start_printers()
        sync.start(desk.sync_client)  # type: ignore[attr-defined]  # opened as object: the desk type would import SQLAlchemy here
        if smoke is not None:
            smoke.desk_ready(desk)  # type: ignore[arg-type]

    def desk_failed(exc: BaseException) -> None:
        window.show_database_error(exc)
        if smoke is not None:
            smoke.fail(f"database did not open: {exc}")

    def first_paint() -> None:
        tasks.db(open_desk, done=desk_opened, failed=desk_failed)
        warn_without_cjk_font()

    after_first_paint(window, first_paint)
    code = app.exec()
    window.close()
    devices.stop()
    sync.stop()
    tasks.shutdown()
    for courier in couriers:
        courier.stop()
    for thread in servers:
        thread.stop()
    gc_guard.stop()
    if window.desk is not None:
        window.desk.close()
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["server"]:
        from server.runner import run_server

        return run_server(argv[1:])
    if argv[:1] == ["sandbox-gateway"]:
        from server.sandbox.runner import run_sandbox

        return run_sandbox(argv[1:])
    if argv[:1] == ["fake-courier"]:
        from server.fake_courier import run_fake_courier

        return run_fake_courier(argv[1:])
    if argv[:1] == ["price"]:
        from services.coupons.pricing.cli import run_price

        return run_price(argv[1:])
    if argv[:1] == ["demo-faces"]:
        return run_demo_faces(argv[1:])
    if argv[:1] == ["groupbuy"]:
        from services.groupbuy.cli import run_groupbuy

        return run_groupbuy(argv[1:])
    if argv[:1] == ["print-test"]:
        from services.receipts.cli import run_print_test

        return run_print_test(argv[1:])
    if argv[:1] == ["lock-sim"]:
        from devices.lockboard.sim_cli import run_lock_sim

        return run_lock_sim(argv[1:])
    args = parse_args(argv)
    if args.command == "demo-reset":
        from services.core.paths import app_paths
        from services.core.settings import load_settings, resolve_database_url

        paths = app_paths().ensure()
        return demo_reset(resolve_database_url(load_settings(paths.settings_file), args.db, paths.default_db_file))
    from gui.platform_check import missing_x11_packages, x11_problem

    if missing := missing_x11_packages():
        print(x11_problem(missing), file=sys.stderr)
        return 2
    if args.command == "kiosk" or args.kiosk:
        from gui.kiosk.app import run_kiosk

        return run_kiosk(args)
    return run_desktop(args)


if __name__ == "__main__":
    sys.exit(main())
