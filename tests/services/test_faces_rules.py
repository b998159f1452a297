"""The gallery search, the frame vote and the liveness checks, without the face engine."""

from __future__ import annotations

import numpy as np

from services.faces.rules import BlinkCheck, FrameVote, Gallery, Match, Outcome, Thresholds, TurnCheck


def test_gallery_search_equals_brute_force_and_respects_candidates() -> None:
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(600, 128)).astype(np.float32) * 0.05
    owners = rng.integers(1, 120, size=600)
    gallery = Gallery()
    gallery.replace_all((int(r), rows[owners == r]) for r in np.unique(owners))
    for probe in rows[:10] + 0.01:
        d = np.linalg.norm(rows.astype(np.float64) - probe, axis=1)
        per = {int(r): d[owners == r].min() for r in np.unique(owners)}
        ranked = sorted(per, key=per.__getitem__)
        match = gallery.search(probe)
        assert match.resident_id == ranked[0] and match.second_id == ranked[1]
        assert abs(match.distance - per[ranked[0]]) < 1e-4 and abs(match.margin - (per[ranked[1]] - per[ranked[0]])) < 1e-4
        pick = set(ranked[5:8])
        verified = gallery.search(probe, pick)
        assert verified.resident_id == ranked[5]
    gallery.remove(ranked[0])
    assert ranked[0] not in gallery and gallery.search(rows[0]).resident_id != ranked[0]
    assert Gallery().search(rows[0]).resident_id is None


def _m(rid: int | None, d: float, margin: float = 0.3) -> Match:
    return Match(rid, d, None if rid is None else rid + 1, d + margin)


def test_vote_needs_three_of_five_agreeing_frames_and_resets_when_the_face_leaves() -> None:
    vote = FrameVote(Thresholds())
    assert vote.feed(_m(4, 0.3), 0.0) is None
    assert vote.feed(_m(4, 0.35), 0.3) is None
    decision = vote.feed(_m(4, 0.32), 0.6)
    assert decision is not None and decision.outcome is Outcome.RECOGNISED and decision.resident_id == 4
    assert decision.distance == 0.3 and decision.frames == 3
    assert vote.feed(_m(4, 0.3), 0.9) is None  # decided once per appearance
    vote.feed(None, 1.0)
    vote.feed(None, 1.1)  # gone
    assert not vote.decided


def test_vote_refuses_small_margins_disagreement_and_times_out() -> None:
    vote = FrameVote(Thresholds())
    for i in range(2):
        assert vote.feed(_m(4, 0.3, margin=0.02), i * 0.3) is None
    decision = vote.feed(_m(4, 0.3, margin=0.02), 0.6)
    assert decision is not None and decision.outcome is Outcome.AMBIGUOUS
    vote.reset()
    feed = [_m(4, 0.3), _m(5, 0.3), _m(4, 0.3), _m(5, 0.3)]  # two residents take turns: never released
    assert all(vote.feed(m, i * 0.3) is None for i, m in enumerate(feed))
    assert vote.feed(_m(4, 0.45), 5.5).outcome is Outcome.TIMEOUT
    vote.reset()
    for i in range(2):
        vote.feed(_m(4, 0.55), i)
    assert vote.feed(_m(4, 0.56), 2).outcome is Outcome.NOT_RECOGNISED


def test_blink_is_measured_against_the_persons_own_open_eyes() -> None:
    narrow_eyes = [0.19, 0.2, 0.19, 0.2, 0.19]  # open, though under the usual fixed 0.2
    check = BlinkCheck()
    assert not any(check.feed(e) for e in narrow_eyes)
    assert not check.feed(0.18)  # noise is no blink
    assert not check.feed(0.12)  # closed ...
    assert check.feed(0.19)  # ... and open again: a blink
    photo = BlinkCheck()
    assert not any(photo.feed(0.3) for _ in range(30))  # a held-up photo never blinks
    stare = BlinkCheck()
    for e in [0.3] * 5 + [0.1] * 8 + [0.3]:  # eyes shut for long is not a blink
        stare.feed(e)
    assert not stare.passed


def test_head_turn_needs_the_asked_direction() -> None:
    left = TurnCheck(direction=-1)
    for yaw in (0.01, 0.0, 0.02, 0.1, 0.2):
        left.feed(yaw)
    assert not left.passed
    assert left.feed(-0.2)


def test_unattended_mode_is_stricter_and_always_asks_for_the_pickup_code() -> None:
    from services.core.settings import FaceSettings
    from services.faces.rules import needs_pickup_code, thresholds_for

    attended = FaceSettings()
    assert thresholds_for(attended).distance == 0.5 and not needs_pickup_code(attended)
    assert needs_pickup_code(FaceSettings(second_factor="code"))
    unattended = FaceSettings(unattended=True)
    assert thresholds_for(unattended).distance == 0.45 and needs_pickup_code(unattended)
    assert thresholds_for(FaceSettings(frames_to_agree=9)).frames_to_agree == 5  # never more than the window
