"""Business registration: household businesses at the commune (Decree 168/2025/NĐ-CP,
in force 1/7/2025) and enterprises at Sở Tài chính, which took over business
registration from the former Sở Kế hoạch và Đầu tư."""

from __future__ import annotations

from decimal import Decimal

from motcua.catalog.constants import (
    ComponentForm,
    FeeKind,
    OnlineMode,
    ProcedureLevel,
    ResultType,
    TimeUnit,
)
from motcua.demo.data import reference as ref
from motcua.demo.data.organisation import SO_TAI_CHINH
from motcua.demo.data.procedures._steps import (
    AUTHORISATION,
    COMMUNE_LEADER,
    IDENTITY,
    appraise,
    give_back,
    receive,
    review,
    sign,
)
from motcua.demo.data.types import ComponentSpec, FeeSpec, ProcedureSpec, StepSpec

_HKD_AUTHORITY = "Phòng Kinh tế, Hạ tầng và Đô thị thuộc UBND cấp xã"
_HKD_OFFICER = "Phòng Kinh tế, Hạ tầng và Đô thị"
_HKD_HEAD = "Trưởng phòng Kinh tế, Hạ tầng và Đô thị"
_HKD_NOTE = "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."
_HKD_APPLICANTS = "Cá nhân, thành viên hộ gia đình là công dân Việt Nam"
_HKD_BASES = (ref.DECREE_168_2025, ref.LAW_ENTERPRISES)
_HKD_FORM = "ban hành kèm theo Thông tư hướng dẫn đăng ký doanh nghiệp của Bộ Tài chính"


def _hkd_steps() -> tuple[StepSpec, ...]:
    return (
        receive("0.5"),
        appraise("1", performer=_HKD_OFFICER),
        review("0.5", performer=_HKD_HEAD),
        sign("0.5", performer=COMMUNE_LEADER),
        give_back("0.5"),
    )


HOUSEHOLD_BUSINESS_REGISTRATION = ProcedureSpec(
    code="1.001612",
    name="Đăng ký thành lập hộ kinh doanh",
    field_code="ho-kinh-doanh",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_HKD_AUTHORITY,
    applicants=_HKD_APPLICANTS,
    requirements="Ngành, nghề đăng ký kinh doanh không bị cấm; tên hộ kinh doanh không trùng "
    "với tên hộ kinh doanh đã đăng ký trong phạm vi cấp xã.",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note=_HKD_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy chứng nhận đăng ký hộ kinh doanh",
    components=(
        ComponentSpec(
            "Giấy đề nghị đăng ký hộ kinh doanh",
            ComponentForm.ORIGINAL,
            template_name=f"Giấy đề nghị đăng ký hộ kinh doanh {_HKD_FORM}",
        ),
        ComponentSpec(
            "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Khi các thành viên hộ gia đình cùng đăng ký hộ kinh doanh.",
        ),
        ComponentSpec(
            "Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh",
            ComponentForm.ORIGINAL,
            mandatory=False,
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký hộ kinh doanh",
            FeeKind.CHARGE,
            100_000,
            online_amount=50_000,
            unit_note="đồng/lần (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
            exemptions=("ho-ngheo",),
        ),
    ),
    legal_bases=(*_HKD_BASES, ref.CIRCULAR_85_2019_BTC),
    steps=_hkd_steps(),
)

HOUSEHOLD_BUSINESS_CHANGE = ProcedureSpec(
    code="2.000720",
    name="Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
    field_code="ho-kinh-doanh",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_HKD_AUTHORITY,
    applicants="Chủ hộ kinh doanh",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note=_HKD_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy chứng nhận đăng ký hộ kinh doanh (cấp đổi)",
    components=(
        ComponentSpec(
            "Thông báo thay đổi nội dung đăng ký hộ kinh doanh",
            ComponentForm.ORIGINAL,
            template_name=f"Thông báo thay đổi nội dung đăng ký hộ kinh doanh {_HKD_FORM}",
        ),
        ComponentSpec("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", ComponentForm.ORIGINAL),
        AUTHORISATION,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
            FeeKind.CHARGE,
            50_000,
            unit_note="đồng/lần (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
        ),
    ),
    legal_bases=_HKD_BASES,
    steps=_hkd_steps(),
)

