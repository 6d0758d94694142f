"""The leader's dashboard (issue 7 §4) on the small March 2026 of the KPI tests
(``reports.tests.test_kpis._march``: ten building permits decided by Sở Xây dựng,
received at the province's centre). The expected numbers are counted by hand there
and written again here, as a leader reads them on the page, in the .xlsx and the CSV."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.constants import RoleCode
from motcua.agencies.services import unit_create
from motcua.reports.models import DailyFlow
from motcua.reports.tests.test_kpis import _march
from motcua.workflow.tests.world import _staff

pytestmark = pytest.mark.django_db

URL = reverse("office:dashboard")
MARCH = {"loai": "thang", "thang": "2026-03"}

# Vietnamese number format on the page (decimal comma); None is "—".
MARCH_KPIS = {
    "Tiếp nhận mới trong kỳ": "9",
    "Tồn kỳ trước chuyển sang": "0",
    "Đã giải quyết": "7",
    "Giải quyết trước hạn": "3",
    "Giải quyết đúng hạn": "3",
    "Giải quyết quá hạn": "1",
    "Tỷ lệ đúng hạn": "85,71",  # 6 of 7
    "Đang giải quyết cuối kỳ": "1",
    "Đã trả kết quả": "1",
    "Từ chối tiếp nhận": "1",
    "Rút hồ sơ": "1",
    "Dừng giải quyết": "1",
    "Yêu cầu bổ sung": "1",
    "Xin lỗi, hẹn lại": "1",
    "Thời gian giải quyết trung bình": "36,43",  # 255 h ÷ 7
    "Thời gian theo quy định trung bình": "40,00",
    "Rút ngắn so với quy định": "8,93",  # 25 ÷ 280
    "Tỷ lệ nộp trực tuyến": "11,11",  # 1 of 9
    "Tỷ lệ số hóa khi tiếp nhận": "11,11",
    "Tỷ lệ hài lòng": "66,67",  # 2 of 3
}
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long"
CONSTRUCTION = "Sở Xây dựng tỉnh Vĩnh Long"


def kpi_table(html: str) -> dict[str, str]:
    body = html.split('class="list dash-kpis"')[1].split("</table>")[0]
    return dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]*)</td>', body))


def compare_rows(html: str) -> list[list[str]]:
    body = html.split('class="list dash-compare"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', body, re.S)
    return [[name, *re.findall(r"<td>([^<]*)</td>", cells)] for name, cells in rows]


@pytest.fixture
def march(w):
    _march(w)
    return w


def test_the_leader_reads_march_of_their_department(client, march):
    w = march
    client.force_login(w.leader)
    response = client.get(URL, {**MARCH, "co_quan": w.construction.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert kpi_table(html) == MARCH_KPIS
    assert "Tháng 03/2026" in html
    # The comparison: one receiving unit, one deciding agency, same figures.
    line = ["9", "7", "3", "3", "1", "85,71", "66,67"]
    assert compare_rows(html) == [[CENTRE, *line], [CONSTRUCTION, *line]]
    # The trend: April 2025 to March 2026, only March has dossiers.
    trend = html.split('class="list dash-trend"')[1].split("</table>")[0]
    months = re.findall(
        r'<th scope="row">([^<]+)</th><td>(\d+)</td>.*?<td>([^<]*)</td></tr>', trend
    )
    assert len(months) == 12
    assert months[0] == ("04/2025", "0", "—")
    assert months[-1] == ("03/2026", "9", "85,71")
    # The charts are inline SVG with a title, no script.
    assert "<svg" in html and "Tỷ lệ đúng hạn theo tháng (%)</title>" in html
    assert "<script" not in html.split("<main")[-1]
    # The late list (the leader desk's): every dossier not yet handed back whose
    # appointment has passed: 2 to 6 and 10 decided, 9 in progress; 1 was returned.
    late = html.split('id="late-title"')[1]
    assert "<small>(7)</small>" in late
    codes = re.findall(r'href="/office/ho-so/([^/]+)/"', late)
    assert sorted(code[-2:] for code in codes) == ["02", "03", "04", "05", "06", "09", "10"]
    assert "Trễ hạn" in late


def test_the_menu_shows_the_dashboard_to_the_leader_only(client, w):
    client.force_login(w.leader)
    assert URL in client.get(reverse("office:home")).content.decode()
    client.force_login(w.specialist)
    assert URL not in client.get(reverse("office:home")).content.decode()


def test_the_province_sees_its_departments_and_a_quarter_and_a_year(client, march):
    w = march
    client.force_login(w.leader)
    # Sở Xây dựng's leader sees only Sở Xây dựng (no parent, no sibling).
    html = client.get(URL, MARCH).content.decode()
    options = re.findall(
        r'<option value="\d+"[^>]*>([^<]+)</option>',
        html.split('name="co_quan"')[1].split("</select>")[0],
    )
    assert options == [CONSTRUCTION]
    inspector = _staff("thanhtra", "Trương Văn Tra", [(RoleCode.INSPECTOR, w.province, {})])
    client.force_login(inspector)
    for query in ({"loai": "quy", "nam": "2026", "quy": "1"}, {"loai": "nam", "nam": "2026"}):
        html = client.get(URL, {**query, "co_quan": w.province.pk}).content.decode()
        table = kpi_table(html)
        assert (table["Tiếp nhận mới trong kỳ"], table["Tỷ lệ đúng hạn"]) == ("9", "85,71")
    assert (
        "Quý 1/2026" in client.get(URL, {"loai": "quy", "nam": "2026", "quy": "1"}).content.decode()
    )
    # Second quarter: nothing received nor resolved, the stock of one carried over.
    html = client.get(URL, {"loai": "quy", "nam": "2026", "quy": "2"}).content.decode()
    table = kpi_table(html)
    assert table["Tồn kỳ trước chuyển sang"] == "1"
    assert (table["Tỷ lệ đúng hạn"], table["Tỷ lệ hài lòng"], table["Tỷ lệ nộp trực tuyến"]) == (
        "—",
        "—",
        "—",
    )


def test_a_unit_filter(client, march):
    w = march
    client.force_login(w.unit_head)
    html = client.get(URL, {**MARCH, "bo_phan": w.centre.pk}).content.decode()
    assert kpi_table(html)["Đã giải quyết"] == "7"
    assert f"{CONSTRUCTION} – {CENTRE}" in html


def test_who_may_not_open_it(client, march):
    w = march
    assert client.get(URL).status_code == 302
    assert reverse("office:login") in client.get(URL)["Location"]
    for person in (w.an.user, w.specialist, w.counter, w.no_role):
        client.force_login(person)
        response = client.get(URL, MARCH)
        assert response.status_code == 403, person
        assert "Tỷ lệ đúng hạn" not in response.content.decode()
        export = reverse("office:dashboard_export", args=["chi-so", "csv"])
        assert client.get(export, MARCH).status_code == 403


def test_a_leader_of_another_agency_sees_only_theirs(client, march):
    w = march
    client.force_login(w.justice_leader)
    html = client.get(URL, MARCH).content.decode()
    table = kpi_table(html)
    assert (table["Tiếp nhận mới trong kỳ"], table["Tỷ lệ đúng hạn"]) == ("0", "—")
    assert "Không có hồ sơ trễ hạn" in html
    # Asking for Sở Xây dựng by its id: refused with a message, no number shown.
    response = client.get(URL, {**MARCH, "co_quan": w.construction.pk})
    assert response.status_code == 400
    assert "không thuộc phạm vi được xem" in response.content.decode()
    assert 'class="list dash-kpis"' not in response.content.decode()
    export = reverse("office:dashboard_export", args=["chi-so", "xlsx"])
    assert client.get(export, {**MARCH, "co_quan": w.construction.pk}).status_code == 400


@pytest.mark.parametrize(
    "query, message",
    [
        ({"loai": "tuan"}, "Loại kỳ báo cáo"),
        ({"thang": "2026-13"}, "Tháng phải có dạng"),
        ({"thang": "<script>alert(1)</script>"}, "Tháng phải có dạng"),
        ({"thang": "9" * 5000}, "Tháng phải có dạng"),
        ({"loai": "nam", "nam": "20x6"}, "Năm phải là"),
        ({"loai": "nam", "nam": "1999"}, "Năm phải là"),
        ({"loai": "quy", "nam": "2026", "quy": "5"}, "Quý phải là"),
        ({"co_quan": "abc"}, "Cơ quan đã chọn"),
        ({"co_quan": "9" * 40}, "Cơ quan đã chọn"),
        ({"bo_phan": "-1"}, "Bộ phận một cửa đã chọn"),
    ],
)
def test_bad_filters_get_a_message(client, march, query, message):
    client.force_login(march.leader)
    rows = DailyFlow.objects.count()
    response = client.get(URL, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert" not in html
    assert DailyFlow.objects.count() == rows
    export = reverse("office:dashboard_export", args=["so-sanh", "csv"])
    assert client.get(export, query).status_code == 400


def test_unknown_export_table_or_format(client, march):
    client.force_login(march.leader)
    for args in (["bang", "csv"], ["chi-so", "pdf"]):
        response = client.get(reverse("office:dashboard_export", args=args), MARCH)
        assert response.status_code == 400


def test_the_exports_hold_the_numbers_of_the_page(client, march):
    w = march
    client.force_login(w.leader)
    query = {**MARCH, "co_quan": w.construction.pk}
    response = client.get(reverse("office:dashboard_export", args=["chi-so", "xlsx"]), query)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"Chỉ số – {CONSTRUCTION} – Tháng 03/2026"
    values = {label: value for label, value, _ in rows[2:]}
    assert values["Tiếp nhận mới trong kỳ"] == 9
    assert values["Giải quyết quá hạn"] == 1
    assert values["Tỷ lệ đúng hạn"] == 85.71
    assert values["Thời gian giải quyết trung bình"] == 36.43
    assert values["Tỷ lệ hài lòng"] == 66.67
    assert len(values) == len(MARCH_KPIS)

    response = client.get(reverse("office:dashboard_export", args=["chi-so", "csv"]), query)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    csv_values = {line[0]: line[1] for line in lines[2:]}
    assert {k: v.replace(".", ",") for k, v in csv_values.items()} == MARCH_KPIS

    response = client.get(reverse("office:dashboard_export", args=["so-sanh", "xlsx"]), query)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[2] == (f"Bộ phận: {CENTRE}", 9, 7, 3, 3, 1, 85.71, 66.67)
    assert rows[3] == (f"Cơ quan: {CONSTRUCTION}", 9, 7, 3, 3, 1, 85.71, 66.67)
    response = client.get(reverse("office:dashboard_export", args=["so-sanh", "csv"]), query)
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[2] == [f"Bộ phận: {CENTRE}", "9", "7", "3", "3", "1", "85.71", "66.67"]


def test_no_data_is_a_dash_in_the_exports(client, w):
    client.force_login(w.leader)
    response = client.get(reverse("office:dashboard_export", args=["chi-so", "csv"]), MARCH)
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    values = {line[0]: line[1] for line in lines[2:]}
    assert (values["Tiếp nhận mới trong kỳ"], values["Tỷ lệ đúng hạn"]) == ("0", "—")
    response = client.get(reverse("office:dashboard_export", args=["so-sanh", "xlsx"]), MARCH)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows) == 2  # title and header only


def test_without_filters_this_month_of_the_own_agency(client, w):
    client.force_login(w.leader)
    today = timezone.localdate()
    html = client.get(URL).content.decode()
    assert f"{CONSTRUCTION} – <strong>Tháng {today.month:02d}/{today.year}</strong>" in html
    assert f'value="{today.year:04d}-{today.month:02d}"' in html


def test_a_unit_head_of_one_unit_sees_only_the_late_dossiers_they_may_open(client, march):
    """Posted to one unit of Sở Xây dựng, a unit head reads the agency's numbers, but
    the late list holds only the dossiers whose steps went through their unit: all
    seven for Phòng Quản lý xây dựng, none for a unit that handled none."""
    w = march
    other = unit_create(actor=None, agency=w.construction, code="TTXD", name="Thanh tra Sở")
    for username, unit, count in (("tp.qlxd", w.building_unit, 7), ("tp.ttxd", other, 0)):
        head = _staff(
            username, "Lê Văn Hai", [(RoleCode.UNIT_HEAD, w.construction, {"unit": unit})]
        )
        client.force_login(head)
        html = client.get(URL, MARCH).content.decode()
        assert kpi_table(html)["Đã giải quyết"] == "7"
        late = html.split('id="late-title"')[1]
        assert f"<small>({count})</small>" in late
        links = re.findall(r'href="(/office/ho-so/[^/]+/)"', late)
        assert len(links) == count
        for link in links:
            assert client.get(link).status_code == 200
