"""A province's two years of dossiers in PostgreSQL, fast, for the issue-3 benchmarks.

    .venv/bin/python bench/dossier_data.py [--dossiers 1000000] \
        [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench] [--no-verify] \
        [--active-share 0.05]

Drops and re-creates the database (its name must contain "bench"), migrates it, loads
the demo province with ``demo_load()`` (what ``motcua demo --no-serve`` loads; with
``--demo-template`` a copy of it kept as ``<name>_demo``, migrated again), then
writes with set-based SQL (``INSERT … SELECT`` over ``generate_series``, no Python loop
over rows):

- staff: the demo officers plus synthetic ones, sized by each agency's load so that an
  officer's "assigned to me" inbox holds tens to a few hundred dossiers;
- applicants: 30 citizens and 1.5 businesses per 100 dossiers, about a third with an
  account (online filers need one);
- dossiers: ~95 % finished (returned, refused, stopped) spread over the past two years,
  ~5 % active across every active status (``--active-share 1.0`` makes every dossier an
  open one, for bench/overdue_sweep.py); codes ``<agency e-ID>-<YYMMDD>-<NNNN>``
  numbered per agency and day in submission order; the code sequences end at the
  highest number used;
- per dossier its tasks (one per process step, done / active / pending / skipped as
  the workflow leaves them), its liên thông participants, and its history (one event
  per action the workflow would have written, ~7 per finished dossier); the Mẫu 02/03/05
  notices of the dossiers waiting for a supplement, refused or stopped.

Every CHECK constraint of the models is enforced as rows go in. Foreign keys are not
checked row by row (``session_replication_role = replica``; their triggers would queue
millions of deferred checks); every foreign key is checked once at the end with an
anti-join instead (``--no-verify`` skips that). Secondary indexes of the three big
tables are dropped for the load and rebuilt after it; then VACUUM ANALYZE.

Not generated: hand-off rows (Mẫu 05), submitted papers and files, audit entries. The
endpoints measured in ``bench/dossier_api.py`` read none of them.

Times are approximate on purpose: a working day is taken as 1.4 calendar days and no
holiday is skipped; the appointment is not recomputed with the working calendar.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/motcua_bench"
ACTIVE_SHARE = 0.05
HISTORY_DAYS = 730
# Share of the applicants who have an account (online filing needs one).
ACCOUNT_SHARE = 0.3
LOCAL_TZ = "Asia/Ho_Chi_Minh"

# Pool keys: role number * 1000 + the one-stop unit (counter) or agency (others).
COUNTER, SPECIALIST, UNIT_HEAD, LEADER = 1, 2, 3, 4


def _words(text: str, sep: str = " ") -> list[str]:
    return text.split(sep)


# Vietnamese names, weighted by repetition (Nguyễn is about a third of the population).
FAMILY = (
    ["Nguyễn"] * 31
    + ["Trần"] * 11
    + ["Lê"] * 10
    + ["Phạm"] * 7
    + ["Huỳnh"] * 6
    + ["Võ"] * 5
    + ["Phan"] * 5
    + ["Đặng"] * 3
    + ["Lâm"] * 2
    + ["Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương"] * 2
    + ["Đinh", "Mai", "Tô", "Châu", "Thái", "Cao", "Lương", "Hà"]
)
MIDDLE_M = ["Văn"] * 6 + ["Minh", "Hữu", "Quốc", "Thanh", "Đức", "Hoàng", "Công", "Tấn", "Ngọc"]
MIDDLE_F = ["Thị"] * 6 + ["Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích", "Hồng", "Phương", "Thúy"]
GIVEN_M = _words(
    "An Bình Cường Dũng Hải Hùng Khang Long Minh Nam Phúc Quang Sơn Tài Thắng Tuấn Việt "
    "Vinh Bảo Duy Hiếu Hoàng Khoa Lộc Nhân Phát Tâm Thành Trí Trung Kiệt Toàn Hậu Nghĩa"
)
GIVEN_F = _words(
    "Anh Châu Dung Giang Hà Hạnh Hằng Hoa Hương Lan Linh Mai My Nga Ngân Nhung Oanh "
    "Phương Quyên Thảo Trang Trinh Tuyết Vân Xuân Yến Diễm Hồng Ngọc Thư Nhi Tiên"
)
ORG_KIND = ["Công ty TNHH", "Công ty TNHH", "Công ty cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]
ORG_TRADE = _words(
    "Thương mại|Dịch vụ|Xây dựng|Nông sản|Thủy sản|Vận tải|Du lịch|Cơ khí|Môi trường|"
    "Thực phẩm|Dừa|Trái cây|Gạch ngói|Điện máy",
    "|",
)
ORG_BRAND = _words(
    "Cửu Long|Mê Kông|Phú Quý|Thành Đạt|Hưng Thịnh|Tân Phát|An Khang|Phước Lộc|"
    "Hoàng Gia|Bình Minh|Sông Tiền|Sông Hậu|Trường An|Long Hồ|Phú Thịnh|Vạn Phát",
    "|",
)
PHONE_PREFIXES = "90 91 93 94 96 97 98 70 76 77 78 79 83 84 85 86 88 89 32 33 34 35 36 37 38 39"


def _nfc(values: list[str]) -> list[str]:
    return [unicodedata.normalize("NFC", v) for v in values]


@contextlib.contextmanager
def phase(name: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    started = time.perf_counter()
    print(f"  {name} …", end="", flush=True)
    yield
    seconds = time.perf_counter() - started
    timings.append((name, seconds))
    print(f" {seconds:.1f} s", flush=True)


def fresh_database(url: str, template: str | None = None) -> None:
    name = url.rsplit("/", 1)[1]
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the database name must contain 'bench'")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_exists(url: str, name: str) -> bool:
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            is not None
        )


def load_demo(url: str) -> None:
    """Migrate and load the demo province through the apps' own services."""
    if "MOTCUA_VAR_DIR" not in os.environ:
        # Nothing is written there by the load; removed when the process ends.
        var = tempfile.mkdtemp(prefix="motcua-bench-")
        atexit.register(shutil.rmtree, var, True)
        os.environ["MOTCUA_VAR_DIR"] = var
    os.environ["MOTCUA_DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from motcua.demo.loader import demo_load

    call_command("migrate", interactive=False, verbosity=0)
    demo_load()
    connections.close_all()


# --- reference tables ------------------------------------------------------------------

HELPERS = """
-- A deterministic uniform number in [0, 1) for row g and a salt: the data set is the
-- same on every run.
CREATE FUNCTION pg_temp.rnd(g bigint, salt int) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashint8(g * 64 + salt) & 2147483647)::float8 / 2147483648.0 $$;

-- A moment inside office hours (07:30-11:30, 13:00-17:00, Monday-Friday) on the local
-- day of ts, weekends moved back to Friday: walk-in dossiers arrive at the counter.
CREATE FUNCTION pg_temp.snap(ts timestamptz, r float8) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (
    ((ts AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
      - CASE extract(isodow FROM (ts AT TIME ZONE 'Asia/Ho_Chi_Minh'))::int
          WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END)
    + CASE WHEN r < 0.5 THEN time '07:30' + r * interval '8 hours'
           ELSE time '13:00' + (r - 0.5) * interval '8 hours' END
  ) AT TIME ZONE 'Asia/Ho_Chi_Minh' $$;

-- How a finished task or participant is judged against its due time (engine.classify).
CREATE FUNCTION pg_temp.outcome(done timestamptz, due timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE
    WHEN done > due THEN 'late'
    WHEN (done AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
      THEN 'early'
    ELSE 'on_time' END $$;
"""

VERSIONS = """
CREATE UNLOGGED TABLE bench_v AS
SELECT v.id AS version_id, v.procedure_id, v.online_mode, p.level,
       v.time_limit_unit AS unit,
       (CASE v.time_limit_unit
          WHEN 'working_days' THEN v.time_limit_value * 1.4
          WHEN 'calendar_days' THEN v.time_limit_value
          WHEN 'working_hours' THEN v.time_limit_value / 8 * 1.4
          ELSE 0.3 END)::float8 AS limit_days,
       (SELECT array_agg(x.agency_id ORDER BY x.agency_id)
          FROM catalog_procedureversion_agencies x WHERE x.procedureversion_id = v.id) AS agencies,
       (SELECT count(*) FROM catalog_processstep s WHERE s.version_id = v.id)::int AS n_steps
FROM catalog_procedureversion v JOIN catalog_procedure p ON p.id = v.procedure_id
WHERE v.status = 'published'
  AND EXISTS (SELECT 1 FROM catalog_processstep s WHERE s.version_id = v.id HAVING count(*) >= 3)
  AND EXISTS (SELECT 1 FROM catalog_procedureversion_agencies x WHERE x.procedureversion_id = v.id);

CREATE UNLOGGED TABLE bench_steps AS
SELECT s.version_id, s."order" AS ord, s.id AS step_id, s.name, s.role_id, s.participant_id,
       s.budget::float8 AS budget,
       row_number() OVER w AS idx,
       coalesce(sum(s.budget) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::float8
         AS cum_before,
       (r.code = 'counter_officer') AS counter_role,
       r.code AS role_code
FROM catalog_processstep s LEFT JOIN accounts_role r ON r.id = s.role_id
WINDOW w AS (PARTITION BY s.version_id ORDER BY s."order");
ALTER TABLE bench_steps ADD PRIMARY KEY (version_id, idx);

-- The budget of the steps before the last (the last one, returning the result, is
-- skipped by the decision: workflow.services.dossier_decide closes every task).
ALTER TABLE bench_v ADD COLUMN work_budget float8;
UPDATE bench_v v SET work_budget = (
  SELECT sum(s.budget) FROM bench_steps s WHERE s.version_id = v.version_id AND s.idx < v.n_steps);
ALTER TABLE bench_v ADD PRIMARY KEY (version_id);

CREATE UNLOGGED TABLE bench_osu AS
SELECT o.id AS osu_id, o.agency_id,
       (SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}') FROM agencies_onestopunit c
         WHERE c.parent_id = o.id AND c.is_active) AS points
FROM agencies_onestopunit o;
ALTER TABLE bench_osu ADD PRIMARY KEY (osu_id);

CREATE UNLOGGED TABLE bench_agency AS
SELECT a.id AS agency_id, a.code, a.one_stop_unit_id AS main_osu FROM agencies_agency a;
ALTER TABLE bench_agency ADD PRIMARY KEY (agency_id);
"""


def version_weights(rows: list[tuple[Any, ...]]) -> dict[int, float]:
    """How often each procedure is filed: commune procedures most (civil status,
    certifications), short ones more than long ones."""
    weights = {}
    for version_id, level, limit_days in rows:
        base = {"commune": 3.0, "province": 2.0}.get(level, 3.0)
        weights[version_id] = base * (1.5 if limit_days <= 4.2 else 1.0)
    return weights


# --- staff -----------------------------------------------------------------------------


def build_staff(cur: psycopg.Cursor[Any], n_dossiers: int, rng: random.Random) -> dict[str, Any]:
    """Demo officers plus synthetic ones; pools (key, idx) → user from which tasks pick
    their assignee. Sized from each agency's expected share of the dossiers."""
    cur.execute("SELECT version_id, level, limit_days, agencies FROM bench_v")
    versions = cur.fetchall()
    weights = version_weights([(v[0], v[1], v[2]) for v in versions])
    total = sum(weights.values())
    load: dict[int, float] = defaultdict(float)
    for version_id, _level, _limit, agencies in versions:
        for agency in agencies:
            load[agency] += n_dossiers * weights[version_id] / total / len(agencies)
    cur.execute("SELECT agency_id, code, main_osu FROM bench_agency ORDER BY agency_id")
    agencies = cur.fetchall()
    cur.execute("SELECT osu_id, agency_id, points FROM bench_osu")
    osus = {row[0]: row for row in cur.fetchall()}
    osu_load: dict[int, float] = defaultdict(float)
    for agency_id, _code, main in agencies:
        points = osus[main][2] if main else []
        share = 0.8 if points else 1.0
        osu_load[main] += load[agency_id] * share
        for point in points:
            osu_load[point] += load[agency_id] * (1 - share) / len(points)
    cur.execute("SELECT id, agency_id FROM agencies_unit WHERE is_active ORDER BY id")
    units: dict[int, list[int]] = defaultdict(list)
    for unit_id, agency_id in cur.fetchall():
        units[agency_id].append(unit_id)
    cur.execute("SELECT code, id FROM accounts_role")
    roles = dict(cur.fetchall())
    cur.execute(
        "SELECT a.user_id, r.code, a.agency_id, a.unit_id, a.one_stop_unit_id "
        "FROM agencies_staffassignment a JOIN accounts_role r ON r.id = a.role_id "
        "WHERE a.is_active ORDER BY a.user_id"
    )
    demo = cur.fetchall()

    pools: dict[int, list[tuple[int, int | None]]] = defaultdict(list)  # key → (user, unit)
    for user_id, role, agency_id, unit_id, osu_id in demo:
        if role == "counter_officer" and osu_id:
            pools[COUNTER * 1000 + osu_id].append((user_id, None))
        elif role == "specialist":
            pools[SPECIALIST * 1000 + agency_id].append((user_id, unit_id))
        elif role == "unit_head":
            pools[UNIT_HEAD * 1000 + agency_id].append((user_id, unit_id))
        elif role == "leader":
            pools[LEADER * 1000 + agency_id].append((user_id, None))

    new: list[tuple[str, str, str, int, int | None, int | None, int]] = []

    def person() -> str:
        male = rng.random() < 0.5
        middle = rng.choice(MIDDLE_M if male else MIDDLE_F)
        return f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN_M if male else GIVEN_F)}"

    for agency_id, _code, _main in agencies:
        agency_units: list[int | None] = list(units.get(agency_id, [])) or [None]
        # ~100 active specialist steps each (5 % active, ~60 % of them at a
        # specialist's step): one specialist per 7,500 dossiers a year and a half.
        key = SPECIALIST * 1000 + agency_id
        wanted = max(2, round(load[agency_id] / 7500))
        for i in range(len(pools[key]), wanted):
            unit = agency_units[i % len(agency_units)]
            new.append(
                (
                    f"bench.cv.{agency_id}.{i:02d}",
                    person(),
                    "specialist",
                    agency_id,
                    unit,
                    None,
                    key,
                )
            )
        key = UNIT_HEAD * 1000 + agency_id
        headed = {unit for _user, unit in pools[key]}
        for unit in agency_units:
            if unit not in headed:
                new.append(
                    (
                        f"bench.tp.{agency_id}.{unit}",
                        person(),
                        "unit_head",
                        agency_id,
                        unit,
                        None,
                        key,
                    )
                )
        key = LEADER * 1000 + agency_id
        for i in range(len(pools[key]), 3):
            new.append(
                (f"bench.ld.{agency_id}.{i}", person(), "leader", agency_id, None, None, key)
            )
    for osu_id, (_id, agency_id, _points) in sorted(osus.items()):
        key = COUNTER * 1000 + osu_id
        wanted = max(2, round(osu_load[osu_id] / 20000))
        for i in range(len(pools[key]), wanted):
            new.append(
                (
                    f"bench.tn.{osu_id}.{i:02d}",
                    person(),
                    "counter_officer",
                    agency_id,
                    None,
                    osu_id,
                    key,
                )
            )

    names = _nfc([row[1] for row in new])
    cur.execute(
        """
        INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,
            email, is_staff, is_active, date_joined, kind, full_name, phone)
        SELECT '!bench-unusable', false, u, '', '', u || '@vinhlong.example', false, true,
               now(), 'staff', n, ''
        FROM unnest(%s::text[], %s::text[]) AS t(u, n)
        RETURNING id, username
        """,
        ([row[0] for row in new], names),
    )
    ids = dict((username, uid) for uid, username in cur.fetchall())
    cur.execute(
        """
        INSERT INTO agencies_staffassignment (created_at, updated_at, is_active, agency_id,
            one_stop_unit_id, role_id, user_id, unit_id)
        SELECT now(), now(), true, a, o, r, u, un
        FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[])
             AS t(a, o, r, u, un)
        """,
        (
            [row[3] for row in new],
            [row[5] for row in new],
            [roles[row[2]] for row in new],
            [ids[row[0]] for row in new],
            [row[4] for row in new],
        ),
    )
    for username, _name, _role, _agency, unit, _osu, key in new:
        pools[key].append((ids[username], unit))
    keys: list[int] = []
    idxs: list[int] = []
    users: list[int] = []
    pool_units: list[int | None] = []
    for key, members in pools.items():
        for i, (user_id, unit) in enumerate(members):
            keys.append(key)
            idxs.append(i)
            users.append(user_id)
            pool_units.append(unit)
    cur.execute(
        """
        CREATE UNLOGGED TABLE bench_pool AS
        SELECT * FROM unnest(%s::int[], %s::int[], %s::bigint[], %s::bigint[])
               AS t(key, idx, user_id, unit_id);
        ALTER TABLE bench_pool ADD PRIMARY KEY (key, idx);
        CREATE UNLOGGED TABLE bench_pool_n AS
        SELECT key, count(*)::int AS n FROM bench_pool GROUP BY key;
        ALTER TABLE bench_pool_n ADD PRIMARY KEY (key);
        """,
        (keys, idxs, users, pool_units),
    )
    slots: list[int] = []
    for version_id, weight in sorted(weights.items()):
        slots += [version_id] * max(1, round(1000 * weight / total))
    return {"slots": slots, "staff_created": len(new), "pools": len(pools)}


