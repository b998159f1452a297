"""Decode-rate and timing benchmark for the barcode backends and the pipeline.

    uv run python bench/decode.py [--data DIR] [--rotations 0,90] [--out FILE]

DIR is laid out like the shared data: ``manifest.csv`` (set,file,format,expected_text)
and ``<set>/<file>`` images; a set whose format is ``NONE`` holds no barcode, so every
read there is a false read. Default DIR: ``<repo>/../shared/data/barcodes``.

Decode rates: every image as loaded (grey, original size), at each rotation in
``--rotations`` (default 0 and 90 degrees: products are held any way up);
rate = correct / (images x rotations). A decode is correct when any read's canonical
text equals ``expected_text`` exactly; a misread is a non-empty answer without it.

Timing: every image resized to 640x480 (rotation 0), one decode per backend, single
OpenCV thread, ``time.perf_counter`` around ``decode`` (grey conversion included).

The pipeline's stages were chosen on even-numbered files only; ``holdout`` in the
output repeats the counts on odd-numbered files, which played no part in that choice.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from common import machine  # noqa: E402  (bench/ is on sys.path when run as a script)

from devices.barcode import (  # noqa: E402
    Decoder,
    FallbackDecoder,
    OpenCVDecoder,
    PipelineDecoder,
    PyzbarDecoder,
    ZxingDecoder,
)

DEFAULT_DATA = REPO.parent / "shared" / "data" / "barcodes"
DEFAULT_OUT = REPO / "bench" / "results" / "decode.json"
NEGATIVE = "NONE"
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


@dataclass(frozen=True)
class Sample:
    set: str
    file: str
    format: str
    expected: str

    @property
    def holdout(self) -> bool:
        digits = "".join(c for c in Path(self.file).stem if c.isdigit())
        return bool(digits) and int(digits) % 2 == 1


def load_manifest(data: Path) -> list[Sample]:
    with open(data / "manifest.csv", newline="", encoding="utf-8") as fh:
        return [Sample(r["set"], r["file"], r["format"], r["expected_text"])
                for r in csv.DictReader(fh)]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def backends() -> tuple[dict[str, Decoder], dict[str, str]]:
    candidates: list[Decoder] = [ZxingDecoder(), PyzbarDecoder(), OpenCVDecoder(),
                                 FallbackDecoder(), PipelineDecoder()]
    usable: dict[str, Decoder] = {}
    skipped: dict[str, str] = {}
    for dec in candidates:
        ok, reason = dec.available()
        if ok:
            usable[dec.name] = dec
        else:
            skipped[dec.name] = reason
    return usable, skipped


def run(data: Path, rotations: list[int]) -> dict[str, object]:
    cv2.setNumThreads(1)
    samples = load_manifest(data)
    decs, skipped = backends()
    sets = sorted({s.set for s in samples})
    negative_sets = {s.set for s in samples if s.format == NEGATIVE}
    n_images = Counter(s.set for s in samples)

    correct: Counter[tuple[str, str]] = Counter()
    correct_holdout: Counter[tuple[str, str]] = Counter()
    misreads: Counter[tuple[str, str]] = Counter()
    misread_examples: dict[str, list[str]] = defaultdict(list)
    stage_hits: Counter[str] = Counter()
    for sample in samples:
        gray0 = cv2.imread(str(data / sample.set / sample.file), cv2.IMREAD_GRAYSCALE)
        if gray0 is None:
            raise SystemExit(f"cannot read {sample.set}/{sample.file}")
        for rot in rotations:
            gray = np.ascontiguousarray(cv2.rotate(gray0, _ROTATE[rot]) if rot else gray0)
            for name, dec in decs.items():
                if isinstance(dec, PipelineDecoder) and name == "pipeline":
                    res = dec.decode_verbose(gray)
                    texts = [r.text for r in res.reads]
                    stage_hits[res.stage or "none"] += 1
                else:
                    texts = [r.text for r in dec.decode(gray)]
                key = (sample.set, name)
                if sample.format != NEGATIVE and sample.expected in texts:
                    correct[key] += 1
                    correct_holdout[key] += sample.holdout
                elif texts:
                    misreads[key] += 1
                    if len(misread_examples[name]) < 20:
                        misread_examples[name].append(
                            f"{sample.set}/{sample.file}@{rot}: {texts} (expected "
                            f"{sample.expected!r})")

    # Timing on 640x480 frames.
    times: dict[str, list[float]] = {name: [] for name in decs}
    times_empty: dict[str, list[float]] = {name: [] for name in decs}
    warm = np.zeros((480, 640), np.uint8)
    for dec in decs.values():
        dec.decode(warm)
    for sample in samples:
        gray0 = cv2.imread(str(data / sample.set / sample.file), cv2.IMREAD_GRAYSCALE)
        frame = np.ascontiguousarray(cv2.resize(gray0, (640, 480)))
        for name, dec in decs.items():
            t0 = time.perf_counter()
            dec.decode(frame)
            ms = (time.perf_counter() - t0) * 1000
            times[name].append(ms)
            if sample.format == NEGATIVE:
                times_empty[name].append(ms)

    metrics: dict[str, float | int] = {}
    per_set: dict[str, dict[str, object]] = {}
    for s in sets:
        denom = n_images[s] * len(rotations)
        row: dict[str, object] = {"images": n_images[s], "decodes": denom}
        for name in decs:
            if s in negative_sets:
                metrics[f"false_reads_{s.split('-')[0]}_{name}"] = misreads[(s, name)]
                row[name] = {"false_reads": misreads[(s, name)]}
            else:
                metrics[f"rate_{s}_{name}"] = round(correct[(s, name)] / denom, 4)
                row[name] = {"correct": correct[(s, name)], "misreads": misreads[(s, name)]}
        per_set[s] = row
    positives = sum(n_images[s] for s in sets if s not in negative_sets) * len(rotations)
    totals: dict[str, dict[str, int]] = {}
    for name in decs:
        ok = sum(correct[(s, name)] for s in sets)
        metrics[f"correct_total_{name}"] = ok
        metrics[f"rate_total_{name}"] = round(ok / positives, 4)
        metrics[f"misreads_total_{name}"] = sum(misreads[(s, name)] for s in sets
                                                if s not in negative_sets)
        metrics[f"{name}_ms_median"] = round(statistics.median(times[name]), 2)
        metrics[f"{name}_ms_p95"] = round(percentile(times[name], 95), 2)
        if times_empty[name]:  # frames without a code: what an idle camera costs
            metrics[f"{name}_ms_median_empty"] = round(statistics.median(times_empty[name]), 2)
        totals[name] = {"all": ok, "holdout": sum(correct_holdout[(s, name)] for s in sets)}
    holdout_positives = sum(1 for s in samples
                            if s.format != NEGATIVE and s.holdout) * len(rotations)
    return {
        "metrics": metrics,
        "machine": machine(("zxing-cpp", "pyzbar", "opencv-python-headless", "numpy"), opencv_threads=cv2.getNumThreads()),
        "method": {
            "data": str(data),
            "rotations": rotations,
            "rates": "correct / (images x rotations), original image size, grey",
            "timing": "each image resized to 640x480, rotation 0, one call, 1 OpenCV thread; "
                      "*_ms_median_empty: the same over the negative set's frames only",
            "positive_decodes": positives,
            "holdout_positive_decodes": holdout_positives,
        },
        "skipped_backends": skipped,
        "per_set": per_set,
        "totals": totals,
        "pipeline_stage_hits": dict(stage_hits),
        "misread_examples": dict(misread_examples),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rotations", default="0,90",
                    help="comma-separated, from 0/90/180/270 (default 0,90)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="JSON file to write (default bench/results/decode.json)")
    ap.add_argument("--no-write", action="store_true", help="only print")
    args = ap.parse_args(argv)
    rotations = [int(r) for r in args.rotations.split(",") if r.strip()]
    if any(r not in (0, 90, 180, 270) for r in rotations):
        ap.error("rotations must be 0, 90, 180 or 270")
    result = run(args.data.resolve(), rotations)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
