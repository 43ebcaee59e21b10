"""A task card's documents: the card as a printable form, the retrospective report
(协同复盘报告), the card's archive (ZIP), and an executive's monthly risk report
(协同风险报告).

Renderers: a card in, bytes out. The goal confirmation letter itself is a signable
document (tasks.signables) and renders through collab.documents.
"""

from .archive import card_archive, register_archive_provider
from .card import card_pdf
from .common import DOCUMENT_LANGUAGE, NO_RETROSPECTIVE_YET, document_language
from .retrospective import retrospective_report_pdf
from .risk_report import risk_report_pdf

__all__ = [
    "DOCUMENT_LANGUAGE",
    "NO_RETROSPECTIVE_YET",
    "card_archive",
    "card_pdf",
    "document_language",
    "register_archive_provider",
    "retrospective_report_pdf",
    "risk_report_pdf",
]
