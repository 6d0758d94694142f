"""The receipt PDF (Mẫu 01) of a realistic dossier, in-process (issue 4: median ≤ 100 ms).

    .venv/bin/python bench/receipt_pdf.py [--repeat 200] [--warmup 5]

On a throwaway SQLite database (migrated, then the test world of
``workflow/tests/world.py``), a counter officer receives building-permit dossiers of
eight papers; then, after ``--warmup`` renders, ``--repeat`` times each, case by case:

- ``form 01``: ``workflow.paperwork.dossier_form_pdf(number=1)``, everything an officer's
  click costs but the HTTP round trip: the forms that apply, the dossier and its papers
  read, the QR code drawn, the Typst template filled and the PDF written; for another
  dossier each run (the counter's case: ``--warmup + --repeat`` dossiers are received
  first), and for the same one again (a reprint);
- ``typst only``: ``documents.render.pdf_render`` of the same data, already built, and
  with another applicant name each run (Typst memoises layout by content, so the same
  data twice costs less than a new dossier: a new applicant is the counter's case);
- the ceiling, ``one line``: the same Typst compiler setup (the repository's fonts,
  compiled once per process) on a one-line document.

Prints median and p95 in milliseconds, with the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def setup() -> None:
    folder = tempfile.mkdtemp(prefix="motcua-receipt-")
    os.environ["MOTCUA_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MOTCUA_VAR_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def realistic_dossiers(count: int) -> list[Any]:
    from django.test import override_settings

    from motcua.catalog.constants import ComponentForm
    from motcua.dossiers.services import ComponentInput
    from motcua.workflow import services
    from motcua.workflow.tests.states import FAST_HASHERS, START
    from motcua.workflow.tests.world import paper, world

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        w = world()
    papers = [
        ("Đơn đề nghị cấp giấy phép xây dựng nhà ở riêng lẻ", ComponentForm.ORIGINAL, 1),
        ("Bản sao giấy chứng nhận quyền sử dụng đất", ComponentForm.CERTIFIED_COPY, 1),
        ("Bản vẽ mặt bằng công trình trên lô đất", ComponentForm.ORIGINAL, 2),
        ("Bản vẽ mặt bằng các tầng, mặt đứng và mặt cắt", ComponentForm.ORIGINAL, 2),
        ("Bản vẽ mặt bằng móng và mặt cắt móng", ComponentForm.ORIGINAL, 2),
        ("Sơ đồ đấu nối hệ thống thoát nước, cấp điện, cấp nước", ComponentForm.COPY, 1),
        ("Cam kết bảo đảm an toàn đối với công trình liền kề", ComponentForm.ORIGINAL, 1),
    ]
    # The published version asks for one paper; the applicant brings the usual others.
    components = [paper(w.permit_form)] + [
        ComponentInput(required=None, name=name, form=form, count=count)
        for name, form, count in papers
    ]
    return [
        services.dossier_receive_at_counter(
            actor=w.counter,
            version=w.permit_version,
            one_stop_unit=w.centre,
            applicant=w.an,
            components=components,
            at=START,
        )
        for _ in range(count)
    ]


def timed(call: Callable[[], Any], *, warmup: int, repeat: int) -> list[float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def p95(times: list[float]) -> float:
    return sorted(times)[max(0, round(len(times) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    setup()
    import typst

    from bench.dossier_api import machine
    from motcua.documents import render
    from motcua.workflow import paperwork

    dossiers = realistic_dossiers(args.warmup + args.repeat)
    dossier = dossiers[0]
    fresh_dossiers = iter(dossiers)
    data = paperwork.receipt_data(paperwork._full(dossier))
    line = Path(os.environ["MOTCUA_VAR_DIR"]) / "one_line.typ"
    line.write_text('#set text(font: "Tinos")\nMột dòng chữ.\n', encoding="utf-8")
    one_line = typst.Compiler(input=str(line), font_paths=render._fonts(), ignore_system_fonts=True)

    counter = iter(range(10**9))

    def fresh_data() -> bytes:
        # Typst memoises layout by content: another applicant each run, as at the counter.
        number = next(counter)
        changed = {**data, "applicant": {**data["applicant"], "name": f"Nguyễn Văn An {number}"}}
        return render.pdf_render(template="mau_01", data=changed)

    cases: dict[str, Callable[[], Any]] = {
        "form 01, a new dossier each run": lambda: paperwork.dossier_form_pdf(
            dossier=next(fresh_dossiers), number=1
        ),
        "form 01, the same dossier again": lambda: paperwork.dossier_form_pdf(
            dossier=dossier, number=1
        ),
        "typst only (data → PDF)": lambda: render.pdf_render(template="mau_01", data=data),
        "typst only, new data each run": fresh_data,
        "ceiling: one-line document": lambda: one_line.compile(format="pdf"),
    }
    print(f"machine: {machine()}")
    size = len(paperwork.dossier_form_pdf(dossier=dossier, number=1))
    print(f"receipt: {len(data['components'])} papers, {size:,} bytes")
    results = {
        name: timed(call, warmup=args.warmup, repeat=args.repeat) for name, call in cases.items()
    }
    print(
        f"{'case':32} {'median':>9} {'p95':>9}   ({args.repeat} runs after {args.warmup} warm-up)"
    )
    for name, times in results.items():
        print(f"{name:32} {statistics.median(times):7.1f} ms {p95(times):7.1f} ms")


if __name__ == "__main__":
    main()
