"""`erbsim packet list|import|export|show|check|delete`: the candidate's packets
in the data folder, as Markdown or YAML files (docs/packet.md)."""

from __future__ import annotations

import json
import sys
import uuid as uuid_module
from dataclasses import replace
from pathlib import Path

from erbsim.cli.errors import CommandError
from erbsim.cli.store_access import with_store


def register(commands, bench_commands) -> None:
    parser = commands.add_parser("packet", help="import, export, show and check the candidate's packets")
    actions = parser.add_subparsers(dest="packet_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the packets in the data folder, most recently changed first")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(func=list_packets)

    importing = actions.add_parser("import", help="add a packet from a .md or .yaml file; prints its id")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--name", help="the packet's name (default: the name in the file)")
    importing.set_defaults(func=import_packet)

    export = actions.add_parser("export", help="write a packet to a .md or .yaml file (by its suffix)")
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("file", type=Path, metavar="FILE")
    export.set_defaults(func=export_packet)

    show = actions.add_parser("show", help="print a packet as Markdown (or JSON)")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="print the packet's plain-data form with its id")
    show.set_defaults(func=show_packet)

    check = actions.add_parser("check", help="what the board will find missing, example by example")
    check.add_argument("target", metavar="ID|FILE", help="a packet id, or a .md/.yaml packet file")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=check_packet)

    delete = actions.add_parser("delete", help="delete a packet (sessions about it keep their answers)")
    delete.add_argument("id", type=int, metavar="ID")
    delete.set_defaults(func=delete_packet)


def _load_file(path: Path):
    from erbsim.core.packet import PacketError, load_packet_file

    try:
        return load_packet_file(path)
    except PacketError as error:
        raise CommandError(str(error)) from error


def _stored(store, packet_id: int):
    """The stored packet `packet_id` as a Packet (its uuid from the row when the body has none)."""
    from erbsim.core.packet import Packet, PacketError
    from erbsim.core.store import PacketNotFound

    if store is None:
        raise PacketNotFound(packet_id)
    row = store.get_packet(packet_id)
    try:
        packet = Packet.from_dict(row.body)
    except PacketError as error:
        raise CommandError(f"packet {packet_id} cannot be read: {error}") from error
    return row, packet if packet.uuid else replace(packet, uuid=row.uuid)


def _not_found(error) -> CommandError:
    return CommandError(f"{error} (see `erbsim packet list`)")


@with_store(create=False)
def list_packets(store, args) -> int:
    from erbsim.core.export import local_time

    rows = [] if store is None else store.list_packets()
    items = [{"id": r.id, "uuid": r.uuid, "name": r.name, "candidate": r.candidate, "track": r.track,
              "examples": len(r.body.get("examples") or []), "created_at": r.created_at,
              "updated_at": r.updated_at} for r in rows]
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("No packets yet. Add one with `erbsim packet import FILE`.", file=sys.stderr)
        return 0
    print(f"{'ID':>4}  {'UPDATED':<16}  {'TRACK':<9}  {'EX':>2}  {'NAME':<32}  CANDIDATE")
    for item in items:
        print(f"{item['id']:>4}  {local_time(item['updated_at']):<16}  {item['track']:<9}  {item['examples']:>2}  "
              f"{item['name']:<32}  {item['candidate']}")
    return 0


def import_packet(args) -> int:
    # The file is read before the store is opened: a file that does not read leaves the data folder as it was.
    packet = _load_file(args.file)
    if args.name is not None:
        name = args.name.strip()
        if not name:
            raise CommandError("--name: a packet needs a name")
        packet = replace(packet, name=name)
    args.packet = packet
    return _save_imported(args)


@with_store(create=True, writes=True)
def _save_imported(store, args) -> int:
    packet = args.packet
    # A file imported twice (or a copy renamed) becomes a packet of its own.
    if not packet.uuid or any(r.uuid == packet.uuid for r in store.list_packets()):
        packet = replace(packet, uuid=str(uuid_module.uuid4()))
    print(store.save_packet(packet.to_dict()))
    return 0


@with_store(create=False)
def export_packet(store, args) -> int:
    from erbsim.core.packet import PacketError, save_packet_file
    from erbsim.core.store import PacketNotFound

    try:
        _row, packet = _stored(store, args.id)
    except PacketNotFound as error:
        raise _not_found(error) from error
    try:
        save_packet_file(packet, args.file)
    except PacketError as error:
        raise CommandError(str(error)) from error
    print(f"packet {args.id} written to {args.file}", file=sys.stderr)
    return 0


@with_store(create=False)
def show_packet(store, args) -> int:
    from erbsim.core.packet import packet_to_markdown
    from erbsim.core.store import PacketNotFound

    try:
        row, packet = _stored(store, args.id)
    except PacketNotFound as error:
        raise _not_found(error) from error
    if args.json:
        data = {"id": row.id, "created_at": row.created_at, "updated_at": row.updated_at, **packet.to_dict()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(packet_to_markdown(packet))
    return 0


def check_packet(args) -> int:
    from erbsim.core.packet.check import STEP_NAMES, check_packet

    target = args.target
    path = Path(target)
    if target.isdigit() and not path.exists():
        packet = _check_stored(args)
    else:
        packet = _load_file(path)
    findings = check_packet(packet)
    if args.json:
        print(json.dumps({"packet": packet.name, "examples": [e.id for e in packet.examples],
                          "findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
        return 0
    high = sum(1 for f in findings if f.severity == "high")
    print(f"{packet.name}: {len(packet.examples)} example(s), {len(findings)} finding(s), {high} serious")
    titles = {e.id: e.title for e in packet.examples}
    current = None
    for finding in findings:
        if finding.example_id != current:
            current = finding.example_id
            print(f"\n{current}  {titles.get(current, '')}" if current else "\nThe packet")
        where = STEP_NAMES[finding.step] if finding.example_id else "Packet"
        print(f"  [{finding.severity}] {where}: {finding.message}")
        print(f"    → {finding.advice}")
    if not findings:
        print("Nothing the board would find missing.")
    return 0


@with_store(create=False)
def _check_stored(store, args):
    from erbsim.core.store import PacketNotFound

    try:
        return _stored(store, int(args.target))[1]
    except PacketNotFound as error:
        raise _not_found(error) from error


@with_store(create=False, writes=True)
def delete_packet(store, args) -> int:
    from erbsim.core.store import PacketNotFound

    try:
        if store is None:
            raise PacketNotFound(args.id)
        store.delete_packet(args.id)
    except PacketNotFound as error:
        raise _not_found(error) from error
    print(f"packet {args.id} deleted", file=sys.stderr)
    return 0
