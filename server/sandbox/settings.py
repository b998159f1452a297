"""Sandbox settings; the retry schedule is WeChat Pay's documented one, scaled for tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# "15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h - 总计 24h4m" (APIv3 回调通知).
WECHAT_RETRY_DELAYS: tuple[float, ...] = (
    15,
    15,
    30,
    180,
    600,
    1200,
    1800,
    1800,
    1800,
    3600,
    10800,
    10800,
    10800,
    21600,
    21600,
)


@dataclass(frozen=True)
class SandboxSettings:
    data_dir: Path
    # Empty: SQLite file sandbox.sqlite3 in data_dir.
    database_url: str = ""
    # Where payers' phones reach the hosted page (code_url / h5_url start with it).
    public_base_url: str = ""
    retry_delays: tuple[float, ...] = WECHAT_RETRY_DELAYS
    # Multiplies every retry delay: 0.001 runs WeChat's 24 h schedule in ~87 s.
    time_scale: float = 1.0
    # A notification counts as delivered only on a 2xx within this time (WeChat: 5 s).
    notify_timeout_s: float = 5.0
    poll_s: float = 0.2
    # A refund stays PROCESSING this long before it succeeds and REFUND.SUCCESS is sent.
    refund_delay_s: float = 1.0
    # An out_of_order trade's TRANSACTION.SUCCESS waits for its refund's notification,
    # but never longer than this.
    hold_max_s: float = 60.0
    # The hosted page's payment PIN; any other PIN is "wrong PIN".
    pin: str = "123456"
    # Empty: the admin page and admin API are open (bind the sandbox to 127.0.0.1).
    admin_token: str = ""

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'sandbox.sqlite3'}"
