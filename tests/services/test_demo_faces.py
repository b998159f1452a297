"""`main.py demo-faces DIR`: labelled photos become enrolled demo residents and a desk video for the pickup check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from services.faces.demo import people_in

ROOT = Path(__file__).resolve().parents[2]
PERSONS = ROOT.parent / "shared" / "data" / "faces" / "persons"


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTERDESK_HOME": str(home)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "demo-faces", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)


def test_people_are_folders_with_enough_photos() -> None:
    if not PERSONS.is_dir():
        pytest.skip(f"face test data not found at {PERSONS}")
    people = {p.folder: len(p.photos) for p in people_in(PERSONS)}
    assert people["dlib_john_simm"] == 11 and "compreface_c" not in people  # one photo is not enough


def test_labelled_photos_enrol_demo_residents_with_parcels_and_point_the_pickup_check_at_a_video(
        tmp_path: Path) -> None:
    if not PERSONS.is_dir():
        pytest.skip(f"face test data not found at {PERSONS}")
    result = _run(tmp_path, str(PERSONS), "--max", "2")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "enrolled as" in line]
    assert len(lines) == 2 and all("from 5 photos" in line for line in lines)
    assert "*" in lines[0]  # the resident's name is masked
    settings = json.loads(next((tmp_path / "config").glob("*.json")).read_text(encoding="utf-8"))
    video = Path(settings["faces"]["camera_files"])
    assert settings["faces"]["camera_source"] == "files" and video.is_file()
    capture = cv2.VideoCapture(str(video))
    try:
        assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == 2 * 80  # 2 s empty + 6 s in view at 10 fps each
    finally:
        capture.release()

    again = _run(tmp_path, str(PERSONS), "--max", "2")  # run again: the same people, the same residents
    assert again.returncode == 0, again.stderr
    assert [line for line in again.stdout.splitlines() if "enrolled as" in line] == lines


def test_a_folder_without_people_is_refused_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "photos" / "someone").mkdir(parents=True)
    result = _run(tmp_path, str(tmp_path / "photos"))
    assert result.returncode == 2 and "no sub-folder" in result.stderr
    result = _run(tmp_path, str(tmp_path / "missing"))
    assert result.returncode == 2 and "is not a folder" in result.stderr
