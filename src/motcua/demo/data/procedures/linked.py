"""The two inter-agency (liên thông) groups of Decree 63/2024/NĐ-CP: birth with
permanent residence and a health-insurance card for children under 6; death with
removal of permanent residence and funeral and survivor allowances."""

from __future__ import annotations

from decimal import Decimal

from motcua.accounts.constants import RoleCode
from motcua.catalog.constants import (
    ComponentForm,
    FeeKind,
    OnlineMode,
    ParticipantRole,
    ProcedureLevel,
    ResultType,
    TimeUnit,
)
from motcua.demo.data import reference as ref
from motcua.demo.data.organisation import BHXH_TINH
from motcua.demo.data.procedures._steps import (
    COMMUNE_LEADER,
    COMMUNE_OFFICER,
    appraise,
    give_back,
    receive,
    sign,
)
from motcua.demo.data.types import (
    ComponentSpec,
    FeeSpec,
    ParticipantSpec,
    ProcedureSpec,
    StepSpec,
)

# Decree 63/2024/NĐ-CP, group 1. The split of the five working days between the three
# agencies is illustrative; check it against the Decree before relying on it.
BIRTH_LINKED = ProcedureSpec(
    code="2.000986",
    name="Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ "
    "bảo hiểm y tế cho trẻ em dưới 6 tuổi",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority="Ủy ban nhân dân cấp xã; Công an cấp xã; Bảo hiểm xã hội",
    applicants="Cha, mẹ hoặc người đại diện theo pháp luật của trẻ em dưới 6 tuổi",
    steps_description="Người yêu cầu nộp một hồ sơ điện tử liên thông; UBND cấp xã đăng ký "
    "khai sinh rồi chuyển dữ liệu cho Công an cấp xã đăng ký thường trú và cơ quan Bảo hiểm "
    "xã hội cấp thẻ bảo hiểm y tế.",
    time_limit_value=Decimal(5),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Tổng thời gian của ba cơ quan (phân bổ minh họa, đối chiếu Nghị định "
    "63/2024/NĐ-CP).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Giấy khai sinh; thông báo kết quả đăng ký thường trú; thẻ bảo hiểm y tế",
    components=(
        ComponentSpec(
            "Tờ khai điện tử liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo "
            "hiểm y tế",
            ComponentForm.ORIGINAL,
        ),
        ComponentSpec("Giấy chứng sinh (bản điện tử hoặc bản chụp)", ComponentForm.COPY),
        ComponentSpec(
            "Văn bản đồng ý của chủ hộ hoặc chủ sở hữu chỗ ở hợp pháp",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Khi đăng ký thường trú cho trẻ vào chỗ ở không thuộc sở hữu của cha, mẹ.",
        ),
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký khai sinh, đăng ký thường trú cho trẻ em",
            FeeKind.CHARGE,
            0,
            unit_note="Miễn lệ phí",
            legal_basis="Luật Hộ tịch Điều 11; Thông tư 75/2022/TT-BTC",
        ),
    ),
    legal_bases=(
        ref.DECREE_63_2024,
        ref.LAW_CIVIL_STATUS,
        ref.LAW_RESIDENCE,
        ref.LAW_HEALTH_INSURANCE,
    ),
    participants=(
        ParticipantSpec(
            "ubnd", ParticipantRole.LEAD, agency_description="UBND cấp xã nơi đăng ký khai sinh"
        ),
        ParticipantSpec(
            "cong-an",
            ParticipantRole.COORDINATING,
            agency_description="Công an cấp xã nơi đăng ký thường trú",
        ),
        ParticipantSpec("bhxh", ParticipantRole.COORDINATING, agency_code=BHXH_TINH),
    ),
    steps=(
        receive("0.25", participant="ubnd"),
        appraise("0.5", performer=COMMUNE_OFFICER, name="Đăng ký khai sinh", participant="ubnd"),
        sign("0.25", performer=COMMUNE_LEADER, participant="ubnd"),
        StepSpec(
            "Đăng ký thường trú cho trẻ em",
            Decimal(3),
            "Công an cấp xã",
            RoleCode.SPECIALIST,
            "cong-an",
        ),
        StepSpec(
            "Cấp thẻ bảo hiểm y tế",
            Decimal("0.75"),
            "Bảo hiểm xã hội tỉnh",
            RoleCode.SPECIALIST,
            "bhxh",
        ),
        give_back("0.25", participant="ubnd"),
    ),
)

# Decree 63/2024/NĐ-CP, group 2; the split of the days is illustrative as above.
DEATH_LINKED = ProcedureSpec(
    code="2.002622",
    name="Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, giải "
    "quyết mai táng phí, tử tuất",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority="Ủy ban nhân dân cấp xã; Công an cấp xã; Bảo hiểm xã hội",
    applicants="Thân nhân của người chết",
    time_limit_value=Decimal(7),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Tổng thời gian của ba cơ quan (phân bổ minh họa, đối chiếu Nghị định "
    "63/2024/NĐ-CP).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Trích lục khai tử; xóa đăng ký thường trú; quyết định hưởng mai táng phí, "
    "trợ cấp tử tuất",
    components=(
        ComponentSpec(
            "Tờ khai điện tử liên thông đăng ký khai tử, xóa đăng ký thường trú, giải quyết "
            "mai táng phí, tử tuất",
            ComponentForm.ORIGINAL,
        ),
        ComponentSpec("Giấy báo tử hoặc giấy tờ thay thế (bản chụp)", ComponentForm.COPY),
        ComponentSpec(
            "Giấy tờ chứng minh quan hệ thân nhân",
            ComponentForm.COPY,
            mandatory=False,
            note="Khi đề nghị hưởng trợ cấp tuất hằng tháng.",
        ),
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký khai tử đúng hạn",
            FeeKind.CHARGE,
            0,
            unit_note="Miễn lệ phí",
            legal_basis="Luật Hộ tịch Điều 11 khoản 1 điểm b",
        ),
    ),
    legal_bases=(
        ref.DECREE_63_2024,
        ref.LAW_CIVIL_STATUS,
        ref.LAW_RESIDENCE,
        ref.LAW_SOCIAL_INSURANCE,
    ),
    participants=(
        ParticipantSpec(
            "ubnd", ParticipantRole.LEAD, agency_description="UBND cấp xã nơi đăng ký khai tử"
        ),
        ParticipantSpec(
            "cong-an",
            ParticipantRole.COORDINATING,
            agency_description="Công an cấp xã nơi người chết thường trú",
        ),
        ParticipantSpec("bhxh", ParticipantRole.COORDINATING, agency_code=BHXH_TINH),
    ),
    steps=(
        receive("0.25", participant="ubnd"),
        appraise("0.5", performer=COMMUNE_OFFICER, name="Đăng ký khai tử", participant="ubnd"),
        sign("0.25", performer=COMMUNE_LEADER, participant="ubnd"),
        StepSpec(
            "Xóa đăng ký thường trú", Decimal(2), "Công an cấp xã", RoleCode.SPECIALIST, "cong-an"
        ),
        StepSpec(
            "Giải quyết mai táng phí, trợ cấp tử tuất",
            Decimal("3.75"),
            "Bảo hiểm xã hội tỉnh",
            RoleCode.SPECIALIST,
            "bhxh",
        ),
        give_back("0.25", participant="ubnd"),
    ),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (BIRTH_LINKED, DEATH_LINKED)
