"""Frame consensus / debounce for the camera and repeat suppression for scanners (fake clock)."""

from __future__ import annotations

import pytest

from devices.barcode import BarcodeFormat, FrameConsensus, Read, RepeatSuppressor

A = Read("9780764544200", BarcodeFormat.EAN13)
B = Read("036602301467", BarcodeFormat.UPCA)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float = 0.1) -> None:
        self.now += seconds


def run(consensus: FrameConsensus, clock: FakeClock, frames: list[list[Read]],
        dt: float = 0.1) -> list[list[Read]]:
    out = []
    for frame in frames:
        out.append(consensus.feed(frame))
        clock.tick(dt)
    return out


def test_needs_two_consecutive_agreeing_frames() -> None:
    clock = FakeClock()
    c = FrameConsensus(clock=clock)
    assert run(c, clock, [[A], [A]]) == [[], [A]]


def test_one_frame_misread_is_never_accepted() -> None:
    clock = FakeClock()
    c = FrameConsensus(clock=clock)
    assert run(c, clock, [[A], [B], [A], [], [B]]) == [[], [], [], [], []]


def test_required_frames_configurable() -> None:
    clock = FakeClock()
    c = FrameConsensus(required=3, clock=clock)
    assert run(c, clock, [[A], [A], [A]]) == [[], [], [A]]
    c1 = FrameConsensus(required=1, clock=clock)
    assert c1.feed([A]) == [A]


def test_same_code_suppressed_within_window_while_in_view() -> None:
    clock = FakeClock()
    c = FrameConsensus(window_s=1.5, clock=clock)
    # Frames 0.125 s apart (exact in binary): accepted on frame 1 at t=0.125 ...
    results = run(c, clock, [[A]] * 13, dt=0.125)  # ... still in view up to t=1.5
    assert results[1] == [A]
    assert sum(len(r) for r in results) == 1
    # 1.5 s after the accept it may ring again (repeat_in_view=True is the default).
    assert run(c, clock, [[A]], dt=0.125) == [[A]]


def test_repeat_in_view_off_needs_the_code_to_leave() -> None:
    clock = FakeClock()
    c = FrameConsensus(window_s=1.5, repeat_in_view=False, clock=clock)
    results = run(c, clock, [[A]] * 50)            # 5 s in view
    assert sum(len(r) for r in results) == 1


def test_code_that_left_view_is_accepted_again_within_window() -> None:
    clock = FakeClock()
    c = FrameConsensus(window_s=1.5, leave_frames=3, clock=clock)
    out = run(c, clock, [[A], [A], [], [], [], [A], [A]])
    assert out == [[], [A], [], [], [], [], [A]]


def test_single_dropped_frame_does_not_count_as_leaving() -> None:
    clock = FakeClock()
    c = FrameConsensus(window_s=1.5, leave_frames=3, clock=clock)
    out = run(c, clock, [[A], [A], [], [A], [A], [A]])
    assert sum(len(r) for r in out) == 1


def test_two_codes_tracked_independently() -> None:
    clock = FakeClock()
    c = FrameConsensus(clock=clock)
    out = run(c, clock, [[A, B], [A], [A, B], [B]])
    assert out == [[], [A], [], [B]]


def test_reset_forgets() -> None:
    clock = FakeClock()
    c = FrameConsensus(clock=clock)
    run(c, clock, [[A], [A]])
    c.reset()
    assert run(c, clock, [[A], [A]]) == [[], [A]]


def test_invalid_settings_rejected() -> None:
    with pytest.raises(ValueError):
        FrameConsensus(required=0)


def test_repeat_suppressor_window() -> None:
    clock = FakeClock()
    s = RepeatSuppressor(window_s=1.5, clock=clock)
    assert s.accept("4006381333931")
    clock.tick(1.0)
    assert not s.accept("4006381333931")           # same code within 1.5 s: a repeat
    assert s.accept("9780764544200")               # another code is a new scan
    clock.tick(0.6)                                # 1.6 s after the first accept
    assert s.accept("4006381333931")


def test_repeat_suppressor_window_runs_from_last_accept() -> None:
    clock = FakeClock()
    s = RepeatSuppressor(window_s=1.0, clock=clock)
    accepted = []
    for _ in range(30):                            # continuous-mode scanner, every 0.1 s
        accepted.append(s.accept("x"))
        clock.tick(0.1)
    assert sum(accepted) == 3