# --- applicants ------------------------------------------------------------------------

APPLICANTS = """
CREATE UNLOGGED TABLE bench_cit AS
SELECT g,
       (ARRAY['086','086','086','083','084'])[1 + floor(pg_temp.rnd(g, 1) * 5)::int]
         || (CASE WHEN born < 2000 THEN 0 ELSE 2 END + CASE WHEN male THEN 0 ELSE 1 END)::text
         || lpad(mod(born, 100)::text, 2, '0')
         || lpad((100000 + g)::text, 6, '0') AS citizen_id,
       fam[1 + floor(pg_temp.rnd(g, 3) * cardinality(fam))::int] || ' ' ||
       CASE WHEN male
         THEN mid_m[1 + floor(pg_temp.rnd(g, 4) * cardinality(mid_m))::int] || ' ' ||
              giv_m[1 + floor(pg_temp.rnd(g, 5) * cardinality(giv_m))::int]
         ELSE mid_f[1 + floor(pg_temp.rnd(g, 4) * cardinality(mid_f))::int] || ' ' ||
              giv_f[1 + floor(pg_temp.rnd(g, 5) * cardinality(giv_f))::int] END AS full_name,
       make_date(born, 1, 1) + floor(pg_temp.rnd(g, 6) * 365)::int AS date_of_birth,
       CASE WHEN male THEN 'male' ELSE 'female' END AS gender,
       '0' || prefixes[1 + floor(pg_temp.rnd(g, 7) * cardinality(prefixes))::int]
         || lpad(floor(pg_temp.rnd(g, 8) * 10000000)::int::text, 7, '0') AS phone,
       CASE WHEN pg_temp.rnd(g, 9) < 0.5 THEN 'Ấp ' ELSE 'Khóm ' END
         || (1 + floor(pg_temp.rnd(g, 10) * 12)::int)::text || ', '
         || communes[1 + floor(pg_temp.rnd(g, 11) * cardinality(communes))::int]
         || ', tỉnh Vĩnh Long' AS address,
       pg_temp.rnd(g, 12) < %(account_share)s AS has_account
FROM (SELECT g, pg_temp.rnd(g, 2) < 0.5 AS male,
             1945 + floor(pg_temp.rnd(g, 13) * 62)::int AS born
      FROM generate_series(1, %(citizens)s) AS g) s,
     (SELECT %(fam)s::text[] AS fam, %(mid_m)s::text[] AS mid_m, %(mid_f)s::text[] AS mid_f,
             %(giv_m)s::text[] AS giv_m, %(giv_f)s::text[] AS giv_f,
             string_to_array(%(prefixes)s, ' ') AS prefixes,
             (SELECT array_agg(name ORDER BY code) FROM agencies_administrativeunit
               WHERE level = 'commune' AND valid_to IS NULL) AS communes) arrays;

-- The demo's own people keep their numbers.
DELETE FROM bench_cit c
WHERE EXISTS (SELECT 1 FROM accounts_citizen x WHERE x.citizen_id = c.citizen_id)
   OR EXISTS (SELECT 1 FROM accounts_user u WHERE u.username = c.citizen_id);

INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
    is_staff, is_active, date_joined, kind, full_name, phone, phone_verified_at)
SELECT '!bench-unusable', false, citizen_id, '', '', 'cd' || citizen_id || '@vinhlong.example',
       false, true, now() - interval '800 days', 'citizen', full_name, phone,
       now() - interval '800 days'
FROM bench_cit WHERE has_account;

INSERT INTO accounts_citizen (created_at, updated_at, citizen_id, full_name, date_of_birth,
    gender, phone, email, address, user_id)
SELECT now(), now(), c.citizen_id, c.full_name, c.date_of_birth, c.gender, c.phone,
       coalesce(u.email, ''), c.address, u.id
FROM bench_cit c LEFT JOIN accounts_user u ON c.has_account AND u.username = c.citizen_id
ORDER BY c.g;

-- Tax codes: 15 + a 7-digit serial + the Ministry of Finance check digit; serials whose
-- check digit would be 10 are skipped, as the Ministry does.
CREATE UNLOGGED TABLE bench_org AS
SELECT row_number() OVER (ORDER BY g) AS n, g, tax_code, name, address, representative,
       pg_temp.rnd(g, 21) < %(account_share)s AS has_account
FROM (
  SELECT g, d || (10 - mod(s, 11))::text AS tax_code, mod(s, 11) AS r,
         kinds[1 + floor(pg_temp.rnd(g, 22) * cardinality(kinds))::int] || ' ' ||
         trades[1 + floor(pg_temp.rnd(g, 23) * cardinality(trades))::int] || ' ' ||
         brands[1 + floor(pg_temp.rnd(g, 24) * cardinality(brands))::int] AS name,
         'Khu phố ' || (1 + floor(pg_temp.rnd(g, 25) * 9)::int)::text || ', ' ||
         communes[1 + floor(pg_temp.rnd(g, 26) * cardinality(communes))::int] ||
         ', tỉnh Vĩnh Long' AS address,
         fam[1 + floor(pg_temp.rnd(g, 27) * cardinality(fam))::int] || ' Văn ' ||
         giv_m[1 + floor(pg_temp.rnd(g, 28) * cardinality(giv_m))::int] AS representative
  FROM (
    SELECT g, d,
           31 * substr(d, 1, 1)::int + 29 * substr(d, 2, 1)::int + 23 * substr(d, 3, 1)::int
         + 19 * substr(d, 4, 1)::int + 17 * substr(d, 5, 1)::int + 13 * substr(d, 6, 1)::int
         + 7 * substr(d, 7, 1)::int + 5 * substr(d, 8, 1)::int + 3 * substr(d, 9, 1)::int AS s
    FROM (SELECT g, '15' || (1000000 + g)::text AS d
          FROM generate_series(1, %(organisations)s * 12 / 10 + 20) AS g) x
  ) y,
  (SELECT %(kinds)s::text[] AS kinds, %(trades)s::text[] AS trades, %(brands)s::text[] AS brands,
          %(fam)s::text[] AS fam, %(giv_m)s::text[] AS giv_m,
          (SELECT array_agg(name ORDER BY code) FROM agencies_administrativeunit
            WHERE level = 'commune' AND valid_to IS NULL) AS communes) arrays
) z
WHERE r <> 0;
DELETE FROM bench_org o WHERE n > %(organisations)s
   OR EXISTS (SELECT 1 FROM accounts_organisation x WHERE x.tax_code = o.tax_code)
   OR EXISTS (SELECT 1 FROM accounts_user u WHERE u.username = o.tax_code);

INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,
    is_staff, is_active, date_joined, kind, full_name, phone, email_verified_at)
SELECT '!bench-unusable', false, tax_code, '', '', 'dn' || tax_code || '@vinhlong.example',
       false, true, now() - interval '800 days', 'organisation', name, '',
       now() - interval '800 days'
FROM bench_org WHERE has_account;

INSERT INTO accounts_organisation (created_at, updated_at, tax_code, name, address, phone,
    email, representative, user_id)
SELECT now(), now(), o.tax_code, o.name, o.address, '', coalesce(u.email, ''),
       o.representative, u.id
FROM bench_org o LEFT JOIN accounts_user u ON o.has_account AND u.username = o.tax_code
ORDER BY o.g;

-- Applicant pools, numbered from 0: 1 every citizen, 2 citizens with an account,
-- 3 every organisation, 4 organisations with an account (the demo ones included).
CREATE UNLOGGED TABLE bench_app AS
SELECT 1 AS pool, (row_number() OVER (ORDER BY id) - 1)::int AS idx, 'citizen' AS kind,
       id AS citizen_id, NULL::bigint AS organisation_id, user_id, full_name AS name,
       citizen_id AS id_number, address, phone, email
FROM accounts_citizen
UNION ALL
SELECT 2, (row_number() OVER (ORDER BY id) - 1)::int, 'citizen', id, NULL, user_id, full_name,
       citizen_id, address, phone, email
FROM accounts_citizen WHERE user_id IS NOT NULL
UNION ALL
SELECT 3, (row_number() OVER (ORDER BY id) - 1)::int, 'organisation', NULL, id, user_id, name,
       tax_code, address, phone, email
FROM accounts_organisation
UNION ALL
SELECT 4, (row_number() OVER (ORDER BY id) - 1)::int, 'organisation', NULL, id, user_id, name,
       tax_code, address, phone, email
FROM accounts_organisation WHERE user_id IS NOT NULL;
ALTER TABLE bench_app ADD PRIMARY KEY (pool, idx);
CREATE UNLOGGED TABLE bench_app_n AS SELECT pool, count(*)::int AS n FROM bench_app GROUP BY pool;
"""

