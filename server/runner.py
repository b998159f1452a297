"""Running the server: `run_server(argv)` for `main.py server`, and `ServerThread` for the desktop."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import socket
import sys
import threading
from collections.abc import Sequence

import uvicorn
from fastapi import FastAPI

from server.app import create_app
from server.db import ServerDatabase
from server.members import MemberPolicy, MemberSection
from server.settings import ENV_PREFIX, ServerSettings
from server.stations import create_enrolment_code


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    p = argparse.ArgumentParser(prog="counterdesk server", description="Run the CounterDesk server.")
    p.add_argument("--host", default=env(ENV_PREFIX + "HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(env(ENV_PREFIX + "PORT", "8765")))
    p.add_argument("--database-url", default=None, help=f"default ${ENV_PREFIX}DB_URL")
    p.add_argument(
        "--public-base-url", default=None, help=f"links in messages; default ${ENV_PREFIX}PUBLIC_URL"
    )
    p.add_argument("--workers", type=int, default=None, help="delivery worker threads (per process)")
    p.add_argument(
        "--delivery-processes",
        type=int,
        default=None,
        help="run delivery in this many processes of their own (default: threads of the API process)",
    )
    p.add_argument(
        "--payment-gateway",
        default=None,
        help=f"merchant config JSON of the payment gateway (docs/payments.md); default ${ENV_PREFIX}PAYMENT_GATEWAY",
    )
    p.add_argument(
        "--new-enrolment-code",
        metavar="STORE_CODE",
        help="print a one-time station enrolment code for this store and exit",
    )
    return p


def run_server(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    public = (
        args.public_base_url or os.environ.get(ENV_PREFIX + "PUBLIC_URL") or f"http://{args.host}:{args.port}"
    )
    settings = ServerSettings.from_env(
        database_url=args.database_url,
        public_base_url=public,
        delivery_workers=args.workers,
        delivery_processes=args.delivery_processes,
        payment_gateway=args.payment_gateway,
    )
    if args.new_enrolment_code:
        db = ServerDatabase(settings.database_url)
        try:
            out = create_enrolment_code(db, args.new_enrolment_code, settings.enrolment_code_ttl_s)
        finally:
            db.close()
        print(f"{out.code}  (store {out.store_code}, valid until {out.expires_at.isoformat()})")
        return 0
    try:
        app = create_app(settings)
    except ValueError as exc:  # a bad setting, e.g. an unreadable payment gateway config
        print(f"server: {exc}", file=sys.stderr)
        return 2
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


class ServerThread:
    """The server in-process on 127.0.0.1, in a background thread.

        thread = ServerThread(settings)          # port=0: a free port is picked
        thread.start()                           # returns once it accepts connections
        thread.base_url                          # "http://127.0.0.1:54321"
        thread.stop()                            # workers stopped, database closed

    The socket is bound here, before the thread starts, so the port is known at
    once and cannot be taken by someone else in between.
    """

    def __init__(
        self,
        settings: ServerSettings,
        port: int = 0,
        host: str = "127.0.0.1",
        member_sections: Sequence[MemberSection] = (),
        member_policy: MemberPolicy | None = None,
    ) -> None:
        self.settings = settings
        self._member_sections = tuple(member_sections)
        self._member_policy = member_policy
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        self.app: FastAPI | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout_s: float = 20.0) -> None:
        if not self.settings.public_base_url:
            self.settings = dataclasses.replace(self.settings, public_base_url=self.base_url)
        try:
            app = self.app = create_app(self.settings, self._member_sections, self._member_policy)
        except BaseException:
            self._sock.close()  # a bad URL or a too-new database: give the port back
            raise
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="counterdesk-server", daemon=True)
        self._thread.start()
        deadline = threading.Event()
        waited = 0.0
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"server thread ended before it started: {self._error!r}")
            if waited >= timeout_s:
                self.stop()
                raise TimeoutError(f"server did not start within {timeout_s} s")
            deadline.wait(0.02)
            waited += 0.02

    def _serve(self) -> None:
        assert self._server is not None
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:
            self._error = exc

    def stop(self, timeout_s: float = 30.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        self._sock.close()

    def __enter__(self) -> ServerThread:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
