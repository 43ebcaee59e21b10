"""Files over the API: documents and uploads answered as attachments, errors still as JSON.

DRF negotiates the answer's type before the view runs, so a download action lists a
renderer for its file type (`Accept: application/pdf` works) and JSON for its errors.
"""

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response


class BinaryRenderer(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfRenderer(BinaryRenderer):
    media_type = "application/pdf"
    format = "pdf"


class ZipRenderer(BinaryRenderer):
    media_type = "application/zip"
    format = "zip"


class OctetStreamRenderer(BinaryRenderer):
    media_type = "application/octet-stream"
    format = "bin"


class DownloadMixin:
    """For viewsets with download actions: a file goes out as it is, an error as JSON."""

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(renderer, BinaryRenderer) and isinstance(response, Response):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
