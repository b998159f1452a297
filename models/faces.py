"""Face recognition data: encodings (never photos), consent, the decision log, passing-by reminders.

An encoding is dlib's 128-d descriptor stored as 512 bytes of little-endian float32.
It is still biometric data: only residents with a recorded, unwithdrawn consent have
any, and ``services.faces.gallery.FaceService.delete_face_data`` removes all of them in one
transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class FaceEncoding(Base):
    __tablename__ = "face_encodings"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary())  # 128 float32, little-endian
    model: Mapped[str] = mapped_column(String(120))  # model name and version
    jitters: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    enrolled_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class FaceConsent(Base):
    """A resident's explicit opt-in, who recorded it and when; withdrawn consent stays on record."""

    __tablename__ = "face_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class FaceDecision(Base):
    """One recognition decision at the desk: who (or nobody), how near, never an image."""

    __tablename__ = "face_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    resident_id: Mapped[int | None] = mapped_column(Integer)  # kept after the resident's face data is gone
    outcome: Mapped[str] = mapped_column(String(20))  # services.faces.rules.Outcome, or "released"/"liveness_failed"
    distance: Mapped[float | None] = mapped_column(Float)
    margin: Mapped[float | None] = mapped_column(Float)
    mode: Mapped[str] = mapped_column(String(12), default="search")  # "verify" (parcel addressees) or "search"
    frames: Mapped[int] = mapped_column(Integer, default=0)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))


class FaceReminder(Base):
    """The desk camera saw a resident with parcels waiting: one reminder per resident per local day."""

    __tablename__ = "face_reminders"
    __table_args__ = (UniqueConstraint("resident_id", "local_day", name="uq_face_reminders_resident_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"))
    local_day: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    event_id: Mapped[str] = mapped_column(String(32), default="")
