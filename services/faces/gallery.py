"""Residents' face data: consent, enrolment checks, the live gallery, decisions, passing-by reminders.

No Qt and no face_recognition here: encodings arrive as float32 arrays computed on a
worker (devices.faces). Decisions about frames live in services/faces/rules.py.

* Only a resident with a recorded, unwithdrawn consent is enrolled; everyone keeps the
  non-biometric path (the pickup code).
* Only encodings are stored (512 bytes each) with the model version and date, never a photo.
* ``delete_face_data`` removes every encoding of a resident in one transaction and drops
  them from this desk's live gallery at once; withdrawing consent does the same.
* Every recognition decision is logged with its distance and margin, never the image.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import (
    Compound,
    FaceConsent,
    FaceDecision,
    FaceEncoding,
    FaceReminder,
    Operator,
    Parcel,
    Resident,
)
from models.base import utcnow
from models.db import unit_of_work
from services.core.journal import record_audit
from services.core.masking import mask_name
from services.core.settings import ParcelSettings
from services.faces.rules import DIM, Gallery, pairwise_distances
from services.parcels.records import LIVE_STATES
from services.parcels.reminders import Timing, compound_zone, notify_parcel, place_of
from services.residents.directory import _query as resident_query
from services.residents.directory import resident_info
from services.residents.records import ResidentInfo

Vector = npt.NDArray[np.float32]

MIN_PHOTOS = 3
MAX_PHOTOS = 5
AGREE_MAX = 0.45  # research §4.5: enrolment photos of one person agree pairwise under 0.45
OTHER_MIN = 0.50  # ... and none of them is within 0.50 of another enrolled resident


class FaceError(Exception):
    """A face action that was refused; ``reason`` is one of the constants below, ``params`` name the detail."""

    NO_CONSENT = "no_consent"
    UNKNOWN_RESIDENT = "unknown_resident"
    PHOTO_COUNT = "photo_count"  # count, min, max
    PHOTOS_DISAGREE = "photos_disagree"  # first, second (1-based photo numbers), distance
    MATCHES_OTHER = "matches_other"  # photo, name (masked), unit, distance

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(f"{reason}: {params}")
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class FaceStatus:
    resident_id: int
    consent: bool
    consent_at: datetime | None
    consent_by: str  # operator name
    encodings: int
    enrolled_at: datetime | None
    model: str


@dataclass(frozen=True)
class EnrolmentResult:
    resident_id: int
    stored: int
    model: str
    created_at: datetime
    worst_pair: float  # the largest distance between two of the new photos
    nearest_other: float | None  # the nearest other resident's distance, None with an empty gallery


@dataclass(frozen=True)
class DecisionInfo:
    at: datetime
    resident_id: int | None
    outcome: str
    distance: float | None
    margin: float | None
    mode: str


@dataclass(frozen=True)
class PassingBy:
    """A resident seen by the desk camera: how many parcels wait and whether a reminder went out now."""

    resident_id: int
    waiting: int
    reminded: bool  # True: this call queued today's reminder; False: none waiting, or already today


def to_bytes(vector: Vector) -> bytes:
    return np.asarray(vector, dtype="<f4").reshape(DIM).tobytes()


def from_bytes(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype="<f4").astype(np.float32).reshape(DIM)


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


class FaceService:
    def __init__(self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime] = utcnow,
                 parcel_settings: ParcelSettings | None = None) -> None:
        self._sessions = sessions
        self._clock = clock
        self._parcel_settings = parcel_settings or ParcelSettings()
        self._gallery: Gallery | None = None
        self._signature: tuple[int, int] = (-1, -1)
        self._lock = threading.Lock()

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    # ------------------------------------------------------------------ gallery

    def gallery(self) -> Gallery:
        """This desk's live gallery (loaded on first use; enrol/delete keep it current)."""
        with self._lock:
            if self._gallery is None:
                self._gallery = Gallery()
                self._load(self._gallery)
            return self._gallery

    def sync_gallery(self) -> bool:
        """Reload when another desk enrolled or deleted since; True when it reloaded."""
        gallery = self.gallery()
        with self._sessions() as session:
            signature = self._read_signature(session)
        if signature == self._signature:
            return False
        with self._lock:
            self._load(gallery)
        return True

    @staticmethod
    def _read_signature(session: Session) -> tuple[int, int]:
        count, top = session.execute(select(func.count(FaceEncoding.id), func.max(FaceEncoding.id))).one()
        return int(count or 0), int(top or 0)

    def _load(self, gallery: Gallery) -> None:
        with self._sessions() as session:
            self._signature = self._read_signature(session)
            rows = session.execute(
                select(FaceEncoding.resident_id, FaceEncoding.vector)
                .join(Resident, Resident.id == FaceEncoding.resident_id)
                .where(Resident.consent_face.is_(True))
                .order_by(FaceEncoding.resident_id)
            ).all()
        per: dict[int, list[Vector]] = {}
        for resident_id, blob in rows:
            per.setdefault(int(resident_id), []).append(from_bytes(blob))
        gallery.replace_all((rid, np.stack(vs)) for rid, vs in per.items())

    # ------------------------------------------------------------------ consent

    def status(self, resident_id: int) -> FaceStatus:
        with self._sessions() as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise FaceError(FaceError.UNKNOWN_RESIDENT, resident_id=resident_id)
            consent = self._active_consent(session, resident_id)
            by = ""
            if consent is not None and consent.recorded_by is not None:
                op = session.get(Operator, consent.recorded_by)
                by = op.name if op is not None else ""
            count, last, model = session.execute(
                select(func.count(FaceEncoding.id), func.max(FaceEncoding.created_at), func.max(FaceEncoding.model))
                .where(FaceEncoding.resident_id == resident_id)
            ).one()
            return FaceStatus(resident_id, bool(resident.consent_face and consent is not None),
                              consent.recorded_at if consent else None, by, int(count or 0),
                              last.replace(tzinfo=UTC) if last is not None and last.tzinfo is None else last,
                              model or "")

    @staticmethod
    def _active_consent(session: Session, resident_id: int) -> FaceConsent | None:
        return session.scalars(
            select(FaceConsent).where(FaceConsent.resident_id == resident_id, FaceConsent.withdrawn_at.is_(None))
            .order_by(FaceConsent.recorded_at.desc()).limit(1)
        ).first()

    def record_consent(self, resident_id: int, *, operator_id: int | None) -> FaceStatus:
        """The resident agreed, in front of ``operator_id``, to be recognised by face."""
        with unit_of_work(self._sessions) as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise FaceError(FaceError.UNKNOWN_RESIDENT, resident_id=resident_id)
            if self._active_consent(session, resident_id) is None:
                session.add(FaceConsent(resident_id=resident_id, recorded_by=operator_id, recorded_at=self._now()))
            resident.consent_face = True
            record_audit(session, "face_consent_recorded", subject=f"resident-{resident_id}", operator_id=operator_id)
        return self.status(resident_id)

    def withdraw_consent(self, resident_id: int, *, operator_id: int | None) -> int:
        """Consent withdrawn: every encoding goes, now. Returns how many were deleted."""
        return self._erase(resident_id, operator_id, withdraw=True)

    def delete_face_data(self, resident_id: int, *, operator_id: int | None) -> int:
        """One action: all of the resident's encodings, gone from the database and the live gallery."""
        return self._erase(resident_id, operator_id, withdraw=False)

    def _erase(self, resident_id: int, operator_id: int | None, *, withdraw: bool) -> int:
        with unit_of_work(self._sessions) as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise FaceError(FaceError.UNKNOWN_RESIDENT, resident_id=resident_id)
            deleted = session.scalar(select(func.count(FaceEncoding.id)).where(FaceEncoding.resident_id == resident_id))
            session.execute(delete(FaceEncoding).where(FaceEncoding.resident_id == resident_id))
            if withdraw:
                resident.consent_face = False
                for consent in session.scalars(select(FaceConsent).where(
                        FaceConsent.resident_id == resident_id, FaceConsent.withdrawn_at.is_(None))):
                    consent.withdrawn_at = self._now()
                    consent.withdrawn_by = operator_id
            record_audit(session, "face_consent_withdrawn" if withdraw else "face_data_deleted",
                         subject=f"resident-{resident_id}", detail={"encodings": int(deleted or 0)},
                         operator_id=operator_id)
        self.gallery().remove(resident_id)
        return int(deleted or 0)

    # ------------------------------------------------------------------ enrolment

    def check_enrolment(self, resident_id: int, encodings: Sequence[Vector]) -> tuple[float, float | None]:
        """Refuse photos that disagree with each other or look like another enrolled resident.

        Returns (the largest distance between two new photos, the nearest other resident)."""
        if not MIN_PHOTOS <= len(encodings) <= MAX_PHOTOS:
            raise FaceError(FaceError.PHOTO_COUNT, count=len(encodings), min=MIN_PHOTOS, max=MAX_PHOTOS)
        matrix = np.stack([np.asarray(e, np.float32).reshape(DIM) for e in encodings])
        pairs = pairwise_distances(matrix)
        worst = float(pairs.max())
        if worst > AGREE_MAX:
            i, j = np.unravel_index(int(np.argmax(pairs)), pairs.shape)
            raise FaceError(FaceError.PHOTOS_DISAGREE, first=int(min(i, j)) + 1, second=int(max(i, j)) + 1,
                            distance=round(worst, 3))
        gallery = self.gallery()
        others = [r for r in gallery.resident_ids() if r != resident_id]
        nearest: float | None = None
        for index, enc in enumerate(matrix):
            match = gallery.search(enc, candidates=others) if others else None
            if match is None or match.resident_id is None:
                continue
            nearest = match.distance if nearest is None else min(nearest, match.distance)
            if match.distance < OTHER_MIN:
                with self._sessions() as session:
                    other = session.get(Resident, match.resident_id)
                    name = mask_name(other.name) if other else "?"
                raise FaceError(FaceError.MATCHES_OTHER, photo=index + 1, name=name,
                                resident_id=match.resident_id, distance=round(match.distance, 3))
        return worst, nearest

    def enrol(self, resident_id: int, encodings: Sequence[Vector], *, jitters: int, model: str,
              operator_id: int | None) -> EnrolmentResult:
        """Store the resident's encodings (replacing earlier ones) after the checks above; all or nothing."""
        worst, nearest = self.check_enrolment(resident_id, encodings)
        now = self._now()
        with unit_of_work(self._sessions) as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise FaceError(FaceError.UNKNOWN_RESIDENT, resident_id=resident_id)
            if not resident.consent_face or self._active_consent(session, resident_id) is None:
                raise FaceError(FaceError.NO_CONSENT, resident_id=resident_id)
            session.execute(delete(FaceEncoding).where(FaceEncoding.resident_id == resident_id))
            for enc in encodings:
                session.add(FaceEncoding(resident_id=resident_id, vector=to_bytes(enc), model=model[:120],
                                         jitters=jitters, created_at=now, enrolled_by=operator_id))
            record_audit(session, "face_enrolled", subject=f"resident-{resident_id}",
                         detail={"encodings": len(encodings), "model": model, "jitters": jitters},
                         operator_id=operator_id)
        self.gallery().put(resident_id, np.stack([np.asarray(e, np.float32) for e in encodings]))
        return EnrolmentResult(resident_id, len(encodings), model, now, worst, nearest)

    # ------------------------------------------------------------------ recognition support

    def who(self, resident_id: int) -> ResidentInfo:
        """The resident a face was matched to (phone masked; the GUI masks the name too)."""
        with self._sessions() as session:
            row = session.execute(resident_query().where(Resident.id == resident_id)).first()
            if row is None:
                raise FaceError(FaceError.UNKNOWN_RESIDENT, resident_id=resident_id)
            return resident_info(row[0], row[1], row[2])

    def residents_with_parcels(self) -> set[int]:
        """Residents with parcels waiting in a locker: the candidates to verify a face against."""
        with self._sessions() as session:
            rows = session.scalars(select(Parcel.resident_id).where(
                Parcel.resident_id.is_not(None), Parcel.state.in_([s.value for s in LIVE_STATES])).distinct())
            return {int(r) for r in rows if r is not None}

    def log_decision(self, outcome: str, resident_id: int | None, distance: float, margin: float, *,
                     mode: str, frames: int, operator_id: int | None) -> None:
        with unit_of_work(self._sessions) as session:
            session.add(FaceDecision(at=self._now(), resident_id=resident_id, outcome=outcome[:20],
                                     distance=_finite(distance), margin=_finite(margin), mode=mode[:12],
                                     frames=frames, operator_id=operator_id))

    def decisions(self, limit: int = 50) -> list[DecisionInfo]:
        with self._sessions() as session:
            rows = session.scalars(select(FaceDecision).order_by(FaceDecision.id.desc()).limit(limit)).all()
            return [DecisionInfo(r.at, r.resident_id, r.outcome, r.distance, r.margin, r.mode) for r in rows]

    def remind_passing_by(self, resident_id: int) -> PassingBy:
        """The desk camera recognised ``resident_id``: if parcels wait, queue today's reminder (once a day).

        The day is the compound's local day; a unique (resident, day) row makes two desks, or
        a restart, send at most one. The message is the parcels feature's ``parcel_reminder``
        about the parcel waiting longest."""
        now = self._now()
        try:
            with unit_of_work(self._sessions) as session:
                parcels = session.scalars(
                    select(Parcel).where(Parcel.resident_id == resident_id,
                                         Parcel.state.in_([s.value for s in LIVE_STATES]))
                    .order_by(Parcel.stored_at, Parcel.id)
                ).all()
                if not parcels:
                    return PassingBy(resident_id, 0, False)
                compound = session.get(Compound, parcels[0].compound_id)
                zone = compound_zone(compound.timezone if compound else "Asia/Shanghai")
                day: date = now.astimezone(zone).date()
                exists = session.scalar(select(FaceReminder.id).where(
                    FaceReminder.resident_id == resident_id, FaceReminder.local_day == day))
                if exists is not None:
                    return PassingBy(resident_id, len(parcels), False)
                oldest = parcels[0]
                event_id = notify_parcel(
                    session, oldest, "parcel_reminder", f"face_passing:resident-{resident_id}:{day.isoformat()}",
                    Timing.of(self._parcel_settings), place_of(session, oldest), {"waiting": len(parcels)})
                session.add(FaceReminder(resident_id=resident_id, local_day=day, sent_at=now, event_id=event_id))
                session.flush()
                record_audit(session, "face_passing_reminder", subject=f"resident-{resident_id}",
                             detail={"parcels": len(parcels), "event_id": event_id})
                return PassingBy(resident_id, len(parcels), True)
        except IntegrityError:  # another desk reminded this resident a moment ago
            return PassingBy(resident_id, len(self._live(resident_id)), False)

    def _live(self, resident_id: int) -> list[int]:
        with self._sessions() as session:
            return list(session.scalars(select(Parcel.id).where(
                Parcel.resident_id == resident_id, Parcel.state.in_([s.value for s in LIVE_STATES]))))
