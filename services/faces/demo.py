"""``uv run main.py demo-faces DIR``: try the pickup check without a webcam.

DIR holds one sub-folder of photos per person. Each usable person (at least MIN_PHOTOS
photos with one clear face) is given to a demo resident — residents with parcels waiting
first, so the pickup check has parcels to show — with that resident's recorded consent,
and enrolled from the photos. A video of the people arriving at the desk one after another
is written for the virtual camera, and the desk's settings point the pickup check at it.
No photo is shipped with CounterDesk; the photos stay where they are, only encodings are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.faces import FaceEngine
from devices.faces.engine import FaceBox, Frame, read_image
from devices.faces.media import blank_frame, desk_frame, write_video
from services.core.masking import mask_name
from services.faces.gallery import MAX_PHOTOS, MIN_PHOTOS, FaceError, FaceService

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp"}
DEMO_JITTERS = 3  # the desk enrols with 10; 3 keeps a demo of a dozen people under a minute
VIDEO_FPS = 10.0
ARRIVE_S, STAY_S = 2.0, 6.0  # empty desk, then each person in view


@dataclass(frozen=True)
class Person:
    folder: str
    photos: tuple[Path, ...]


@dataclass(frozen=True)
class Enrolled:
    folder: str
    resident_id: int
    resident: str  # masked name, unit
    photos: int
    skipped: tuple[str, ...]  # photos without one clear face


@dataclass(frozen=True)
class Refused:
    folder: str
    reason: str


def people_in(root: Path) -> list[Person]:
    """Sub-folders of ``root`` with at least MIN_PHOTOS image files, by name."""
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder")
    people = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        photos = tuple(sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES))
        if len(photos) >= MIN_PHOTOS:
            people.append(Person(folder.name, photos))
    return people


def _usable(engine: FaceEngine, photos: Sequence[Path]) -> tuple[list[Any], list[tuple[Frame, FaceBox]], list[str]]:
    encodings: list[Any] = []
    stills: list[tuple[Frame, FaceBox]] = []
    skipped: list[str] = []
    for path in photos:
        if len(encodings) == MAX_PHOTOS:
            break
        image = read_image(path)
        capped, shot = engine.still(image)
        if capped is None or shot.face is None:
            skipped.append(path.name)
            continue
        encodings.append(engine.encode(capped, shot.face, jitters=DEMO_JITTERS))
        stills.append((capped, shot.face))
    return encodings, stills, skipped


def _why(exc: FaceError) -> str:
    """The CLI's words for a refused enrolment (the desk's dialog has its own, translated)."""
    p = exc.params
    if exc.reason == FaceError.PHOTOS_DISAGREE:
        return f"photos {p['first']} and {p['second']} do not look like the same person (distance {p['distance']})"
    if exc.reason == FaceError.MATCHES_OTHER:
        return f"photo {p['photo']} looks like {p['name']}, who is enrolled already (distance {p['distance']})"
    return f"{exc.reason}: {p}"


def enrol_people(faces: FaceService, engine: FaceEngine, people: Sequence[Person], resident_ids: Sequence[int],
                 *, operator_id: int | None, video: Path) -> tuple[list[Enrolled], list[Refused]]:
    """Enrol each person as the next free resident of ``resident_ids``; write the desk video."""
    enrolled: list[Enrolled] = []
    refused: list[Refused] = []
    frames: list[Frame] = []
    free = list(resident_ids)
    for person in people:
        if not free:
            refused.append(Refused(person.folder, "no demo resident left"))
            continue
        encodings, stills, skipped = _usable(engine, person.photos)
        if len(encodings) < MIN_PHOTOS:
            refused.append(Refused(person.folder, f"only {len(encodings)} photos with one clear face "
                                                  f"(at least {MIN_PHOTOS} needed)"))
            continue
        rid = free[0]
        faces.record_consent(rid, operator_id=operator_id)
        try:
            faces.enrol(rid, encodings, jitters=DEMO_JITTERS, model=engine.model_version, operator_id=operator_id)
        except FaceError as exc:  # the photos disagree, or look like someone enrolled before
            faces.withdraw_consent(rid, operator_id=operator_id)
            refused.append(Refused(person.folder, _why(exc)))
            continue
        free.pop(0)
        who = faces.who(rid)
        enrolled.append(Enrolled(person.folder, rid, f"{mask_name(who.name)}, {who.building}-{who.unit}",
                                 len(encodings), tuple(skipped)))
        # At the desk: an empty moment, then the person, from a photo not used for the enrolment if any.
        photo, face = stills[-1]
        frames += [blank_frame()] * int(ARRIVE_S * VIDEO_FPS) + [desk_frame(photo, face)] * int(STAY_S * VIDEO_FPS)
    if frames:
        video.parent.mkdir(parents=True, exist_ok=True)
        write_video(frames, video, fps=VIDEO_FPS)
    return enrolled, refused