# --- dossiers --------------------------------------------------------------------------

# One row per dossier with everything decided: what, where, who, which state, when.
# "state" refines the status: supp_intake / supp_appraisal are awaiting_supplement at
# intake / at appraisal, payment is awaiting_payment, withdrawal withdrawal_requested.
# k is the step reached: the active one, or the last one done.
DOSSIERS = """
CREATE UNLOGGED TABLE bench_gen AS
WITH a AS MATERIALIZED (
  SELECT g, v.version_id, v.procedure_id, v.online_mode, v.limit_days, v.n_steps,
         v.work_budget,
         v.agencies[1 + floor(pg_temp.rnd(g, 2) * cardinality(v.agencies))::int] AS agency_id,
         pg_temp.rnd(g, 3) AS u_ch,
         pg_temp.rnd(g, 4) < %(active_share)s AS active,
         pg_temp.rnd(g, 5) AS u_st
  FROM generate_series(1, %(n)s) AS g
  JOIN bench_v v
    ON v.version_id = (%(slots)s::bigint[])[1 + floor(pg_temp.rnd(g, 1) * %(nslots)s)::int]
), b AS MATERIALIZED (
  SELECT a.*,
    CASE
      WHEN online_mode = 'none' THEN CASE WHEN u_ch < 0.05 THEN 'postal' ELSE 'counter' END
      WHEN online_mode = 'partial' THEN
        CASE WHEN u_ch < 0.30 THEN 'online' WHEN u_ch < 0.35 THEN 'postal' ELSE 'counter' END
      ELSE CASE WHEN u_ch < 0.55 THEN 'online' WHEN u_ch < 0.58 THEN 'postal' ELSE 'counter' END
    END AS channel
  FROM a
), c AS MATERIALIZED (
  SELECT b.*,
    CASE
      WHEN NOT active AND channel = 'online' THEN
        CASE WHEN u_st < 0.05 THEN 'refused' WHEN u_st < 0.09 THEN 'stopped' ELSE 'returned' END
      WHEN NOT active THEN CASE WHEN u_st < 0.04 THEN 'stopped' ELSE 'returned' END
      WHEN channel = 'online' THEN
        CASE WHEN u_st < 0.18 THEN 'submitted' WHEN u_st < 0.24 THEN 'supp_intake'
             WHEN u_st < 0.30 THEN 'received' WHEN u_st < 0.72 THEN 'in_progress'
             WHEN u_st < 0.76 THEN 'supp_appraisal' WHEN u_st < 0.80 THEN 'payment'
             WHEN u_st < 0.82 THEN 'withdrawal' ELSE 'decided' END
      ELSE
        CASE WHEN u_st < 0.10 THEN 'received' WHEN u_st < 0.60 THEN 'in_progress'
             WHEN u_st < 0.66 THEN 'supp_appraisal' WHEN u_st < 0.71 THEN 'payment'
             WHEN u_st < 0.73 THEN 'withdrawal' ELSE 'decided' END
    END AS state,
    ag.code AS agency_code,
    CASE WHEN channel <> 'online' AND cardinality(o.points) > 0 AND pg_temp.rnd(g, 16) >= 0.8
         THEN o.points[1 + floor(pg_temp.rnd(g, 17) * cardinality(o.points))::int]
         ELSE ag.main_osu END AS receiving_unit_id,
    -- 8 in 100 applicants are businesses; online filers need an account.
    CASE WHEN pg_temp.rnd(g, 18) < 0.08 THEN 3 ELSE 1 END
      + CASE WHEN channel = 'online' THEN 1 ELSE 0 END AS app_pool,
    greatest(limit_days * (0.25 + power(pg_temp.rnd(g, 7), 1.5) * 0.85), 0.02) AS proc,
    CASE WHEN channel = 'online' THEN 0.05 + pg_temp.rnd(g, 8) ELSE 0 END AS intake,
    0.05 + power(pg_temp.rnd(g, 9), 2) * 5 AS pickup
  FROM b JOIN bench_agency ag ON ag.agency_id = b.agency_id
         JOIN bench_osu o ON o.osu_id = ag.main_osu
), d AS MATERIALIZED (
  SELECT c.*,
    CASE
      WHEN state = 'received' THEN 1
      WHEN state IN ('in_progress', 'supp_appraisal', 'payment', 'withdrawal')
        THEN 2 + floor(pg_temp.rnd(g, 6) * (n_steps - 2))::int
      WHEN state = 'stopped' THEN 1 + floor(pg_temp.rnd(g, 6) * (n_steps - 1))::int
      WHEN state IN ('decided', 'returned') THEN n_steps - 1
      ELSE 0
    END AS k,
    -- Days before now: of the submission (sub_age) or of the receipt (recv_age).
    CASE
      WHEN state IN ('returned', 'stopped', 'refused') THEN
        (intake + proc + 0.05 + pickup + 2.5)
        + pg_temp.rnd(g, 10) * (%(days)s - (intake + proc + 0.05 + pickup + 2.5))
      WHEN state = 'submitted' THEN pg_temp.rnd(g, 10) * 3
      WHEN state = 'supp_intake' THEN 2 + pg_temp.rnd(g, 10) * 25
      ELSE NULL
    END AS sub_age,
    CASE
      WHEN state = 'received' THEN pg_temp.rnd(g, 10) * 1.5
      WHEN state IN ('in_progress', 'payment', 'withdrawal') THEN
        0.05 + limit_days * (0.05 + pg_temp.rnd(g, 10) * 1.1)
      WHEN state = 'supp_appraisal' THEN
        0.05 + limit_days * (0.05 + pg_temp.rnd(g, 10) * 1.1) + pg_temp.rnd(g, 12) * 20
      WHEN state = 'decided' THEN proc + CASE WHEN pg_temp.rnd(g, 12) < 0.1
        THEN 6 + pg_temp.rnd(g, 10) * 54 ELSE pg_temp.rnd(g, 10) * 6 END
      ELSE NULL
    END AS recv_age
  FROM c
), e AS MATERIALIZED (
  SELECT d.*,
    CASE WHEN channel = 'online'
      THEN %(now)s - coalesce(sub_age, recv_age + intake) * interval '1 day'
      ELSE least(pg_temp.snap(%(now)s - coalesce(sub_age, recv_age) * interval '1 day',
                              pg_temp.rnd(g, 11)),
                 %(now)s - interval '10 minutes')
    END AS submitted_at
  FROM d
), f AS MATERIALIZED (
  SELECT e.*,
    CASE WHEN k > 0 THEN submitted_at + intake * interval '1 day' END AS received_at
  FROM e
), h AS MATERIALIZED (
  SELECT f.*,
    CASE WHEN state IN ('returned', 'decided')
      THEN least(received_at + proc * interval '1 day', %(now)s - interval '1 minute')
    END AS decided_at,
    s.budget AS k_budget, s.cum_before AS k_cum
  FROM f LEFT JOIN bench_steps s ON s.version_id = f.version_id AND s.idx = f.k
), i AS MATERIALIZED (
  SELECT h.*,
    CASE
      WHEN state = 'returned' THEN decided_at + interval '1 hour'
      WHEN state = 'decided' AND pg_temp.rnd(g, 13) < 0.7
        THEN least(decided_at + interval '1 hour', %(now)s - interval '1 minute')
    END AS result_ready_at,
    CASE
      WHEN state = 'refused' THEN submitted_at + (0.05 + pg_temp.rnd(g, 14) * 2) * interval '1 day'
      WHEN state = 'stopped' THEN
        received_at + proc * (k_cum + 0.6 * k_budget) / work_budget * interval '1 day'
    END AS stop_at,
    -- The time the tasks' times are stretched to, and the budget it stands for.
    CASE
      WHEN state IN ('received', 'in_progress') THEN %(now)s
      WHEN state IN ('supp_appraisal', 'payment', 'withdrawal') THEN
        received_at + (%(now)s - received_at) * (0.5 + 0.45 * pg_temp.rnd(g, 15))
    END AS active_anchor
  FROM h
)
SELECT i.*,
  CASE WHEN state = 'returned' THEN result_ready_at + pickup * interval '1 day' END AS returned_at,
  CASE WHEN state IN ('returned', 'decided') THEN decided_at
       WHEN state = 'stopped' THEN stop_at ELSE active_anchor END AS anchor,
  greatest(CASE WHEN state IN ('returned', 'decided') THEN work_budget
                WHEN state = 'stopped' THEN k_cum + 0.6 * k_budget
                WHEN k > 0 THEN k_cum + 0.5 * k_budget END, 0.01) AS denom,
  CASE WHEN channel = 'online' THEN submitted_at ELSE received_at END AS clock_start,
  pg_temp.rnd(g, 19) AS u_misc,
  state = 'stopped' AND pg_temp.rnd(g, 20) < 0.5 AS withdrew
FROM i;

-- Ids in submission order (as the rows would have been inserted), codes numbered per
-- deciding agency and local day in that order, and the people on the dossier.
CREATE UNLOGGED TABLE bench_d AS
SELECT %(id_offset)s + row_number() OVER (ORDER BY x.submitted_at, x.g) AS id,
       x.*,
       x.agency_code || '-' || to_char(x.local_day, 'YYMMDD') || '-' ||
         CASE WHEN x.num < 10000 THEN lpad(x.num::text, 4, '0') ELSE x.num::text END AS code,
       ap.kind AS applicant_kind, ap.citizen_id, ap.organisation_id, ap.user_id AS owner_id,
       ap.name AS applicant_name, ap.id_number, ap.address, ap.phone, ap.email,
       pp.user_id AS recv_pick
FROM (
  -- After the numbers already used that day (the demo's own dossiers).
  SELECT gen.*, day.local_day,
         coalesce(seq.last, 0) + row_number() OVER (
           PARTITION BY gen.agency_id, day.local_day ORDER BY gen.submitted_at, gen.g) AS num
  FROM bench_gen gen
  CROSS JOIN LATERAL (
    SELECT (gen.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS local_day) day
  LEFT JOIN dossiers_dossiercodesequence seq
    ON seq.agency_id = gen.agency_id AND seq.day = day.local_day
) x
JOIN bench_app_n an ON an.pool = x.app_pool
JOIN bench_app ap ON ap.pool = x.app_pool
  AND ap.idx = mod(hashint8(x.g * 64 + 30) & 2147483647, an.n)
JOIN bench_pool_n pn ON pn.key = 1000 + x.receiving_unit_id
JOIN bench_pool pp ON pp.key = pn.key AND pp.idx = mod(hashint8(x.g * 16 + 1) & 2147483647, pn.n);
ALTER TABLE bench_d ADD PRIMARY KEY (id);
"""