HOUSEHOLD_BUSINESS_SUSPENSION = ProcedureSpec(
    code="1.001570",
    name="Tạm ngừng hoạt động hộ kinh doanh",
    field_code="ho-kinh-doanh",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_HKD_AUTHORITY,
    applicants="Chủ hộ kinh doanh",
    requirements="Thông báo chậm nhất 03 ngày làm việc trước ngày tạm ngừng kinh doanh.",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note=_HKD_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh",
    components=(
        ComponentSpec(
            "Thông báo về việc tạm ngừng hoạt động hộ kinh doanh",
            ComponentForm.ORIGINAL,
            template_name=f"Thông báo tạm ngừng kinh doanh {_HKD_FORM}",
        ),
        AUTHORISATION,
    ),
    legal_bases=_HKD_BASES,
    steps=_hkd_steps(),
)

HOUSEHOLD_BUSINESS_CLOSURE = ProcedureSpec(
    code="1.001266",
    name="Chấm dứt hoạt động hộ kinh doanh",
    field_code="ho-kinh-doanh",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_HKD_AUTHORITY,
    applicants="Chủ hộ kinh doanh",
    requirements="Đã hoàn thành nghĩa vụ thuế với cơ quan thuế.",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note=_HKD_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
    components=(
        ComponentSpec(
            "Thông báo về việc chấm dứt hoạt động hộ kinh doanh",
            ComponentForm.ORIGINAL,
            template_name=f"Thông báo chấm dứt hoạt động hộ kinh doanh {_HKD_FORM}",
        ),
        ComponentSpec("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", ComponentForm.ORIGINAL),
        AUTHORISATION,
    ),
    legal_bases=_HKD_BASES,
    steps=_hkd_steps(),
)

SOLE_PROPRIETORSHIP = ProcedureSpec(
    code="2.001610",
    name="Đăng ký thành lập doanh nghiệp tư nhân",
    field_code="doanh-nghiep",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_TAI_CHINH,),
    deciding_authority="Phòng Đăng ký kinh doanh thuộc Sở Tài chính",
    applicants="Cá nhân thành lập doanh nghiệp tư nhân",
    requirements="Ngành, nghề không bị cấm đầu tư kinh doanh; tên doanh nghiệp đặt đúng quy "
    "định; hồ sơ hợp lệ; nộp đủ lệ phí.",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (Luật Doanh nghiệp Điều 26).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy chứng nhận đăng ký doanh nghiệp",
    components=(
        ComponentSpec("Giấy đề nghị đăng ký doanh nghiệp", ComponentForm.ORIGINAL),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký doanh nghiệp",
            FeeKind.CHARGE,
            50_000,
            online_amount=0,
            unit_note="đồng/lần; miễn khi đăng ký qua mạng thông tin điện tử",
            legal_basis="Thông tư 47/2019/TT-BTC",
        ),
        FeeSpec(
            "Phí công bố nội dung đăng ký doanh nghiệp",
            FeeKind.FEE,
            100_000,
            unit_note="đồng/lần",
            legal_basis="Thông tư 47/2019/TT-BTC",
        ),
    ),
    legal_bases=(ref.LAW_ENTERPRISES, ref.DECREE_168_2025, ref.CIRCULAR_47_2019_BTC),
    steps=(
        receive("0.5"),
        appraise("1.5", performer="Phòng Đăng ký kinh doanh"),
        review(
            "0.5",
            performer="Trưởng phòng Đăng ký kinh doanh",
            name="Ký Giấy chứng nhận đăng ký doanh nghiệp",
        ),
        give_back("0.5"),
    ),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (
    HOUSEHOLD_BUSINESS_REGISTRATION,
    HOUSEHOLD_BUSINESS_CHANGE,
    HOUSEHOLD_BUSINESS_SUSPENSION,
    HOUSEHOLD_BUSINESS_CLOSURE,
    SOLE_PROPRIETORSHIP,
)
