"""`erbsim export ID --format md|html|json|pdf`, and the one PDF path.

`erbsim review export-pdf ID --out FILE` is the same command with the
format fixed to PDF: both end in `print_pdf()`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from erbsim.cli.errors import CommandError, writing
from erbsim.cli.store_access import with_store
from erbsim.core.export import EXPORT_FORMATS, PDF_FORMAT


def register(commands, bench_commands) -> None:
    export = commands.add_parser("export", help="export a session as Markdown, HTML, JSON or PDF")
    export.add_argument("id", type=int, metavar="ID")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="md")
    export.add_argument("--out", type=Path, metavar="FILE", help="write here instead of standard output")
    export.set_defaults(func=export_session)


def add_pdf_command(actions) -> None:
    """`<family> export-pdf ID --out FILE.pdf`, an alias of `export ID --format pdf --out FILE.pdf`."""
    pdf = actions.add_parser("export-pdf", help="print a session to PDF")
    pdf.add_argument("id", type=int, metavar="ID")
    pdf.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    pdf.set_defaults(func=export_session, format=PDF_FORMAT)


@with_store(create=False)
def export_session(store, args) -> int:
    from erbsim.core.export import export_session as render
    from erbsim.core.store import SessionNotFound

    if store is None:
        raise SessionNotFound(args.id)
    if args.format == PDF_FORMAT:
        return print_pdf(store, args.id, args.out)
    text = render(store, args.id, args.format)
    if args.out:
        with writing(args.out):
            args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def print_pdf(store, session_id: int, out: Path | None) -> int:
    """Print a session to PDF with Qt (erbsim/ui/review/pdf.py); the page count goes to stderr."""
    if not out:
        raise CommandError("--format pdf needs --out FILE")
    from erbsim.ui.review.pdf import export_pdf

    with writing(out):
        pages = export_pdf(store, session_id, out)
    print(f"wrote {out} ({pages} pages)", file=sys.stderr)
    return 0