# Liên thông agencies of each received dossier of a procedure that has them, with the
# time the dossier reached them (their first step) and left them (their last).
PARTICIPANTS = """
CREATE UNLOGGED TABLE bench_dp AS
SELECT %(id_offset)s + row_number() OVER (ORDER BY d.id, p.id) AS id,
       d.id AS dossier_id, p.id AS participant_id,
       coalesce(p.agency_id, d.deciding_agency) AS agency_id,
       coalesce(p.agency_id, d.deciding_agency) <> d.deciding_agency AS inter_agency,
       d.state NOT IN ('returned', 'refused', 'stopped') AS dossier_open,
       CASE WHEN r.first_idx <= d.k THEN
         d.received_at + (d.anchor - d.received_at) * (fs.cum_before / d.denom) END AS started_at,
       CASE WHEN r.first_idx <= d.k THEN
         d.received_at + (d.anchor - d.received_at) * (fs.cum_before / d.denom)
         + d.limit_days * p.budget::float8 / d.work_budget * interval '1 day' END AS due_at,
       CASE WHEN r.last_idx < d.k
              OR (r.last_idx = d.k AND d.state IN ('returned', 'decided', 'stopped'))
         THEN d.received_at + (d.anchor - d.received_at)
              * least((ls.cum_before + ls.budget) / d.denom, 1.0) END AS finished_at
FROM (SELECT id, version_id, k, state, received_at, anchor, denom, limit_days, work_budget,
             agency_id AS deciding_agency FROM bench_d WHERE k > 0) d
JOIN catalog_participant p ON p.version_id = d.version_id
JOIN (SELECT version_id, participant_id, min(idx) AS first_idx, max(idx) AS last_idx
      FROM bench_steps WHERE participant_id IS NOT NULL GROUP BY 1, 2) r
  ON r.version_id = d.version_id AND r.participant_id = p.id
JOIN bench_steps fs ON fs.version_id = d.version_id AND fs.idx = r.first_idx
JOIN bench_steps ls ON ls.version_id = d.version_id AND ls.idx = r.last_idx;
"""

