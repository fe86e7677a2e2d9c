"""Headless Chromium for the report: a screenshot, the rendered DOM and an A4 print.

Used by the browser tests and by ``scripts/screenshot.py``; not part of the
package. Chromium is started with every flag that stops it reaching for a
network, and a fresh profile each time.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Nothing to reach: every host name fails to resolve and every proxy is a dead end.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--force-device-scale-factor=1",
)


def find_chromium() -> str | None:
    """The Chromium executable on the PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium() -> str:
    """The Chromium executable, or an error that says how to install it."""
    found = find_chromium()
    if found:
        return found
    raise RuntimeError(
        "Chromium is needed for the browser tests: install Debian's `chromium` package"
        " (apt-get install chromium)"
    )


def run(page: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium on ``page`` with ``args``, in a profile made for this run."""
    with tempfile.TemporaryDirectory(prefix="perfcontract-chromium-") as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        return subprocess.run(
            command,
            capture_output=True,
            timeout=timeout,
            check=True,
            env={**os.environ, "HOME": profile},
        )


def screenshot(page: Path, out: Path, width: int = 1200, height: int = 3000) -> Path:
    """A PNG of ``page`` rendered in a window ``width`` x ``height`` pixels."""
    run(page, f"--screenshot={out.resolve()}", f"--window-size={width},{height}")
    return out


def dom(page: Path, width: int = 1200, height: int = 3000) -> str:
    """The page's DOM after rendering (and after any script in it has run)."""
    size = f"--window-size={width},{height}"
    result = run(page, "--dump-dom", size, "--virtual-time-budget=2000")
    return result.stdout.decode("utf-8")


def print_pdf(page: Path, out: Path) -> Path:
    """The page printed to PDF as the page's own CSS asks (A4 for the report)."""
    run(page, f"--print-to-pdf={out.resolve()}", "--no-pdf-header-footer")
    return out


def read_png(path: Path) -> np.ndarray:
    """The pixels of an 8-bit RGB or RGBA PNG (as Chromium writes) as an (h, w, channels) array."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG file")
    chunks: dict[bytes, list[bytes]] = {}
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunks.setdefault(kind, []).append(data[at + 8 : at + 8 + length])
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"][0])
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"{path}: only 8-bit, non-interlaced RGB or RGBA PNG is read here")
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(b"".join(chunks[b"IDAT"])), dtype=np.uint8)
    rows = raw.reshape(height, stride + 1)
    out = np.zeros((height, stride), dtype=np.int32)
    for y in range(height):
        kind, line = rows[y, 0], rows[y, 1:].astype(np.int32)
        above = out[y - 1] if y else np.zeros(stride, dtype=np.int32)
        if kind == 0:
            out[y] = line
        elif kind == 1:
            out[y] = np.cumsum(line.reshape(width, channels), axis=0).reshape(stride) & 0xFF
        elif kind == 2:
            out[y] = (line + above) & 0xFF
        elif kind in (3, 4):
            # These depend on the pixel to the left, already decoded: one pixel at a time.
            row = np.zeros(stride, dtype=np.int32)
            for x in range(stride):
                left = row[x - channels] if x >= channels else 0
                corner = above[x - channels] if x >= channels else 0
                if kind == 3:
                    predicted = (left + above[x]) // 2
                else:
                    p = left + above[x] - corner
                    pa, pb, pc = abs(p - left), abs(p - above[x]), abs(p - corner)
                    predicted = left if pa <= pb and pa <= pc else above[x] if pb <= pc else corner
                row[x] = (line[x] + predicted) & 0xFF
            out[y] = row
        else:
            raise ValueError(f"{path}: unknown PNG filter {kind}")
    return out.astype(np.uint8).reshape(height, width, channels)


def write_png(path: Path, pixels: np.ndarray) -> Path:
    """Write an (h, w, 3) uint8 array as an RGB PNG."""
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    return path
