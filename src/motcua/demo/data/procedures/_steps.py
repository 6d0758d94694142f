"""The steps nearly every internal procedure (quy trình nội bộ) is made of: the
one-stop unit receives, a specialist appraises, the head of the office reviews, the
leader signs, the one-stop unit returns the result (Decree 118/2025 Arts. 16-20)."""

from __future__ import annotations

from decimal import Decimal

from motcua.accounts.constants import RoleCode
from motcua.catalog.constants import ComponentForm
from motcua.demo.data.types import ComponentSpec, StepSpec

COUNTER = "Bộ phận Một cửa"
COMMUNE_OFFICER = "Công chức Văn phòng HĐND và UBND phường (tư pháp - hộ tịch)"
COMMUNE_OFFICE_HEAD = "Chánh Văn phòng HĐND và UBND phường"
COMMUNE_LEADER = "Chủ tịch hoặc Phó Chủ tịch UBND phường"


def receive(budget: str, *, performer: str = COUNTER, participant: str | None = None) -> StepSpec:
    return StepSpec(
        "Tiếp nhận, kiểm tra, số hóa hồ sơ và chuyển xử lý",
        Decimal(budget),
        performer,
        RoleCode.COUNTER_OFFICER,
        participant,
    )


def appraise(
    budget: str,
    *,
    performer: str,
    name: str = "Thẩm định hồ sơ, đề xuất kết quả giải quyết",
    participant: str | None = None,
) -> StepSpec:
    return StepSpec(name, Decimal(budget), performer, RoleCode.SPECIALIST, participant)


def review(
    budget: str,
    *,
    performer: str,
    name: str = "Xem xét, trình ký",
    participant: str | None = None,
) -> StepSpec:
    return StepSpec(name, Decimal(budget), performer, RoleCode.UNIT_HEAD, participant)


def sign(
    budget: str,
    *,
    performer: str,
    name: str = "Phê duyệt, ký kết quả",
    participant: str | None = None,
) -> StepSpec:
    return StepSpec(name, Decimal(budget), performer, RoleCode.LEADER, participant)


def give_back(budget: str, *, performer: str = COUNTER, participant: str | None = None) -> StepSpec:
    return StepSpec(
        "Trả kết quả cho người yêu cầu",
        Decimal(budget),
        performer,
        RoleCode.COUNTER_OFFICER,
        participant,
    )


IDENTITY = ComponentSpec(
    "Thẻ căn cước, Căn cước công dân hoặc giấy tờ tùy thân có ảnh của người nộp hồ sơ",
    ComponentForm.PRESENTED,
    note="Không phải xuất trình nếu thông tin đã được khai thác từ Cơ sở dữ liệu quốc gia "
    "về dân cư hoặc xác thực qua tài khoản định danh điện tử (VNeID).",
)

AUTHORISATION = ComponentSpec(
    "Văn bản ủy quyền được chứng thực (trường hợp ủy quyền nộp hồ sơ)",
    ComponentForm.CERTIFIED_COPY,
    mandatory=False,
    note="Không phải chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, con, vợ, "
    "chồng, anh, chị, em ruột của người ủy quyền.",
)
