"""Server settings: one frozen dataclass, filled from options or COUNTERDESK_SERVER_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV_PREFIX = "COUNTERDESK_SERVER_"

# push_sync.md section 5: 30 s, 2 m, 10 m, 30 m, 1 h, 2 h, 4 h, then 4 h for every later attempt.
DEFAULT_RETRY_DELAYS: tuple[float, ...] = (30, 120, 600, 1800, 3600, 7200, 14400)


def default_database_url() -> str:
    """A SQLite file beside the desk's own data (COUNTERDESK_HOME moves it, as for the desk)."""
    from services.core.paths import app_paths

    return f"sqlite:///{app_paths().ensure().data_dir / 'counterdesk_server.sqlite3'}"


@dataclass(frozen=True)
class ServerSettings:
    database_url: str
    # Where phones reach this server; links in messages start with it. ServerThread
    # fills it with its own address when left empty.
    public_base_url: str = ""
    # Admin endpoints are refused (403) while this is empty.
    admin_token: str = ""
    # The webhook channel exists only when a URL is configured; its secret signs every body.
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_timeout_s: float = 10.0
    delivery_workers: int = 1
    # 0: the workers are threads of the API process; N: N child processes of
    # `delivery_workers` threads each (server/delivery/processes.py).
    delivery_processes: int = 0
    # Webhook/Apprise sends one worker keeps in flight. A worker killed mid-round may
    # repeat up to this many sends (same Idempotency-Key); 1 = strictly one at a time.
    send_concurrency: int = 16
    worker_poll_s: float = 1.0
    # A worker that claimed a delivery and vanished (killed) loses it after this lease.
    claim_lease_s: float = 60.0
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    retry_jitter: float = 0.2
    max_attempts: int = 10
    max_body_bytes: int = 1024 * 1024
    max_batch_events: int = 500
    enrolment_code_ttl_s: int = 24 * 3600
    inbox_link_ttl_s: int = 30 * 24 * 3600
    # The admin web page's initial password (scrypt hash stored on first start);
    # empty = the admin token serves as the password.
    admin_password: str = ""
    # Fernet key for secrets at rest (Apprise URLs); empty = generated once and kept
    # in `data_dir`/server_fernet.key with 0600 permissions.
    secret_key: str = ""
    data_dir: str = ""
    # Defaults for stores without their own rules (the admin page changes them per store).
    default_quiet_hours: str = "21:00-08:00"
    default_timezone: str = "Asia/Shanghai"
    # Where rate-limit counters live (server/ratelimit.py): "" = the server database,
    # shared by every process on it; "redis://host:6379/0" = Redis; "memory://" = per process.
    rate_limit_storage: str = ""
    # Recipient pages (server/ratelimit.py).
    bad_link_limit: int = 10
    bad_link_window_s: float = 600.0
    link_view_limit: int = 30
    link_view_window_s: float = 60.0
    # Payments (server/payments.py): the gateway's merchant config JSON (the sandbox
    # writes one; the real gateway's has the same fields); empty = payments switched off.
    payment_gateway: str = ""
    payment_reconcile_s: float = 15.0  # reconciler round interval
    gift_expiry_s: float = 60.0  # how often unclaimed gifts past their expiry are refunded
    payment_query_after_s: float = 60.0  # a payment unheard of this long is queried
    # Addresses of the reverse proxies whose X-Forwarded-For / -Proto are believed
    # (comma-separated IPs or networks, "*" = any). Empty: none, every limit keys on the
    # connecting address (uvicorn alone would trust 127.0.0.1, so anyone able to reach
    # the port from the same host could pick a new address for every request).
    forwarded_allow_ips: str = ""
    # Sync requests (event batches and feed pages) one station may make per window; over
    # it: 429 + Retry-After (a desk treats that as "later"). 600/min is 120,000 events a
    # minute in batches of 200: far above any desk, far below a runaway loop.
    sync_rate_limit: int = 600
    # Retention (server/retention.py, `--prune`): final deliveries and feed rows older than this.
    delivery_retention_days: int = 90
    feed_retention_days: int = 90
    sync_rate_window_s: float = 60.0

    @classmethod
    def from_env(cls, **overrides: object) -> ServerSettings:
        """Settings from the environment; keyword overrides (command-line options) win."""
        env = os.environ
        values: dict[str, object] = {
            "database_url": env.get(ENV_PREFIX + "DB_URL") or default_database_url(),
            "public_base_url": env.get(ENV_PREFIX + "PUBLIC_URL", ""),
            "admin_token": env.get(ENV_PREFIX + "ADMIN_TOKEN", ""),
            "webhook_url": env.get(ENV_PREFIX + "WEBHOOK_URL", ""),
            "webhook_secret": env.get(ENV_PREFIX + "WEBHOOK_SECRET", ""),
            "admin_password": env.get(ENV_PREFIX + "ADMIN_PASSWORD", ""),
            "secret_key": env.get(ENV_PREFIX + "SECRET_KEY", ""),
            "data_dir": env.get(ENV_PREFIX + "DATA_DIR", ""),
            "payment_gateway": env.get(ENV_PREFIX + "PAYMENT_GATEWAY", ""),
            "forwarded_allow_ips": env.get(ENV_PREFIX + "FORWARDED_ALLOW_IPS", ""),
            "rate_limit_storage": env.get(ENV_PREFIX + "RATE_LIMIT_STORAGE", ""),
        }
        if ENV_PREFIX + "QUIET_HOURS" in env:
            values["default_quiet_hours"] = env[ENV_PREFIX + "QUIET_HOURS"]
        if ENV_PREFIX + "TIMEZONE" in env:
            values["default_timezone"] = env[ENV_PREFIX + "TIMEZONE"]
        numbers = {
            "WORKERS": ("delivery_workers", int),
            "SEND_CONCURRENCY": ("send_concurrency", int),
            "DELIVERY_PROCESSES": ("delivery_processes", int),
            "POLL_S": ("worker_poll_s", float),
            "CLAIM_LEASE_S": ("claim_lease_s", float),
            "MAX_ATTEMPTS": ("max_attempts", int),
            "MAX_BODY_BYTES": ("max_body_bytes", int),
            "SYNC_RATE_LIMIT": ("sync_rate_limit", int),
            "DELIVERY_RETENTION_DAYS": ("delivery_retention_days", int),
            "FEED_RETENTION_DAYS": ("feed_retention_days", int),
        }
        for suffix, (name, kind) in numbers.items():
            if ENV_PREFIX + suffix in env:
                values[name] = kind(env[ENV_PREFIX + suffix])
        if ENV_PREFIX + "RETRY_DELAYS" in env:
            # Seconds, comma-separated; the last one repeats.
            values["retry_delays"] = tuple(float(x) for x in env[ENV_PREFIX + "RETRY_DELAYS"].split(","))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
