"""Barcode decoding for camera frames (no Qt here: ``gui/`` wraps it in workers and signals).

Quick use::

    from devices.barcode import PipelineDecoder, FrameConsensus
    decoder = PipelineDecoder()
    consensus = FrameConsensus()
    for frame in frames:                      # BGR or grey numpy arrays
        for code in consensus.feed(decoder.decode(frame)):
            ring_up(code.gtin or code.text)
"""

from devices.barcode.consensus import FrameConsensus, RepeatSuppressor
from devices.barcode.normalize import canonical
from devices.barcode.opencv_backend import OpenCVDecoder
from devices.barcode.pipeline import FallbackDecoder, PipelineDecoder, PipelineResult, Stage
from devices.barcode.pyzbar_backend import PyzbarDecoder
from devices.barcode.types import (
    ALL_FORMATS,
    BarcodeFormat,
    Decoder,
    DecoderUnavailable,
    Image,
    Read,
)
from devices.barcode.zxing_backend import ZxingDecoder

__all__ = [
    "ALL_FORMATS",
    "BarcodeFormat",
    "Decoder",
    "DecoderUnavailable",
    "FallbackDecoder",
    "FrameConsensus",
    "Image",
    "OpenCVDecoder",
    "PipelineDecoder",
    "PipelineResult",
    "PyzbarDecoder",
    "Read",
    "RepeatSuppressor",
    "Stage",
    "ZxingDecoder",
    "canonical",
]
