"""The camera the face workflows use (the pickup check and enrolment)."""

from __future__ import annotations

from pathlib import Path

from devices.camera import FrameSource
from services.core.settings import CameraSettings, Settings


def face_camera_settings(settings: Settings) -> CameraSettings | None:
    """The camera the pickup check uses, or None when there is none with faces (the demo camera)."""
    faces, camera = settings.faces, settings.camera
    if faces.camera_source == "device":
        return CameraSettings(source="device", device=faces.camera_device, width=camera.width, height=camera.height)
    if faces.camera_source == "files":
        if not faces.camera_files:
            return None
        return CameraSettings(source="files", virtual_source=faces.camera_files, virtual_fps=camera.virtual_fps)
    if camera.source == "demo" or (camera.source == "files" and not camera.virtual_source):
        return None
    return camera


def open_face_camera(cfg: CameraSettings) -> FrameSource:
    """Blocking (on a worker): the frame source for ``cfg``."""
    from gui.device_hub import make_camera_source

    return make_camera_source(cfg, Path(), [])
