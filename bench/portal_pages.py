"""Public portal pages, server time beside the bare ceiling in the same run (issue 5).

    .venv/bin/python bench/dossier_data.py        # once: 1,000,000 dossiers in motcua_bench
    .venv/bin/python bench/portal_pages.py [--seconds 6] [--clients 8] [--rebuild-catalog] \
        [--catalog-url postgres://postgres@127.0.0.1:5432/motcua_bench_catalog] \
        [--tracking-url postgres://postgres@127.0.0.1:5432/motcua_bench] [--only catalog|tracking]

Two measurements, each against its own PostgreSQL database, each with gunicorn
(``--workers`` sync workers on 127.0.0.1; ``bench.dossier_settings``: production
settings plus the ``Server-Timing`` header of ``bench/timing.py``) and its own ceiling
``GET /bench/bare`` measured first on the same server:

- catalog (target: server p50 ≤ 50 ms): ``/thu-tuc/`` searches over 2,000 published
  procedures. The database (``--catalog-url``, built once, reused; ``--rebuild-catalog``
  builds it again) is the demo province (``demo_load()``) plus synthetic procedures up
  to 2,000 in force, each with one published version naming a demo agency, 3 papers, a
  fee, 2 steps and a legal basis; their names combine the catalogue's verbs and objects
  ("Cấp giấy phép xây dựng …"), so a search matches tens of them, as on a real portal.
- tracking (target: server p50 ≤ 20 ms): ``/tra-cuu/?ma=<code>`` and the kiosk
  ``/kiosk/?ma=<code>`` on codes drawn at random from 5,000 existing ones, against the
  1,000,000 dossiers of ``bench/dossier_data.py`` (``--tracking-url``), plus an unknown code.

"server" is ``app`` of ``Server-Timing`` (first middleware to the response object);
"CPU" the worker's own CPU time meanwhile, which a busy machine does not inflate.
Only loopback traffic; every loop is bounded in time (``--seconds`` per URL).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench import dossier_api  # noqa: E402
from bench.dossier_api import Request, Result, drive, machine, pct  # noqa: E402
from bench.dossier_data import database_exists, fresh_database, load_demo  # noqa: E402

PORT = 8771  # not dossier_api's 8766: another benchmark may be running
CATALOG_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench_catalog"
TRACKING_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench"
PROCEDURES = 2_000

VERBS = [
    "Cấp",
    "Cấp lại",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Đăng ký",
    "Đăng ký thay đổi",
    "Xác nhận",
    "Thẩm định",
    "Công nhận",
    "Chấm dứt",
    "Cho phép",
]
OBJECTS = [
    "giấy phép xây dựng",
    "giấy phép kinh doanh",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy phép lái xe",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "giấy phép hoạt động khoáng sản",
    "chứng chỉ hành nghề",
    "giấy phép môi trường",
    "hộ kinh doanh",
    "hợp tác xã",
    "giấy phép sử dụng tài nguyên nước",
    "giấy phép tổ chức biểu diễn nghệ thuật",
    "giấy chứng nhận đăng ký xe",
    "giấy phép hoạt động cơ sở khám bệnh, chữa bệnh",
    "giấy phép thành lập cơ sở giáo dục",
    "giấy phép quảng cáo",
    "giấy phép đào đường",
    "giấy phép khai thác thủy sản",
    "văn bản chấp thuận đầu tư",
    "giấy phép lao động cho người nước ngoài",
]
QUALIFIERS = [
    "",
    " đối với nhà ở riêng lẻ",
    " đối với công trình cấp III",
    " cho doanh nghiệp",
    " cho cá nhân",
    " trong khu công nghiệp",
    " tại khu vực nông thôn",
    " có yếu tố nước ngoài",
    " theo thủ tục rút gọn",
    " trường hợp bị mất",
]
FIELDS = [
    ("BXD", "Xây dựng"),
    ("KDTM", "Thương mại"),
    ("DATDAI", "Đất đai"),
    ("GTVT", "Giao thông vận tải"),
    ("ATTP", "An toàn thực phẩm"),
    ("KHOANGSAN", "Khoáng sản"),
    ("MOITRUONG", "Môi trường"),
    ("YTE", "Y tế"),
    ("GIAODUC", "Giáo dục"),
    ("LAODONG", "Lao động"),
    ("VANHOA", "Văn hóa"),
    ("THUYSAN", "Thủy sản"),
    ("DAUTU", "Đầu tư"),
]


def build_catalog(url: str, rebuild: bool) -> None:
    name = url.rsplit("/", 1)[1]
    if database_exists(url, name) and not rebuild:
        print(f"catalog database {name}: reused (--rebuild-catalog builds it again)")
        migrate(url)
        _django(url)
        return
    started = time.perf_counter()
    fresh_database(url)
    load_demo(url)  # migrates, loads the demo province; Django is set up on ``url``
    _synthetic_procedures(url)
    print(f"catalog database {name}: built in {time.perf_counter() - started:.0f} s")


def _django(url: str) -> None:
    os.environ.update(MOTCUA_DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def migrate(url: str) -> None:
    """The database brought to this tree's migrations (``motcua migrate``)."""
    subprocess.run(
        [Path(sys.executable).parent / "motcua", "migrate", "--no-input", "-v", "0"],
        env={**os.environ, "MOTCUA_DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
        check=True,
    )


def _synthetic_procedures(url: str) -> None:
    """Procedures up to ``PROCEDURES`` in force, in bulk (a few statements per table)."""
    import datetime as dt
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from motcua.agencies.models import Agency
    from motcua.catalog.constants import ComponentForm, FeeKind, OnlineMode, VersionStatus
    from motcua.catalog.models import (
        FeeLine,
        Field,
        LegalBasis,
        Procedure,
        ProcedureVersion,
        ProcessStep,
        RequiredComponent,
    )
    from motcua.catalog.selectors import in_force_q
    from motcua.core.text import fold

    rng = random.Random(5)
    today = timezone.localdate()
    missing = (
        PROCEDURES
        - Procedure.objects.filter(
            versions__in=ProcedureVersion.objects.filter(in_force_q(on=today))
        )
        .distinct()
        .count()
    )
    agencies = list(Agency.objects.filter(one_stop_unit__isnull=False).order_by("code"))
    with transaction.atomic():
        fields = [Field.objects.get_or_create(code=c, defaults={"name": n})[0] for c, n in FIELDS]
        names = [f"{v} {o}{q}" for v in VERBS for o in OBJECTS for q in QUALIFIERS]
        rng.shuffle(names)
        procedures = []
        for n in range(missing):
            name = names[n % len(names)] + ("" if n < len(names) else f" (mẫu {n})")
            code = f"9.{n:06d}"
            procedures.append(
                Procedure(
                    code=code,
                    name=name,
                    field=rng.choice(fields),
                    level=rng.choice(["province", "commune", "province", "vertical_branch"]),
                    search_text=fold(f"{name} {code}"),
                )
            )
        procedures = Procedure.objects.bulk_create(procedures)
        published = timezone.now()
        versions = ProcedureVersion.objects.bulk_create(
            ProcedureVersion(
                procedure=p,
                number=1,
                status=VersionStatus.PUBLISHED,
                publication_decision=f"{100 + i % 900}/QĐ-UBND",
                publication_date=dt.date(2025, 6, 20),
                effective_from=dt.date(2025, 7, 1),
                published_at=published,
                applicants="Cá nhân, tổ chức",
                time_limit_value=Decimal(rng.choice([1, 3, 5, 7, 10, 15, 20])),
                online_mode=rng.choice(list(OnlineMode.values)),
                result_name=p.name.replace("Cấp ", "", 1),
            )
            for i, p in enumerate(procedures)
        )
        through = ProcedureVersion.agencies.through
        through.objects.bulk_create(
            through(procedureversion_id=v.pk, agency_id=rng.choice(agencies).pk) for v in versions
        )
        RequiredComponent.objects.bulk_create(
            RequiredComponent(version=v, order=k, name=paper, form=ComponentForm.ORIGINAL)
            for v in versions
            for k, paper in enumerate(["Đơn đề nghị theo mẫu", "Bản sao giấy tờ pháp lý", "Ảnh"])
        )
        FeeLine.objects.bulk_create(
            FeeLine(version=v, name="Lệ phí", kind=FeeKind.CHARGE, amount=rng.choice([0, 50_000]))
            for v in versions
        )
        ProcessStep.objects.bulk_create(
            ProcessStep(
                version=v, order=k, name=step, performer="Bộ phận một cửa", budget=Decimal(0)
            )
            for v in versions
            for k, step in enumerate(["Tiếp nhận", "Giải quyết"], start=1)
        )
        LegalBasis.objects.bulk_create(
            LegalBasis(version=v, number="50/2014/QH13", title="Luật Xây dựng") for v in versions
        )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def serve(url: str, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MOTCUA_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.dossier_settings",
        "PYTHONPATH": str(ROOT),
    }
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            *(bin_dir / "gunicorn", "bench.wsgi", "-w", str(workers)),
            *("-b", f"127.0.0.1:{PORT}", "--log-level", "warning"),
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


def measure(
    url: str, cases: list[tuple[str, Callable[[int, int], Request]]], args: argparse.Namespace
) -> list[Result]:
    server = serve(url, args.workers)
    results = []
    try:
        for label, make in cases:
            drive(label, make, 1, args.clients)  # warm-up
            results.append(drive(label, make, args.seconds, args.clients))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def table(results: list[Result], target: float) -> None:
    ceiling = results[0].rate
    print(
        "| request | requests/s | client p50 ms | server p50 ms | server p95 ms | "
        "worker CPU p50 ms | SQL: statements / p50 ms | errors | share of ceiling | "
        f"target server p50 ≤ {target:.0f} ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, r in enumerate(results):
        queries = sorted(r.queries)[len(r.queries) // 2] if r.queries else 0
        server = pct(r.app, 50)
        verdict = "" if n == 0 else ("met" if server <= target else "**missed**")
        print(
            f"| {r.label} | {r.rate:.0f} | {pct(r.latencies, 50) * 1000:.1f} | {server:.1f} | "
            f"{pct(r.app, 95):.1f} | {pct(r.cpu, 50):.1f} | {queries} / {pct(r.db, 50):.1f} | "
            f"{r.errors()} | {r.rate / ceiling:.0%} | {verdict} |"
        )


def get(path: str) -> Callable[[int, int], Request]:
    return lambda worker, n: ("GET", path, None, {})


def catalog_run(args: argparse.Namespace) -> None:
    build_catalog(args.catalog_url, args.rebuild_catalog)
    from django.db import connections

    from motcua.catalog.selectors import procedure_search

    found = procedure_search(q="giay phep xay dung").count()
    total = procedure_search().count()
    connections.close_all()
    print(f"\ncatalog: {total:,} procedures in force; 'giay phep xay dung' matches {found}\n")
    cases = [
        ("ceiling: GET /bench/bare", get("/bench/bare")),
        ("/thu-tuc/?q=giay phep xay dung", get("/thu-tuc/?q=giay+phep+xay+dung")),
        ("/thu-tuc/ (no query, page 1)", get("/thu-tuc/")),
        (
            "/thu-tuc/?q=cap&linh_vuc=BXD&cap=province",
            get("/thu-tuc/?q=cap&linh_vuc=BXD&cap=province"),
        ),
        ("/thu-tuc/?q=giay phep (page 3)", get("/thu-tuc/?q=giay+phep&page=3")),
        ("/thu-tuc/?q=khong co thu tuc nay (empty)", get("/thu-tuc/?q=khong+co+thu+tuc+nay")),
        ("/thu-tuc/9.000123/ (procedure page)", get("/thu-tuc/9.000123/")),
    ]
    table(measure(args.catalog_url, cases, args), 50)


def tracking_run(args: argparse.Namespace) -> None:
    with psycopg.connect(args.tracking_url) as conn:
        total = (conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone() or (0,))[0]
        if total < 1_000_000:
            raise SystemExit(f"{total:,} dossiers: run bench/dossier_data.py first")
        codes = [
            row[0]
            for row in conn.execute(
                "SELECT code FROM dossiers_dossier TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 5000"
            )
        ]
    migrate(args.tracking_url)
    print(f"\ntracking: {total:,} dossiers; {len(codes):,} codes drawn\n")
    rng = random.Random(11)

    def page(prefix: str) -> Callable[[int, int], Request]:
        return lambda worker, n: ("GET", prefix + quote(rng.choice(codes)), None, {})

    cases = [
        ("ceiling: GET /bench/bare", get("/bench/bare")),
        ("/tra-cuu/?ma=<code>", page("/tra-cuu/?ma=")),
        ("/kiosk/?ma=<code>", page("/kiosk/?ma=")),
        ("/tra-cuu/?ma=<unknown code>", get("/tra-cuu/?ma=000.00.12.H62-991231-9999")),
    ]
    table(measure(args.tracking_url, cases, args), 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--catalog-url", default=CATALOG_URL)
    parser.add_argument("--tracking-url", default=TRACKING_URL)
    parser.add_argument("--rebuild-catalog", action="store_true")
    parser.add_argument("--only", choices=["catalog", "tracking"])
    args = parser.parse_args()
    dossier_api.PORT = PORT  # drive() connects to the module's port
    os.environ.setdefault("MOTCUA_VAR_DIR", tempfile.mkdtemp(prefix="motcua-bench-portal-"))
    print(f"machine: {machine()}")
    print(
        f"gunicorn {args.workers} sync workers; {args.clients} client threads; "
        f"{args.seconds:.0f} s per URL after 1 s of warm-up"
    )
    if args.only != "tracking":
        catalog_run(args)
    if args.only != "catalog":
        tracking_run(args)


if __name__ == "__main__":
    main()
