"""Text hygiene for what people type: names and titles carry no invisible controls.

Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) make a title read
differently from what it is ("‮fdp.exe" shows as "exe.pdf"), and control characters break
emails, PDFs and CSV exports. They are stripped; everything printable stays, emoji (with
their zero-width joiners) and Chinese included.
"""

import re
import unicodedata

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def _is_control(char: str, keep: str) -> bool:
    return char not in keep and unicodedata.category(char) == "Cc"


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """`value` without bidi overrides and control characters. A multi-line text keeps its
    line breaks (as \\n) and tabs; a single-line one turns them into spaces."""
    if not value:
        return value or ""
    text = _BIDI.sub("", str(value))
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        keep = "\n\t"
    else:
        text = re.sub(r"[\r\n\t]+", " ", text)
        keep = ""
    return "".join(char for char in text if not _is_control(char, keep))


def clean_fields(values: dict, *, lines: tuple = (), texts: tuple = ()) -> dict:
    """A copy of `values` with its single-line fields (`lines`) and multi-line fields
    (`texts`) cleaned; other fields as they were."""
    cleaned = dict(values)
    for name in lines:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = clean_text(cleaned[name])
    for name in texts:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = clean_text(cleaned[name], multiline=True)
    return cleaned
