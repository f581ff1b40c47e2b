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

A bundle comes from someone else's machine, so import trusts nothing in it.
Before anything is written, the manifest and the session document are checked
against their schema (types, ranges, repeated turn positions, nesting depth, a
newer format or schema version: erbsim.core.store.document_check), every
listed file must be a plain name under audio/ that some answer uses, and the
sizes declared in the manifest and in the zip must agree and stay within
bounds (per file, in total, and in compression ratio) before a byte is
extracted. Import never extracts by the names in the archive: it reads only
the members the manifest lists into a staging folder inside the data folder,
checks each one's size, sha256 and that it is audio that decodes, writes the
session in one transaction, and only then moves the files under
recordings/<new session id>/. Importing the same session twice (same uuid,
whatever its letter case) is refused. Every refusal is a BundleError with one
line for people, and leaves the database and the recordings folder as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from erbsim import __version__
from erbsim.core.store import (
    JSON_FORMAT,
    JSON_FORMAT_VERSION,
    SCHEMA_VERSION,
    StorageError,
    Store,
    packet_of,
    session_to_dict,
    utc_now_iso,
)
from erbsim.core.store.document_check import MAX_DEPTH, DocumentError, check_session_document, depth, normal_uuid

__all__ = ["BUNDLE_FORMAT", "BundleError", "BundleInfo", "ImportResult", "export_bundle", "import_bundle",
           "read_bundle"]

BUNDLE_FORMAT = "erbsim-bundle"
BUNDLE_FORMAT_VERSION = 1
MAX_JSON_BYTES = 16 * 1024 * 1024  # a three-hour session with word timings is about 2 MB
MAX_AUDIO_FILE_BYTES = 512 * 1024 * 1024  # one recording: 2 h 20 min of 16 kHz WAV
MAX_AUDIO_BYTES = 1024 * 1024 * 1024  # all audio together
MAX_AUDIO_FILES = 10_000
MAX_MEMBERS = 20_000  # files in the zip, listed or not
MAX_RATIO = 50  # uncompressed / compressed, for audio: recordings are stored; Opus and speech barely deflate
RATIO_FREE_BYTES = 1024 * 1024  # smaller members may compress as well as they like
_MEMBER_RX = re.compile(r"^audio/[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")
_SHA256_RX = re.compile(r"^[0-9a-fA-F]{64}$")
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
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BundleError(f"{path} is a folder, not an erbsim bundle") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise BundleError(f"{path} is not an erbsim bundle (not a readable zip: {error})") from None
    if len(zf.infolist()) > MAX_MEMBERS:
        zf.close()
        raise BundleError(f"this is not an erbsim bundle (it holds more than {MAX_MEMBERS:,} files)")
    return zf


