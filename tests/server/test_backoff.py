"""The retry schedule from push_sync.md: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 4 h… ±20 %."""

from __future__ import annotations

from server.delivery.worker import backoff_s
from server.settings import ServerSettings


def test_schedule_with_jitter_repeats_the_last_step_and_honours_retry_after() -> None:
    settings = ServerSettings(database_url="sqlite://")
    expected = [30, 120, 600, 1800, 3600, 7200, 14400, 14400, 14400]
    for attempt, base in enumerate(expected, start=1):
        delays = [backoff_s(settings, attempt) for _ in range(200)]
        assert all(base * 0.8 <= d <= base * 1.2 for d in delays)
        assert max(delays) - min(delays) > base * 0.2  # jitter really spreads retries
    assert backoff_s(settings, 1, retry_after_s=300) == 300
    assert settings.max_attempts == 10