# One task per process step of every received dossier (workflow.services._tasks_create),
# in the state the workflow leaves it; times stretched between receipt and the anchor in
# proportion to the step budgets.
TASKS = """
CREATE UNLOGGED TABLE bench_task AS
SELECT t.*,
  CASE WHEN t.status IN ('done', 'active') AND (t.status = 'done' OR t.idx = 1 OR t.u_assign < 0.88)
       THEN pp.user_id END AS assignee_id,
  CASE WHEN t.status IN ('done', 'active') AND (t.status = 'done' OR t.idx = 1 OR t.u_assign < 0.88)
        AND t.key >= 2000 AND t.key < 4000 THEN pp.unit_id END AS unit_id
FROM (
  SELECT d.id AS dossier_id, d.g, d.state, d.k, s.idx, s.ord, s.step_id, s.name, s.role_id,
         s.budget, dp.id AS participant_id,
         (s.idx = 1 OR s.counter_role) AS at_counter,
         CASE WHEN s.idx = 1 OR s.counter_role THEN o.agency_id
              ELSE coalesce(dp.agency_id, d.agency_id) END AS agency_id,
         CASE WHEN s.idx = 1 OR s.counter_role THEN d.receiving_unit_id END AS one_stop_unit_id,
         CASE WHEN s.idx = 1 OR s.counter_role THEN 1000 + d.receiving_unit_id
              WHEN s.role_code = 'unit_head' THEN 3000 + coalesce(dp.agency_id, d.agency_id)
              WHEN s.role_code = 'leader' THEN 4000 + coalesce(dp.agency_id, d.agency_id)
              ELSE 2000 + coalesce(dp.agency_id, d.agency_id) END AS key,
         CASE
           WHEN d.state IN ('returned', 'decided', 'stopped') THEN
             CASE WHEN s.idx <= d.k THEN 'done' ELSE 'skipped' END
           WHEN s.idx < d.k THEN 'done' WHEN s.idx = d.k THEN 'active' ELSE 'pending'
         END AS status,
         CASE WHEN s.idx <= d.k THEN
           d.received_at + (d.anchor - d.received_at) * (s.cum_before / d.denom) END AS started_at,
         CASE WHEN s.idx <= d.k THEN
           d.received_at + (d.anchor - d.received_at) * (s.cum_before / d.denom)
           + d.limit_days * s.budget / d.work_budget * interval '1 day' END AS due_at,
         CASE WHEN s.idx < d.k THEN
                d.received_at + (d.anchor - d.received_at) * ((s.cum_before + s.budget) / d.denom)
              WHEN s.idx = d.k AND d.state IN ('returned', 'decided', 'stopped') THEN d.anchor
         END AS finished_at,
         pg_temp.rnd(d.g * 16 + s.idx, 40) AS u_assign
  FROM bench_d d
  JOIN bench_steps s ON s.version_id = d.version_id
  JOIN bench_osu o ON o.osu_id = d.receiving_unit_id
  LEFT JOIN bench_dp dp ON dp.dossier_id = d.id AND dp.participant_id = s.participant_id
  WHERE d.k > 0
) t
JOIN bench_pool_n pn ON pn.key = t.key
JOIN bench_pool pp
  ON pp.key = t.key AND pp.idx = mod(hashint8(t.g * 16 + t.idx) & 2147483647, pn.n);
CREATE INDEX ON bench_task (dossier_id, idx);
"""