def _member(zf: zipfile.ZipFile, name: str, limit: int, *, audio: bool = False) -> zipfile.ZipInfo:
    """The zip member `name`, refused before it is read when it says it is
    larger than `limit`, is encrypted, or (`audio`) is compressed better than
    any recording is."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise BundleError(f"the bundle lacks {name}") from None
    if info.is_dir() or info.flag_bits & 0x1:
        raise BundleError(f"{name} in the bundle cannot be read")
    if info.file_size > limit:
        raise BundleError(f"{name} in the bundle is too large ({info.file_size:,} bytes; at most {limit:,})")
    if audio and info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise BundleError(f"{name} in the bundle is compressed {info.file_size // max(info.compress_size, 1):,} "
                          "to 1, which no recording or session is; refused")
    return info


def _read_json(zf: zipfile.ZipFile, name: str) -> dict:
    try:
        info = _member(zf, name, MAX_JSON_BYTES)
    except BundleError as error:
        if "lacks" in str(error):
            raise BundleError(f"this is not an erbsim bundle ({name} is missing)") from None
        raise
    try:
        with zf.open(info) as f:
            raw = f.read(MAX_JSON_BYTES + 1)
        if len(raw) > MAX_JSON_BYTES:
            raise BundleError(f"{name} in the bundle is too large")
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise BundleError(f"{name} in the bundle is nested too deeply") from None
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError,
            zlib.error) as error:
        raise BundleError(f"{name} in the bundle is damaged: {str(error)[:200]}") from None
    if not isinstance(data, dict):
        raise BundleError(f"{name} in the bundle is damaged (not a JSON object)")
    if depth(data) > MAX_DEPTH:
        raise BundleError(f"{name} in the bundle is nested more than {MAX_DEPTH} levels deep")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _load(zf: zipfile.ZipFile) -> tuple[dict, dict]:
    """The manifest and the session document, both checked (see _check_manifest,
    erbsim.core.store.document_check); nothing is written."""
    manifest = _read_json(zf, "manifest.json")
    if manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError("this is not an erbsim bundle")
    version = manifest.get("format_version", 0)
    if isinstance(version, bool) or not isinstance(version, int):
        raise BundleError("the bundle's manifest is damaged: format_version must be a whole number")
    if version > BUNDLE_FORMAT_VERSION:
        raise BundleError("this bundle was made by a newer erbsim; upgrade erbsim to import it")
    manifest = _check_manifest(manifest)
    raw = _read_json(zf, "session.json")
    if raw.get("format") != JSON_FORMAT or not isinstance(raw.get("session"), dict):
        raise BundleError("the session in this bundle is not an erbsim session export")
    try:
        doc = check_session_document(raw, json_format=JSON_FORMAT, json_format_version=JSON_FORMAT_VERSION,
                                     schema_version=SCHEMA_VERSION)
    except DocumentError as error:
        if "newer erbsim" in str(error):
            raise BundleError(str(error)) from None
        raise BundleError(f"the session in this bundle is damaged: {error}") from None
    if doc["session"]["uuid"] != manifest["session_uuid"]:
        raise BundleError("the bundle's manifest and session do not match")
    audio_paths = {t["audio_path"] for t in doc["turns"] if t["audio_path"]}
    for item in manifest["audio"]:
        if item["path"] not in audio_paths:
            raise BundleError(f"the bundle carries {item['member']}, which no answer in the session uses")
    return manifest, doc


def _check_manifest(manifest: dict) -> dict:
    """The manifest's fields, typed and bounded; BundleError names the first wrong one."""
    def damaged(what: str) -> BundleError:
        return BundleError(f"the bundle's manifest is damaged: {what}")

    try:
        session_uuid = normal_uuid(manifest.get("session_uuid"))
    except DocumentError:
        raise damaged("session_uuid must be a UUID") from None
    listed, missing = manifest.get("audio", []), manifest.get("missing_audio", [])
    if listed is None:
        listed = []
    if missing is None:
        missing = []
    if not isinstance(listed, list) or len(listed) > MAX_AUDIO_FILES:
        raise damaged(f"audio must be a list of at most {MAX_AUDIO_FILES:,} files")
    if not isinstance(missing, list) or len(missing) > MAX_AUDIO_FILES \
            or not all(isinstance(m, str) and len(m) <= 1000 for m in missing):
        raise damaged("missing_audio must be a list of file names")
    audio: list[dict[str, Any]] = []
    members: set[str] = set()
    paths: set[str] = set()
    for i, item in enumerate(listed):
        if not isinstance(item, dict):
            raise damaged(f"audio[{i}] must be a mapping")
        member, exported, size, digest = item.get("member"), item.get("path"), item.get("size"), item.get("sha256")
        if not isinstance(member, str) or not _MEMBER_RX.match(member) or ".." in member or member in members:
            raise BundleError(f"the bundle names an unsafe or repeated file: {str(member)[:100]!r}")
        if not isinstance(exported, str) or not exported or len(exported) > 1000 or exported in paths:
            raise damaged(f"audio[{i}].path must be a file name, named once")
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= MAX_AUDIO_FILE_BYTES:
            raise BundleError(f"{member} in the bundle is too large or has no size "
                              f"(at most {MAX_AUDIO_FILE_BYTES:,} bytes a recording)")
        if not isinstance(digest, str) or not _SHA256_RX.match(digest):
            raise damaged(f"audio[{i}].sha256 must be 64 hexadecimal digits")
        members.add(member)
        paths.add(exported)
        audio.append({"member": member, "path": exported, "size": size, "sha256": digest.lower()})
    if sum(item["size"] for item in audio) > MAX_AUDIO_BYTES:
        raise BundleError(f"the audio in this bundle is larger than erbsim accepts ({MAX_AUDIO_BYTES:,} bytes)")
    return {"session_uuid": session_uuid, "audio": audio, "missing_audio": [str(m) for m in missing]}


def read_bundle(path: str | os.PathLike) -> BundleInfo:
    """What a bundle holds, without importing it (for a confirmation)."""
    with _open(path) as zf:
        manifest, doc = _load(zf)
    s = doc["session"]
    return BundleInfo(s["uuid"], s["started_at"], s["candidate"], s["mode"], s["track"], len(doc["turns"]),
                      len(manifest["audio"]), tuple(manifest["missing_audio"]))


