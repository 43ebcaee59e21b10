"""Hostile PDFs built at test time: bombs, loops, encryption, forgeries."""

import io
import zlib

from pypdf import PdfWriter

from collab.documents import PDF_KEYWORD_PREFIX


def _classic_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """Objects 1..n with a classic xref table; object 1 is the catalogue."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer_extra))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def decompression_bomb(code: str, inflated_mb: int = 400) -> bytes:
    """A small PDF whose metadata (carrying `code`) sits in an object stream that inflates to
    `inflated_mb` MB: a reader must inflate it to find the code."""
    info = b"<< /Keywords (" + (PDF_KEYWORD_PREFIX + code).encode() + b") >>"
    header = b"3 0 "
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(header + info + b" ")]
    megabyte = b" " * (1 << 20)
    parts.extend(compressor.compress(megabyte) for _ in range(inflated_mb))
    parts.append(compressor.flush())
    stream = b"".join(parts)

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {1: out.tell()}
    out.write(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    offsets[2] = out.tell()
    out.write(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    offsets[4] = out.tell()
    out.write(
        b"4 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(stream))
    )
    out.write(stream + b"\nendstream\nendobj\n")
    xref = out.tell()

    def row(kind, field2, field3):
        return bytes([kind]) + field2.to_bytes(4, "big") + bytes([field3])

    rows = b"".join(
        [
            row(0, 0, 255),
            row(1, offsets[1], 0),
            row(1, offsets[2], 0),
            row(2, 4, 0),  # object 3 is the first object in stream 4
            row(1, offsets[4], 0),
            row(1, xref, 0),
        ]
    )
    out.write(
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 1] /Root 1 0 R /Info 3 0 R /Length %d >>\n"
        b"stream\n" % len(rows)
    )
    out.write(rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def self_referencing_pdf() -> bytes:
    """The metadata object is a reference to itself."""
    return _classic_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", b"3 0 R"],
        b"/Info 3 0 R ",
    )


def pdf_with_code(code: str, *, password: str | None = None) -> bytes:
    """A blank page whose metadata carries a real code: the forger's cheapest attempt."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Keywords": PDF_KEYWORD_PREFIX + code})
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