INSERT_DOSSIERS = """
INSERT INTO dossiers_dossier (
  id, code, version_id, procedure_id, channel, receiving_unit_id, deciding_agency_id,
  applicant_kind, citizen_id, organisation_id, owner_id, applicant_name, applicant_id_number,
  applicant_address, applicant_phone, applicant_email, representative_name,
  representative_id_number, authorisation_note, eform_data, result_delivery, delivery_address,
  sets_count, status, status_changed_at, supplement_stage, submitted_at, received_at,
  received_by_id, clock_start, appointment_at, original_appointment_at, paused_at,
  supplement_count, reschedule_count, current_step, current_step_name, current_agency_id,
  current_assignee_id, decision, decision_note, decided_at, result_ready_at, returned_at,
  ended_at, fee_requested, fee_paid, idempotency_key, idempotency_fingerprint, created_at,
  updated_at)
SELECT
  d.id, d.code, d.version_id, d.procedure_id, d.channel, d.receiving_unit_id, d.agency_id,
  d.applicant_kind, d.citizen_id, d.organisation_id, d.owner_id, d.applicant_name, d.id_number,
  d.address, d.phone, d.email, '', '', '', '{}'::jsonb,
  x.delivery, CASE WHEN x.delivery = 'post' THEN d.address ELSE '' END,
  1, x.status, x.status_changed_at,
  CASE d.state WHEN 'supp_intake' THEN 'intake' WHEN 'supp_appraisal' THEN 'appraisal' ELSE '' END,
  d.submitted_at, d.received_at, CASE WHEN d.k > 0 THEN d.recv_pick END,
  CASE WHEN d.k > 0 THEN d.clock_start END,
  CASE WHEN d.k > 0 THEN d.clock_start + d.limit_days * interval '1 day' END,
  CASE WHEN d.k > 0 THEN d.clock_start + d.limit_days * interval '1 day' END,
  CASE WHEN d.state IN ('supp_appraisal', 'payment') THEN d.anchor END,
  CASE WHEN d.state IN ('supp_intake', 'supp_appraisal') THEN 1 ELSE 0 END, 0,
  t.ord, coalesce(t.name, ''),
  CASE
    WHEN t.agency_id IS NOT NULL THEN t.agency_id
    WHEN d.state IN ('submitted', 'supp_intake', 'refused', 'returned') THEN o.agency_id
    WHEN d.state = 'decided' AND d.result_ready_at IS NOT NULL THEN o.agency_id
    ELSE d.agency_id
  END,
  t.assignee_id,
  CASE WHEN d.decided_at IS NULL THEN '' WHEN d.u_misc < 0.97 THEN 'approved' ELSE 'refused' END,
  CASE WHEN d.decided_at IS NOT NULL AND d.u_misc >= 0.97
       THEN 'Hồ sơ không đủ điều kiện theo quy định.' ELSE '' END,
  d.decided_at, d.result_ready_at, d.returned_at,
  CASE d.state WHEN 'returned' THEN d.returned_at WHEN 'refused' THEN d.stop_at
               WHEN 'stopped' THEN d.stop_at END,
  CASE WHEN d.state = 'payment' THEN 10000 * (5 + floor(d.u_misc * 500)::bigint) ELSE 0 END,
  0, '', '', d.submitted_at, x.status_changed_at
FROM bench_d d
JOIN bench_osu o ON o.osu_id = d.receiving_unit_id
LEFT JOIN bench_task t ON t.dossier_id = d.id AND t.idx = d.k AND t.status = 'active'
LEFT JOIN bench_task t2 ON t2.dossier_id = d.id AND t2.idx = 2,
LATERAL (SELECT
  CASE d.state
    WHEN 'supp_intake' THEN 'awaiting_supplement' WHEN 'supp_appraisal' THEN 'awaiting_supplement'
    WHEN 'payment' THEN 'awaiting_payment' WHEN 'withdrawal' THEN 'withdrawal_requested'
    ELSE d.state END AS status,
  CASE d.state
    WHEN 'returned' THEN d.returned_at WHEN 'refused' THEN d.stop_at
    WHEN 'stopped' THEN d.stop_at WHEN 'decided' THEN d.decided_at
    WHEN 'submitted' THEN d.submitted_at
    WHEN 'supp_intake' THEN d.submitted_at + d.intake * interval '1 day'
    WHEN 'received' THEN d.received_at
    WHEN 'in_progress' THEN t2.started_at
    ELSE d.anchor END AS status_changed_at,
  CASE WHEN d.channel = 'online' THEN
         CASE WHEN d.u_misc < 0.6 THEN 'online' WHEN d.u_misc < 0.7 THEN 'post' ELSE 'counter' END
       ELSE CASE WHEN d.u_misc < 0.85 THEN 'counter' ELSE 'post' END END AS delivery
) x
ORDER BY d.id;
"""

INSERT_PARTICIPANTS = """
INSERT INTO workflow_dossierparticipant (id, started_at, due_at, finished_at, outcome, agency_id,
    dossier_id, participant_id, inter_agency, dossier_open)
SELECT id, started_at, due_at, finished_at,
       CASE WHEN finished_at IS NOT NULL THEN pg_temp.outcome(finished_at, due_at) ELSE '' END,
       agency_id, dossier_id, participant_id, inter_agency, dossier_open
FROM bench_dp ORDER BY id;
"""

INSERT_TASKS = """
INSERT INTO workflow_task ("order", name, budget, status, started_at, due_at, finished_at, outcome,
    agency_id, assignee_id, dossier_id, one_stop_unit_id, participant_id, role_id, step_id, unit_id,
    dossier_open)
SELECT t.ord, t.name, t.budget, t.status, t.started_at, t.due_at, t.finished_at,
       CASE WHEN t.status = 'done' THEN pg_temp.outcome(t.finished_at, t.due_at) ELSE '' END,
       t.agency_id, t.assignee_id, t.dossier_id, t.one_stop_unit_id, t.participant_id,
       t.role_id, t.step_id, t.unit_id, d.state NOT IN ('returned', 'refused', 'stopped')
FROM bench_task t JOIN bench_d d ON d.id = t.dossier_id ORDER BY t.dossier_id, t.idx;
"""

