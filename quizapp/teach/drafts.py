"""Uploaded files kept between the import preview and its confirmation (instance/imports/)."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

MAX_AGE_SECONDS = 24 * 3600


@dataclass
class Draft:
    token: str
    teacher_id: int
    filename: str
    fmt: str | None
    module: str
    raw: bytes


def _folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_draft(
    instance_path: str, teacher_id: int, filename: str, fmt: str | None, module: str, raw: bytes
) -> str:
    folder = _folder(instance_path)
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.bin").write_bytes(raw)
    meta = {"teacher_id": teacher_id, "filename": filename, "fmt": fmt, "module": module}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_draft(instance_path: str, token: str, teacher_id: int) -> Draft | None:
    """The draft, only for the teacher who uploaded it."""
    folder = _folder(instance_path)
    meta_path, raw_path = folder / f"{token}.json", folder / f"{token}.bin"
    if not meta_path.exists() or not raw_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta["teacher_id"] != teacher_id:
        return None
    return Draft(
        token, teacher_id, meta["filename"], meta["fmt"], meta["module"], raw_path.read_bytes()
    )


def delete_draft(instance_path: str, token: str) -> None:
    for suffix in (".json", ".bin"):
        (_folder(instance_path) / f"{token}{suffix}").unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Forget uploads nobody confirmed within a day."""
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