def _audio_entries(zf: zipfile.ZipFile, manifest: dict) -> list[tuple[str, zipfile.ZipInfo, str]]:
    """(exported audio path, zip member, sha256) for every listed file, each
    member's declared size checked against the manifest before anything is read."""
    out = []
    for item in manifest["audio"]:
        info = _member(zf, item["member"], MAX_AUDIO_FILE_BYTES, audio=True)
        if info.file_size != item["size"]:
            raise BundleError(f"{item['member']} in the bundle is damaged (its size differs from the manifest's)")
        out.append((item["path"], info, item["sha256"]))
    return out


def _stage(zf: zipfile.ZipFile, info: zipfile.ZipInfo, expected: str, target: Path,
           check_audio: Callable[[Path], str | None]) -> None:
    """Extract one member to `target`, never past its declared size; check its sha256 and that it decodes."""
    digest, written = hashlib.sha256(), 0
    try:
        with zf.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size:  # a lying header
                    raise BundleError(f"{info.filename} in the bundle is damaged")
                digest.update(chunk)
                dst.write(chunk)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, zlib.error) as error:
        raise BundleError(f"{info.filename} in the bundle is damaged: {str(error)[:200]}") from None
    if written != info.file_size:
        raise BundleError(f"{info.filename} in the bundle is damaged (shorter than it says)")
    if digest.hexdigest() != expected:
        raise BundleError(f"{info.filename} in the bundle is damaged (checksum differs)")
    problem = check_audio(target)
    if problem:
        raise BundleError(f"{info.filename} in the bundle {problem}")


def import_bundle(store: Store, path: str | os.PathLike, *,
                  check_audio: Callable[[Path], str | None]) -> ImportResult:
    """Add the bundle's session, with its audio, to this store's data folder.

    All or nothing: the manifest and the session document are checked first;
    the audio is extracted to a staging folder inside the data folder (sizes
    bounded, checksums and `check_audio` — erbsim.speech.recording.check_recording
    in the app and the CLI — checked); the session is written in one
    transaction; only after it commits are the files moved into place. Raises
    BundleError with one line for people when the file is not a bundle, is
    damaged, unsafe or too large, or when the session is already here; then
    the database and the recordings folder are as they were."""
    with _open(path) as zf:
        manifest, doc = _load(zf)
        uuid = doc["session"]["uuid"]
        existing = store.session_by_uuid(uuid)
        if existing is not None:
            raise BundleError(f"this session is already here (session {existing.id}); nothing was imported")
        entries = _audio_entries(zf, manifest)
        try:
            root = store.data_root.resolve()
            root.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".import-", dir=root))
            try:
                staged: dict[str, Path] = {}
                for exported, info, expected in entries:
                    target = staging / PurePosixPath(info.filename).name
                    _stage(zf, info, expected, target, check_audio)
                    staged[exported] = target
                places: dict[str, Path] = {}

                def place(new_id: int) -> dict[str, str]:
                    """Where each staged file goes (decided inside the transaction; nothing moved yet)."""
                    folder = store.recordings_folder(new_id)
                    for exported, source in staged.items():
                        destination, n = folder / source.name, 1
                        while destination.exists() or destination in places.values():
                            n += 1
                            destination = folder / f"{source.stem}-{n}{source.suffix}"
                        places[exported] = destination
                    return {exported: d.relative_to(store.data_root).as_posix() for exported, d in places.items()}

                packets_before = {p.id for p in store.list_packets()}
                try:
                    new_id = store.import_session(doc, audio_paths=place)
                except StorageError as error:
                    raise BundleError(str(error)) from None
                except (KeyError, TypeError, ValueError, OverflowError, sqlite3.IntegrityError) as error:
                    raise BundleError(f"the session in this bundle is damaged: {error}") from None
                moved: list[Path] = []
                try:
                    for exported, destination in places.items():
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        os.replace(staged[exported], destination)  # same file system: a rename
                        moved.append(destination)
                except BaseException:
                    store.delete_session(new_id)
                    for packet in store.list_packets():
                        if packet.id not in packets_before:
                            store.delete_packet(packet.id)
                    for f in moved:
                        f.unlink(missing_ok=True)
                    raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError as error:  # a full disk, a read-only folder: nothing is left half-written
            raise BundleError(f"could not write to the data folder: {error.strerror or error}") from None
    return ImportResult(new_id, uuid, tuple(moved), tuple(manifest["missing_audio"]))