# The history: one row per action the workflow services would have written, with the
# dossier's status and step after it (dossiers.services.dossier_event_append).
INSERT_EVENTS = [
    (
        "submit_online",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT submitted_at, 'submit_online', '', 'submitted', NULL, '', '',
               '{"channel": "online"}'::jsonb, owner_id, id
        FROM bench_d WHERE channel = 'online'
        """,
    ),
    (
        "request_supplement (intake)",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT submitted_at + intake * interval '1 day', 'request_supplement', 'submitted',
               'awaiting_supplement', NULL, '', 'Thiếu bản sao giấy tờ chứng minh nơi cư trú.',
               '{"stage": "intake"}'::jsonb, recv_pick, id
        FROM bench_d WHERE state = 'supp_intake'
        """,
    ),
    (
        "refuse",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT stop_at, 'refuse', 'submitted', 'refused', NULL, '',
               'Hồ sơ không thuộc thẩm quyền giải quyết.',
               '{"legal_basis": "Nghị định 118/2025/NĐ-CP, Điều 17"}'::jsonb, recv_pick, id
        FROM bench_d WHERE state = 'refused'
        """,
    ),
    (
        "receive / receive_counter",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT d.received_at,
               CASE WHEN d.channel = 'online' THEN 'receive' ELSE 'receive_counter' END,
               CASE WHEN d.channel = 'online' THEN 'submitted' ELSE '' END, 'received',
               s.ord, s.name, '',
               jsonb_build_object(
                 'appointment_at', d.clock_start + d.limit_days * interval '1 day'),
               d.recv_pick, d.id
        FROM bench_d d JOIN bench_steps s ON s.version_id = d.version_id AND s.idx = 1
        WHERE d.k > 0
        """,
    ),
    (
        "start_processing / hand_off",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT t.started_at, CASE WHEN t.idx = 2 THEN 'start_processing' ELSE 'hand_off' END,
               CASE WHEN t.idx = 2 THEN 'received' ELSE 'in_progress' END, 'in_progress',
               t.ord, t.name, '', '{}'::jsonb, p.assignee_id, t.dossier_id
        FROM bench_task t JOIN bench_task p ON p.dossier_id = t.dossier_id AND p.idx = t.idx - 1
        WHERE t.idx >= 2 AND t.started_at IS NOT NULL
        """,
    ),
    (
        "request_supplement (appraisal) / request_payment / withdraw",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT d.anchor,
               CASE d.state WHEN 'supp_appraisal' THEN 'request_supplement'
                            WHEN 'payment' THEN 'request_payment' ELSE 'withdraw' END,
               'in_progress',
               CASE d.state WHEN 'supp_appraisal' THEN 'awaiting_supplement'
                            WHEN 'payment' THEN 'awaiting_payment' ELSE 'withdrawal_requested' END,
               t.ord, t.name,
               CASE d.state WHEN 'supp_appraisal' THEN 'Bổ sung bản vẽ hiện trạng.'
                            WHEN 'payment' THEN '' ELSE 'Tôi không còn nhu cầu.' END,
               CASE d.state WHEN 'supp_appraisal' THEN '{"stage": "appraisal"}'::jsonb
                            WHEN 'payment' THEN '{}'::jsonb ELSE '{}'::jsonb END,
               CASE WHEN d.state = 'withdrawal' THEN d.owner_id ELSE t.assignee_id END, d.id
        FROM bench_d d JOIN bench_task t ON t.dossier_id = d.id AND t.idx = d.k
        WHERE d.state IN ('supp_appraisal', 'payment', 'withdrawal')
        """,
    ),
    (
        "withdraw + stop",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT d.stop_at - interval '2 hours', 'withdraw',
               CASE WHEN d.k = 1 THEN 'received' ELSE 'in_progress' END, 'withdrawal_requested',
               s.ord, s.name, 'Tôi không còn nhu cầu.', '{}'::jsonb, d.owner_id, d.id
        FROM bench_d d JOIN bench_steps s ON s.version_id = d.version_id AND s.idx = d.k
        WHERE d.state = 'stopped' AND d.withdrew
        UNION ALL
        SELECT d.stop_at, 'stop',
               CASE WHEN d.withdrew THEN 'withdrawal_requested'
                    WHEN d.k = 1 THEN 'received' ELSE 'in_progress' END, 'stopped',
               NULL::smallint, '', 'Dừng giải quyết hồ sơ.', '{}'::jsonb, d.recv_pick, d.id
        FROM bench_d d WHERE d.state = 'stopped'
        """,
    ),
    (
        "decide / mark_result_ready / return_result",
        """
        INSERT INTO dossiers_dossierevent (at, action, from_status, to_status, step, step_name,
            note, detail, actor_id, dossier_id)
        SELECT d.decided_at, 'decide', 'in_progress', 'decided', NULL::smallint, '', '',
               jsonb_build_object(
                 'decision', CASE WHEN d.u_misc < 0.97 THEN 'approved' ELSE 'refused' END),
               t.assignee_id, d.id
        FROM bench_d d JOIN bench_task t ON t.dossier_id = d.id AND t.idx = d.k
        WHERE d.state IN ('decided', 'returned')
        UNION ALL
        SELECT d.result_ready_at, 'mark_result_ready', 'decided', 'decided', NULL, '', '',
               '{}'::jsonb, d.recv_pick, d.id
        FROM bench_d d WHERE d.result_ready_at IS NOT NULL
        UNION ALL
        SELECT d.returned_at, 'return_result', 'decided', 'returned', NULL, '', '', '{}'::jsonb,
               d.recv_pick, d.id
        FROM bench_d d WHERE d.state = 'returned'
        """,
    ),
]

NOTICES = """
WITH r AS (
  INSERT INTO workflow_supplementrequest (stage, reason, legal_basis, requested_at, fulfilled_at,
      dossier_id, requested_by_id)
  SELECT CASE d.state WHEN 'supp_intake' THEN 'intake' ELSE 'appraisal' END,
         CASE d.state WHEN 'supp_intake' THEN 'Thiếu bản sao giấy tờ chứng minh nơi cư trú.'
                      ELSE 'Bổ sung bản vẽ hiện trạng.' END,
         'Nghị định 118/2025/NĐ-CP, Điều 11',
         CASE d.state WHEN 'supp_intake' THEN d.submitted_at + d.intake * interval '1 day'
                      ELSE d.anchor END,
         NULL, d.id,
         CASE d.state WHEN 'supp_intake' THEN d.recv_pick ELSE t.assignee_id END
  FROM bench_d d LEFT JOIN bench_task t ON t.dossier_id = d.id AND t.idx = d.k
  WHERE d.state IN ('supp_intake', 'supp_appraisal')
  RETURNING id, stage
)
INSERT INTO workflow_supplementitem (name, reason, component_id, request_id)
SELECT CASE r.stage WHEN 'intake' THEN 'Giấy tờ chứng minh nơi cư trú' ELSE 'Bản vẽ hiện trạng' END,
       'Bản chụp không rõ, cần bản sao có chứng thực hoặc bản điện tử.', NULL, r.id
FROM r;

INSERT INTO workflow_refusal (reason, legal_basis, refused_at, dossier_id, refused_by_id)
SELECT 'Hồ sơ không thuộc thẩm quyền giải quyết.', 'Nghị định 118/2025/NĐ-CP, Điều 17',
       stop_at, id, recv_pick
FROM bench_d WHERE state = 'refused';

INSERT INTO workflow_stopnotice (at_applicant_request, reason, stage, issued_at, dossier_id,
    issued_by_id)
SELECT withdrew,
       CASE WHEN withdrew THEN 'Người yêu cầu rút hồ sơ.' ELSE 'Dừng giải quyết hồ sơ.' END,
       CASE WHEN withdrew THEN 'withdrawal_requested'
            WHEN k = 1 THEN 'received' ELSE 'in_progress' END,
       stop_at, id, recv_pick
FROM bench_d WHERE state = 'stopped';

-- The running numbers end at the highest code used: the next receipt of the day goes on.
INSERT INTO dossiers_dossiercodesequence (day, last, agency_id)
SELECT local_day, max(num), agency_id FROM bench_d GROUP BY agency_id, local_day
ON CONFLICT (agency_id, day) DO UPDATE
  SET last = greatest(dossiers_dossiercodesequence.last, EXCLUDED.last);
"""

BIG_TABLES = ("dossiers_dossier", "workflow_task", "dossiers_dossierevent")
FILLED_TABLES = (
    "accounts_user",
    "accounts_citizen",
    "accounts_organisation",
    "agencies_staffassignment",
    "dossiers_dossier",
    "dossiers_dossierevent",
    "dossiers_dossiercodesequence",
    "workflow_task",
    "workflow_dossierparticipant",
    "workflow_supplementrequest",
    "workflow_supplementitem",
    "workflow_refusal",
    "workflow_stopnotice",
)


def drop_secondary_indexes(cur: psycopg.Cursor[Any]) -> list[str]:
    """Indexes that back no constraint, dropped for the load; their definitions."""
    cur.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        (list(BIG_TABLES),),
    )
    rows = cur.fetchall()
    for name, _definition in rows:
        cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return [definition for _name, definition in rows]


def verify_foreign_keys(cur: psycopg.Cursor[Any]) -> int:
    """Every foreign key of the filled tables, checked once with an anti-join."""
    cur.execute(
        """
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
        """,
        (list(FILLED_TABLES),),
    )
    broken = 0
    for table, column, parent, parent_column in cur.fetchall():
        cur.execute(
            sql.SQL(
                "SELECT count(*) FROM {t} c WHERE c.{c} IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM {p} p WHERE p.{pc} = c.{c})"
            ).format(
                t=sql.Identifier(table),
                c=sql.Identifier(column),
                p=sql.Identifier(parent),
                pc=sql.Identifier(parent_column),
            )
        )
        (missing,) = cur.fetchone() or (0,)
        if missing:
            print(f"    foreign key broken: {table}.{column} → {parent}: {missing} rows")
            broken += missing
    return broken


def summary(cur: psycopg.Cursor[Any]) -> tuple[list[tuple[str, int]], str]:
    rows = []
    for table in FILLED_TABLES:
        cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        (count,) = cur.fetchone() or (0,)
        rows.append((table, count))
    cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
    (size,) = cur.fetchone() or ("?",)
    return rows, size


def generate(
    url: str,
    n: int,
    verify: bool,
    demo_template: bool = False,
    active_share: float = ACTIVE_SHARE,
) -> None:
    timings: list[tuple[str, float]] = []
    rng = random.Random(20261122)
    started = time.perf_counter()
    print(f"database {url.rsplit('/', 1)[1]}: {n:,} dossiers")
    if demo_template:
        # Development shortcut: the migrated demo database is kept as <name>_demo and
        # copied (CREATE DATABASE … TEMPLATE), which skips the minute of migrations.
        template_url = url + "_demo"
        template = template_url.rsplit("/", 1)[1]
        if not database_exists(url, template):
            with phase(f"build template {template}: migrate, demo_load()", timings):
                fresh_database(template_url)
                load_demo(template_url)
        with phase(f"fresh database from {template}, migrate", timings):
            fresh_database(url, template=template)
            # The copy may predate the newest migrations: apply them (nothing to do
            # when it is current).
            with tempfile.TemporaryDirectory(prefix="motcua-bench-") as var:
                subprocess.run(
                    [Path(sys.executable).parent / "motcua", "migrate", "--no-input", "-v", "0"],
                    env={**os.environ, "MOTCUA_DATABASE_URL": url, "MOTCUA_VAR_DIR": var},
                    check=True,
                )
    else:
        with phase("fresh database, migrate, demo_load()", timings):
            fresh_database(url)
            load_demo(url)
    # Client-side binding: the scripts below hold several statements each.
    with (
        psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor) as conn,
        conn.cursor() as cur,
    ):
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET maintenance_work_mem = '1GB'")
        # Foreign keys are checked once at the end (verify_foreign_keys), not by a
        # deferred trigger per row.
        cur.execute("SET session_replication_role = replica")
        cur.execute(HELPERS)
        with phase("reference tables", timings):
            cur.execute(VERSIONS)
        with phase("staff and pools", timings):
            info = build_staff(cur, n, rng)
        citizens = max(1000, n * 3 // 10)
        organisations = max(100, n * 15 // 1000)
        with phase(f"applicants ({citizens:,} citizens, {organisations:,} businesses)", timings):
            cur.execute(
                APPLICANTS,
                {
                    "citizens": citizens,
                    "organisations": organisations,
                    "account_share": ACCOUNT_SHARE,
                    "fam": _nfc(FAMILY),
                    "mid_m": _nfc(MIDDLE_M),
                    "mid_f": _nfc(MIDDLE_F),
                    "giv_m": _nfc(GIVEN_M),
                    "giv_f": _nfc(GIVEN_F),
                    "prefixes": PHONE_PREFIXES,
                    "kinds": _nfc(ORG_KIND),
                    "trades": _nfc(ORG_TRADE),
                    "brands": _nfc(ORG_BRAND),
                },
            )
        cur.execute("SELECT now()")
        (now,) = cur.fetchone() or (None,)
        cur.execute("SELECT coalesce(max(id), 0) FROM dossiers_dossier")
        (dossier_offset,) = cur.fetchone() or (0,)
        with phase("plan the dossiers (staging)", timings):
            cur.execute(
                DOSSIERS,
                {
                    "n": n,
                    "now": now,
                    "days": HISTORY_DAYS,
                    "active_share": active_share,
                    "slots": info["slots"],
                    "nslots": len(info["slots"]),
                    "id_offset": dossier_offset,
                },
            )
        cur.execute("SELECT coalesce(max(id), 0) FROM workflow_dossierparticipant")
        (participant_offset,) = cur.fetchone() or (0,)
        with phase("plan participants and tasks (staging)", timings):
            cur.execute(PARTICIPANTS, {"id_offset": participant_offset})
            cur.execute(TASKS)
        with phase("drop secondary indexes", timings):
            definitions = drop_secondary_indexes(cur)
        with phase("insert dossiers", timings):
            cur.execute(INSERT_DOSSIERS)
        with phase("insert participants and tasks", timings):
            cur.execute(INSERT_PARTICIPANTS)
            cur.execute(INSERT_TASKS)
        with phase("insert history", timings):
            for _label, statement in INSERT_EVENTS:
                cur.execute(statement)
        with phase("notices and code sequences", timings):
            cur.execute(NOTICES)
            for table in ("dossiers_dossier", "workflow_dossierparticipant"):
                cur.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({t}, 'id'), "
                        "(SELECT max(id) FROM {i}))"
                    ).format(t=sql.Literal(table), i=sql.Identifier(table))
                )
        with phase(f"rebuild {len(definitions)} secondary indexes", timings):
            for definition in definitions:
                cur.execute(definition)
        cur.execute("SET session_replication_role = DEFAULT")
        with phase("drop staging tables", timings):
            cur.execute(
                "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename LIKE 'bench\\_%%'"
            )
            (staging,) = cur.fetchone() or (None,)
            if staging:
                cur.execute(
                    sql.SQL("DROP TABLE {}").format(
                        sql.SQL(", ").join(sql.Identifier(t) for t in staging.split(", "))
                    )
                )
        with phase("VACUUM ANALYZE", timings):
            cur.execute("VACUUM (ANALYZE)")
        generation = time.perf_counter() - started
        if verify:
            with phase("verify foreign keys", timings):
                broken = verify_foreign_keys(cur)
            if broken:
                raise SystemExit(f"{broken} rows break a foreign key")
        rows, size = summary(cur)
    print(
        f"\ngenerated in {generation:.0f} s "
        f"(with verification {time.perf_counter() - started:.0f} s)"
    )
    print(f"synthetic staff: {info['staff_created']}; database size {size}\n")
    print("| table | rows |\n|---|---|")
    for table, count in rows:
        print(f"| {table} | {count:,} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-verify", action="store_true", help="skip the foreign-key check")
    parser.add_argument(
        "--demo-template",
        action="store_true",
        help="copy the demo database from <name>_demo (built once) instead of migrating again",
    )
    parser.add_argument(
        "--active-share",
        type=float,
        default=ACTIVE_SHARE,
        help="share of the dossiers still open (default 0.05; 1.0: all open)",
    )
    args = parser.parse_args()
    if not 0 <= args.active_share <= 1:
        raise SystemExit("--active-share must lie between 0 and 1")
    if not args.database_url.startswith("postgres"):
        raise SystemExit("PostgreSQL only")
    generate(
        args.database_url,
        args.dossiers,
        verify=not args.no_verify,
        demo_template=args.demo_template,
        active_share=args.active_share,
    )


if __name__ == "__main__":
    main()
