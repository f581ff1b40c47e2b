"""A session as a portable bundle: one zip with its JSON and its audio.

This is how a mentor reviews a candidate's session on their own machine: the
candidate exports a bundle, the mentor imports it into their own erbsim.

Layout of the zip:

    manifest.json   {"format": "erbsim-bundle", "format_version": 1,
                     "session_uuid", "exported_at", "exported_by",
                     "audio": [{"path": <turn audio_path as exported>,
                                "member": "audio/<name>", "size", "sha256"}],
                     "missing_audio": [<audio_path whose file was absent>]}
    session.json    the session's document (erbsim.core.store.serialize)
    audio/...       one file per answer recording

Import never extracts by the names in the archive: it reads only the members
the manifest lists, each of which must be a plain name under audio/, checks
size and sha256, and writes them under recordings/<new session id>/ in the
data folder. Importing the same session twice (same uuid) is refused with a
plain message (BundleError), and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from erbsim import __version__
from erbsim.core.store import JSON_FORMAT, StorageError, Store, packet_of, session_to_dict, utc_now_iso

__all__ = ["BUNDLE_FORMAT", "BundleError", "BundleInfo", "ImportResult", "export_bundle", "import_bundle",
           "read_bundle"]

BUNDLE_FORMAT = "erbsim-bundle"
BUNDLE_FORMAT_VERSION = 1
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_AUDIO_BYTES = 4 * 1024 * 1024 * 1024  # all audio together
_MEMBER_RX = re.compile(r"^audio/[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_CHUNK = 1024 * 1024


class BundleError(Exception):
    """A bundle that cannot be written or imported; the message is for people."""


@dataclass(frozen=True)
class BundleInfo:
    session_uuid: str
    started_at: str
    candidate: str | None
    mode: str
    track: str
    turns: int
    audio_files: int
    missing_audio: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    session_id: int
    session_uuid: str
    audio_files: tuple[Path, ...] = ()
    missing_audio: tuple[str, ...] = field(default=())


def _safe_name(audio_path: str, taken: set[str]) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", PurePosixPath(audio_path).name).lstrip("._-") or "audio"
    name = name[:100]
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
    taken.add(candidate)
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export_bundle(store: Store, session_id: int, path: str | os.PathLike) -> Path:
    """Write the session and its audio to a zip at `path` (SessionNotFound if absent)."""
    detail = store.get_session(session_id)
    doc = session_to_dict(detail, store.schema_version, packet_of(store, detail))
    entries: list[dict[str, str | int]] = []  # the manifest's "audio"
    files: list[tuple[Path, str]] = []  # (source, member) to write
    missing: list[str] = []
    taken: set[str] = set()
    seen: dict[str, dict] = {}
    for turn in detail.turns:
        audio = turn.audio_path
        if not audio or audio in seen or audio in missing:
            continue
        source = store.audio_file(audio)
        if not source.is_file():
            missing.append(audio)
            continue
        member = f"audio/{_safe_name(audio, taken)}"
        entry: dict[str, str | int] = {"path": audio, "member": member,
                                       "size": source.stat().st_size, "sha256": _sha256(source)}
        seen[audio] = entry
        entries.append(entry)
        files.append((source, member))
    manifest = {
        "format": BUNDLE_FORMAT, "format_version": BUNDLE_FORMAT_VERSION,
        "session_uuid": detail.session.uuid, "exported_at": utc_now_iso(), "exported_by": f"erbsim {__version__}",
        "audio": entries,
        "missing_audio": missing,
    }
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.writestr("session.json", json.dumps(doc, ensure_ascii=False, indent=2))
            for source, member in files:  # audio is already compressed: store it
                zf.write(source, member, compress_type=zipfile.ZIP_STORED)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _open(path: str | os.PathLike) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise BundleError(f"{path} is not an erbsim bundle (not a readable zip: {error})") from None


def _read_json(zf: zipfile.ZipFile, name: str) -> dict:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise BundleError(f"this is not an erbsim bundle ({name} is missing)") from None
    if info.file_size > MAX_JSON_BYTES:
        raise BundleError(f"{name} in the bundle is too large")
    try:
        data = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise BundleError(f"{name} in the bundle is damaged: {error}") from None
    if not isinstance(data, dict):
        raise BundleError(f"{name} in the bundle is damaged")
    return data


def _load(zf: zipfile.ZipFile) -> tuple[dict, dict]:
    manifest = _read_json(zf, "manifest.json")
    if manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError("this is not an erbsim bundle")
    if int(manifest.get("format_version", 0) or 0) > BUNDLE_FORMAT_VERSION:
        raise BundleError("this bundle was made by a newer erbsim; upgrade erbsim to import it")
    doc = _read_json(zf, "session.json")
    if doc.get("format") != JSON_FORMAT or not isinstance(doc.get("session"), dict):
        raise BundleError("the session in this bundle is not an erbsim session export")
    if doc["session"].get("uuid") != manifest.get("session_uuid"):
        raise BundleError("the bundle's manifest and session do not match")
    return manifest, doc


def read_bundle(path: str | os.PathLike) -> BundleInfo:
    """What a bundle holds, without importing it (for a confirmation)."""
    with _open(path) as zf:
        manifest, doc = _load(zf)
    s = doc["session"]
    return BundleInfo(s.get("uuid", ""), s.get("started_at", ""), s.get("candidate"), s.get("mode", ""),
                      s.get("track", ""), len(doc.get("turns") or ()), len(manifest.get("audio") or ()),
                      tuple(manifest.get("missing_audio") or ()))


def _audio_entries(zf: zipfile.ZipFile, manifest: dict) -> list[tuple[str, zipfile.ZipInfo, str]]:
    """Validated (exported audio path, zip member, sha256) for every listed file."""
    out, total, members = [], 0, set()
    for item in manifest.get("audio") or ():
        if not isinstance(item, dict):
            raise BundleError("the bundle's manifest is damaged")
        member, exported = item.get("member"), item.get("path")
        if not isinstance(member, str) or not _MEMBER_RX.match(member) or ".." in member or member in members:
            raise BundleError(f"the bundle names an unsafe or repeated file: {member!r}")
        if not isinstance(exported, str) or not exported:
            raise BundleError("the bundle's manifest is damaged")
        members.add(member)
        try:
            info = zf.getinfo(member)
        except KeyError:
            raise BundleError(f"the bundle lacks {member}") from None
        if info.is_dir() or info.flag_bits & 0x1:
            raise BundleError(f"{member} in the bundle cannot be read")
        total += info.file_size
        if total > MAX_AUDIO_BYTES:
            raise BundleError("the audio in this bundle is larger than erbsim accepts")
        out.append((exported, info, str(item.get("sha256") or "")))
    return out


def import_bundle(store: Store, path: str | os.PathLike) -> ImportResult:
    """Add the bundle's session, with its audio, to this store's data folder.

    Raises BundleError with a message for people when the file is not a
    bundle, is damaged or unsafe, or when the session is already here."""
    with _open(path) as zf:
        manifest, doc = _load(zf)
        uuid = doc["session"]["uuid"]
        existing = store.session_by_uuid(uuid)
        if existing is not None:
            raise BundleError(f"this session is already here (session {existing.id}); nothing was imported")
        entries = _audio_entries(zf, manifest)
        root = store.data_root.resolve()
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
        try:
            staged: dict[str, Path] = {}
            for exported, info, expected in entries:
                target = staging / PurePosixPath(info.filename).name
                digest, written = hashlib.sha256(), 0
                with zf.open(info) as src, open(target, "wb") as dst:
                    for chunk in iter(lambda: src.read(_CHUNK), b""):
                        written += len(chunk)
                        if written > info.file_size:  # a lying header
                            raise BundleError(f"{info.filename} in the bundle is damaged")
                        digest.update(chunk)
                        dst.write(chunk)
                if expected and digest.hexdigest() != expected:
                    raise BundleError(f"{info.filename} in the bundle is damaged (checksum differs)")
                staged[exported] = target
            try:
                new_id = store.import_session(doc)
            except StorageError as error:
                raise BundleError(str(error)) from None
            except (KeyError, TypeError, ValueError) as error:
                raise BundleError(f"the session in this bundle is damaged: {error}") from None
            moved: list[Path] = []
            try:
                folder = store.recordings_folder(new_id)
                folder.mkdir(parents=True, exist_ok=True)
                new_paths: dict[str, str] = {}
                for exported, source in staged.items():
                    destination = folder / source.name
                    n = 1
                    while destination.exists():
                        n += 1
                        destination = folder / f"{source.stem}-{n}{source.suffix}"
                    shutil.move(str(source), destination)
                    moved.append(destination)
                    new_paths[exported] = destination.relative_to(store.data_root).as_posix()
                # audio the bundle did not carry is no longer on this machine: cleared
                store.set_audio_paths(new_id, new_paths)
            except BaseException:
                store.delete_session(new_id)
                for f in moved:
                    f.unlink(missing_ok=True)
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    missing = tuple(manifest.get("missing_audio") or ())
    return ImportResult(new_id, uuid, tuple(moved), missing)
