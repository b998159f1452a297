"""`main.py sandbox-gateway` and `SandboxThread` (the sandbox in-process, for tests and the demo)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from server.sandbox.app import create_sandbox_app
from server.sandbox.keys import export_merchant_config, load_or_create
from server.sandbox.settings import SandboxSettings

ENV = "COUNTERDESK_SANDBOX_"


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    p = argparse.ArgumentParser(
        prog="main.py sandbox-gateway",
        description="Run the payment gateway sandbox (WeChat Pay APIv3 wire format).",
    )
    p.add_argument("--host", default=env(ENV + "HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(env(ENV + "PORT", "8766")))
    p.add_argument(
        "--data-dir",
        default=env(ENV + "DATA_DIR"),
        help="keys and sandbox.sqlite3 (default: ./sandbox-gateway)",
    )
    p.add_argument("--database-url", default=env(ENV + "DB_URL", ""), help="default: SQLite in the data dir")
    p.add_argument(
        "--public-base-url", default=env(ENV + "PUBLIC_URL", ""), help="where phones reach the pay page"
    )
    p.add_argument(
        "--time-scale",
        type=float,
        default=float(env(ENV + "TIME_SCALE", "1")),
        help="multiply WeChat's 24 h retry schedule (0.001 → ~87 s)",
    )
    p.add_argument(
        "--retry-delays",
        default=env(ENV + "RETRY_DELAYS", ""),
        help="comma-separated seconds instead of WeChat's schedule",
    )
    p.add_argument("--admin-token", default=env(ENV + "ADMIN_TOKEN", ""))
    return p


def settings_from_args(argv: Sequence[str]) -> tuple[SandboxSettings, str, int]:
    args = _parser().parse_args(list(argv))
    extra: dict[str, object] = {}
    if args.retry_delays:
        try:
            extra["retry_delays"] = tuple(float(x) for x in args.retry_delays.split(","))
        except ValueError:
            raise SystemExit(_fail("--retry-delays: give seconds separated by commas, e.g. 1,2,5")) from None
    if args.time_scale <= 0:
        raise SystemExit(_fail("--time-scale must be greater than 0"))
    settings = SandboxSettings(
        data_dir=Path(args.data_dir or "sandbox-gateway").resolve(),
        database_url=args.database_url,
        public_base_url=args.public_base_url or f"http://{args.host}:{args.port}",
        time_scale=args.time_scale,
        admin_token=args.admin_token,
        **extra,  # type: ignore[arg-type]
    )
    return settings, args.host, args.port


def _fail(message: str) -> int:
    print(f"sandbox-gateway: {message}", file=sys.stderr)
    return 2


def run_sandbox(argv: Sequence[str]) -> int:
    settings, host, port = settings_from_args(argv)
    try:
        keys = load_or_create(settings.data_dir)
    except OSError as exc:
        return _fail(f"cannot use data dir {settings.data_dir}: {exc}")
    path = export_merchant_config(keys, settings.data_dir, settings.public_base_url)
    print(f"sandbox gateway: {settings.public_base_url}  admin: {settings.public_base_url}/admin")
    print(f"mchid {keys.mchid}  appid {keys.appid}  platform key {keys.platform_key_id}")
    print(f"merchant config (keys for the server's --payment-gateway): {path}", flush=True)
    uvicorn.run(create_sandbox_app(settings), host=host, port=port, log_level="info")
    return 0


class SandboxThread:
    """The sandbox on 127.0.0.1 in a background thread (socket bound first, as ServerThread)."""

    def __init__(self, settings: SandboxSettings, port: int = 0, host: str = "127.0.0.1") -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        if not settings.public_base_url:
            settings = dataclasses.replace(settings, public_base_url=self.base_url)
        self.settings = settings
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.merchant_config_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout_s: float = 20.0) -> None:
        keys = load_or_create(self.settings.data_dir)
        self.merchant_config_path = export_merchant_config(keys, self.settings.data_dir, self.base_url)
        app = create_sandbox_app(self.settings)
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self._thread = threading.Thread(target=self._serve, name="sandbox-gateway", daemon=True)
        self._thread.start()
        waited = threading.Event()
        spent = 0.0
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"sandbox thread ended before it started: {self._error!r}")
            if spent >= timeout_s:
                self.stop()
                raise TimeoutError(f"sandbox did not start within {timeout_s} s")
            waited.wait(0.02)
            spent += 0.02

    def _serve(self) -> None:
        assert self._server is not None
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:
            self._error = exc

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(30)
            self._thread = None
        self._sock.close()

    def __enter__(self) -> SandboxThread:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
