"""Median render time of a two-page signed letter: Crossdesk's pipeline beside raw WeasyPrint.

Run it with:  .venv/bin/python benchmarks/pdf_render.py [runs]

It builds a throwaway SQLite database, a department and a signature request whose
letter runs to two pages with a signature, then times
  1. the pipeline: collab.documents.document_html() + render_pdf(), as a download does
     when nothing is stored yet (template rendering, hash checks, QR code, WeasyPrint);
  2. raw WeasyPrint: weasyprint.HTML(string=the same HTML).write_pdf() with the same CSS.
The document type is defined here, for the benchmark only.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
work = Path(tempfile.mkdtemp(prefix="crossdesk-bench-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "collab.settings.local",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "CROSSDESK_VAR_DIR": str(work),
    }
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.TEMPLATES[0]["DIRS"].append(ROOT / "benchmarks" / "templates")

from collab import services, signables  # noqa: E402
from collab.documents import DOCUMENT_CSS, document_html, render_pdf  # noqa: E402
from collab.models import Department, User  # noqa: E402
from collab.selectors import Role  # noqa: E402


@signables.register
class BenchmarkLetter(signables.SignableType):
    key = "benchmark_letter"
    title = "协同目标确认函"
    model = Department
    template = "documents/benchmark_letter.html"

    def snapshot(self, department):
        return {"code": department.code, "name": department.name_zh}

    def code(self, department):
        return f"TC-2026-{department.pk:04d}"

    def signers(self, department):
        return [signables.SignerRole(Role.HEAD, department)]

    def context(self, department):
        paragraph = (
            "本部门确认承担本项目中的职责：按期交付约定成果，并在每周例会上汇报进度与风险。" * 3
        )
        return {"document": department, "paragraphs": [paragraph] * 14}


def timed_in_turn(first, second, runs):
    """Time the two in turn (A B A B ...), so that drift in the machine's speed hits both."""
    first(), second()  # warm-up: imports, font loading
    samples = ([], [])
    for _ in range(runs):
        for function, bucket in zip((first, second), samples, strict=True):
            start = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - start)
    return samples


def main(runs=7):
    call_command("migrate", verbosity=0)
    head = User.objects.create_user("head", password="bench-pass-123", display_name="吴婷")
    requester = User.objects.create_user("requester", display_name="王芳")
    department = Department.objects.create(
        code="FIN", name_en="Finance", name_zh="财务部", head=head
    )
    request = services.signature_request_open(
        document=department, document_type="benchmark_letter", requested_by=requester
    )
    services.signature_sign(
        request=request, user=head, decision="approve", password="bench-pass-123"
    )
    html = document_html(request, language="zh-hans")

    import weasyprint

    pages = len(
        weasyprint.HTML(string=html, base_url=str(ROOT))
        .render(stylesheets=[weasyprint.CSS(filename=str(DOCUMENT_CSS))])
        .pages
    )
    pipeline, raw = timed_in_turn(
        lambda: render_pdf(document_html(request, language="zh-hans")),
        lambda: weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf(
            stylesheets=[weasyprint.CSS(filename=str(DOCUMENT_CSS))]
        ),
        runs,
    )
    print(f"letter: {pages} pages, {runs} runs after one warm-up each")
    for name, samples in [("crossdesk pipeline", pipeline), ("raw weasyprint", raw)]:
        print(
            f"{name:>20}: median {statistics.median(samples) * 1000:7.1f} ms "
            f"(min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f})"
        )
    ratio = statistics.median(a / b for a, b in zip(pipeline, raw, strict=True))
    print(f"{'pipeline / raw':>20}: median of pairwise ratios {ratio:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
