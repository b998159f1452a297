"""Face enrolment, recognition, deletion, consent and passing-by reminders on real photos."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select

from models import FaceDecision, FaceEncoding, OutboxEvent
from services.desk import Desk
from services.faces.gallery import FaceError, FaceService
from services.faces.rules import FrameVote, Outcome, Thresholds
from tests.services.test_faces_data import (  # noqa: F401  (session fixtures)
    FaceSet,
    enrol_with_consent,
    face_engine_fixture,
    face_set_fixture,
)


def _residents(desk: Desk, n: int, *, without_parcels: bool = True) -> list[int]:
    busy = desk.faces.residents_with_parcels()
    ids = [r.id for r in desk.residents.search("") if not without_parcels or r.id not in busy]
    return ids[:n]


def _vote(faces: FaceService, probes: list[np.ndarray], candidates: set[int] | None = None) -> object:
    vote = FrameVote(Thresholds())
    gallery = faces.gallery()
    decision = None
    for i, probe in enumerate(probes * 3):
        decision = vote.feed(gallery.search(probe, candidates), now=i * 0.3)
        if decision is not None:
            return decision
    return decision


def test_enrolled_resident_is_recognised_from_other_photos_and_strangers_are_not(
        desk: Desk, face_set: FaceSet) -> None:
    simm, salley = _residents(desk, 2)
    for rid in (simm, salley):
        desk.faces.record_consent(rid, operator_id=None)
    enc = face_set.encodings
    result = desk.faces.enrol(simm, enc["simm"][:3], jitters=1, model="test", operator_id=None)
    assert result.stored == 3 and result.worst_pair <= 0.45
    desk.faces.enrol(salley, enc["salley"][:3], jitters=1, model="test", operator_id=None)

    for probe in enc["simm"][3:]:
        match = desk.faces.gallery().search(probe)
        assert match.resident_id == simm and match.distance <= 0.5 and match.margin >= 0.06
    decision = _vote(desk.faces, enc["simm"][3:])
    assert decision is not None and decision.outcome is Outcome.RECOGNISED and decision.resident_id == simm
    decision = _vote(desk.faces, enc["salley"][3:])
    assert decision.outcome is Outcome.RECOGNISED and decision.resident_id == salley

    # people who were never enrolled are not taken for anyone
    for probe in enc["stranger_a"] + enc["stranger_b"]:
        match = desk.faces.gallery().search(probe)
        assert match.distance > 0.5
    decision = _vote(desk.faces, enc["stranger_a"])
    assert decision.outcome is Outcome.NOT_RECOGNISED and decision.resident_id is None

    # verification against the addressees of waiting parcels: simm is not among them
    decision = _vote(desk.faces, enc["simm"][3:], candidates={salley})
    assert decision.outcome is Outcome.NOT_RECOGNISED

    status = desk.faces.status(simm)
    assert status.encodings == 3 and status.model == "test" and status.enrolled_at is not None


def test_deleting_face_data_removes_it_from_recognition_at_once(desk: Desk, face_set: FaceSet) -> None:
    (rid,) = _residents(desk, 1)
    enrol_with_consent(desk, rid, face_set.encodings["simm"][:3])
    probe = face_set.encodings["simm"][3]
    assert desk.faces.gallery().search(probe).resident_id == rid

    assert desk.faces.delete_face_data(rid, operator_id=None) == 3
    assert rid not in desk.faces.gallery()
    assert desk.faces.gallery().search(probe).resident_id is None
    with desk.db.sessions() as session:
        assert session.scalar(select(func.count(FaceEncoding.id)).where(FaceEncoding.resident_id == rid)) == 0
    # a fresh service (another desk, a restart) does not bring it back either
    assert rid not in FaceService(desk.db.sessions).gallery()
    assert desk.faces.status(rid).consent  # deleting data is not withdrawing consent


def test_enrolment_needs_recorded_consent_and_withdrawal_erases(desk: Desk, face_set: FaceSet) -> None:
    (rid,) = _residents(desk, 1)
    with pytest.raises(FaceError) as refused:
        desk.faces.enrol(rid, face_set.encodings["simm"][:3], jitters=1, model="test", operator_id=None)
    assert refused.value.reason == FaceError.NO_CONSENT
    assert desk.faces.status(rid).encodings == 0 and rid not in desk.faces.gallery()

    enrol_with_consent(desk, rid, face_set.encodings["simm"][:3])
    assert desk.faces.withdraw_consent(rid, operator_id=None) == 3
    status = desk.faces.status(rid)
    assert not status.consent and status.encodings == 0 and rid not in desk.faces.gallery()
    with pytest.raises(FaceError):
        desk.faces.enrol(rid, face_set.encodings["simm"][:3], jitters=1, model="test", operator_id=None)


def test_photos_that_disagree_or_match_another_resident_are_refused_naming_why(
        desk: Desk, face_set: FaceSet) -> None:
    first, second = _residents(desk, 2)
    for rid in (first, second):
        desk.faces.record_consent(rid, operator_id=None)
    enc = face_set.encodings
    with pytest.raises(FaceError) as mixed:
        desk.faces.enrol(first, [enc["simm"][0], enc["simm"][1], enc["salley"][0]], jitters=1, model="t",
                         operator_id=None)
    assert mixed.value.reason == FaceError.PHOTOS_DISAGREE and mixed.value.params["second"] == 3
    with pytest.raises(FaceError) as few:
        desk.faces.enrol(first, enc["simm"][:2], jitters=1, model="t", operator_id=None)
    assert few.value.reason == FaceError.PHOTO_COUNT
    assert desk.faces.status(first).encodings == 0  # nothing half-written

    desk.faces.enrol(first, enc["salley"][:3], jitters=1, model="t", operator_id=None)
    with pytest.raises(FaceError) as twin:
        desk.faces.enrol(second, enc["salley"][1:4], jitters=1, model="t", operator_id=None)
    assert twin.value.reason == FaceError.MATCHES_OTHER and twin.value.params["resident_id"] == first
    assert desk.faces.status(second).encodings == 0


def test_decisions_are_logged_with_distance_and_margin(desk: Desk) -> None:
    desk.faces.log_decision("recognised", 7, 0.31, 0.22, mode="verify", frames=3, operator_id=None)
    desk.faces.log_decision("not_recognised", None, 0.71, float("inf"), mode="search", frames=3, operator_id=None)
    latest, first = desk.faces.decisions(2)
    assert (first.resident_id, first.outcome, first.distance, first.margin, first.mode) == (
        7, "recognised", pytest.approx(0.31), pytest.approx(0.22), "verify")
    assert latest.resident_id is None and latest.margin is None
    with desk.db.sessions() as session:
        assert session.scalar(select(func.count(FaceDecision.id))) == 2


def test_passing_by_reminder_goes_out_once_per_resident_per_day(desk: Desk) -> None:
    rid = sorted(desk.faces.residents_with_parcels())[0]
    now = [datetime(2026, 11, 23, 3, 0, tzinfo=UTC)]
    faces = FaceService(desk.db.sessions, clock=lambda: now[0])
    other_desk = FaceService(desk.db.sessions, clock=lambda: now[0])

    def reminders() -> list[OutboxEvent]:
        with desk.db.sessions() as session:
            return [e for e in session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "notify.member"))
                    if str(e.payload.get("dedup_key", "")).startswith(f"face_passing:resident-{rid}:")]

    first = faces.remind_passing_by(rid)
    assert first.reminded and first.waiting >= 1
    assert not faces.remind_passing_by(rid).reminded
    assert not other_desk.remind_passing_by(rid).reminded
    sent = reminders()
    assert len(sent) == 1 and sent[0].payload["template"] == "parcel_reminder"
    assert sent[0].payload["recipient"]["key"] == f"resident-{rid}"
    now[0] += timedelta(days=1)
    assert faces.remind_passing_by(rid).reminded
    assert len(reminders()) == 2

    (idle,) = _residents(desk, 1)
    assert faces.remind_passing_by(idle) == type(first)(idle, 0, False)


def test_postgresql_keeps_encodings_exact_and_two_desks_remind_once(pg_url: str, face_set: FaceSet) -> None:
    import threading

    desk = Desk.open(pg_url)
    try:
        (rid,) = _residents(desk, 1)
        enrol_with_consent(desk, rid, face_set.encodings["salley"][:3])
        reloaded = FaceService(desk.db.sessions).gallery()
        assert reloaded.search(face_set.encodings["salley"][0]).distance < 1e-5  # float32 bytes round-trip
        assert desk.faces.delete_face_data(rid, operator_id=None) == 3
        assert FaceService(desk.db.sessions).gallery().search(face_set.encodings["salley"][0]).resident_id is None

        waiting = sorted(desk.faces.residents_with_parcels())[0]
        desks = [FaceService(desk.db.sessions) for _ in range(4)]
        results: list[bool] = []
        start = threading.Barrier(len(desks))

        def remind(service: FaceService) -> None:
            start.wait()
            results.append(service.remind_passing_by(waiting).reminded)

        threads = [threading.Thread(target=remind, args=(s,)) for s in desks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert sorted(results) == [False, False, False, True]
    finally:
        desk.close()
