"""Civil-status procedures (hộ tịch) of the commune People's Committees."""

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
from motcua.demo.data.procedures._steps import (
    AUTHORISATION,
    COMMUNE_LEADER,
    COMMUNE_OFFICE_HEAD,
    COMMUNE_OFFICER,
    IDENTITY,
    appraise,
    give_back,
    receive,
    review,
    sign,
)
from motcua.demo.data.types import (
    ComponentSpec,
    FeeSpec,
    ProcedureSpec,
    StepSpec,
)

_SAME_DAY_NOTE = (
    "Ngay trong ngày tiếp nhận hồ sơ; hồ sơ nhận sau 15 giờ mà không giải quyết được ngay "
    "thì trả kết quả trong ngày làm việc tiếp theo."
)
_APPLICANT_PERSON = "Công dân Việt Nam"
_AUTHORITY = "Ủy ban nhân dân cấp xã"
_FORMS = "ban hành kèm theo Thông tư số 04/2020/TT-BTP, được sửa đổi bởi Thông tư số 04/2024/TT-BTP"
_HOTICH_BASES = (ref.LAW_CIVIL_STATUS, ref.DECREE_123_2015, ref.CIRCULAR_04_2020_BTP)
_HOTICH_FEE_BASIS = "Luật Hộ tịch Điều 11; Nghị quyết của HĐND tỉnh (Thông tư 85/2019/TT-BTC)"


def _same_day_steps() -> tuple[StepSpec, ...]:
    """Working hours within the day of receipt (Law on Civil Status Arts. 16, 18, 34)."""
    return (
        receive("1"),
        appraise("3", performer=COMMUNE_OFFICER, name="Kiểm tra hồ sơ, ghi Sổ hộ tịch"),
        sign("3", performer=COMMUNE_LEADER),
        give_back("1"),
    )


def _commune_days(total: int) -> tuple[StepSpec, ...]:
    """A commune procedure of ``total`` working days (3 or 5)."""
    return (
        receive("0.5"),
        appraise(str(total - 2), performer=COMMUNE_OFFICER),
        review("0.5", performer=COMMUNE_OFFICE_HEAD),
        sign("0.5", performer=COMMUNE_LEADER),
        give_back("0.5"),
    )


BIRTH = ProcedureSpec(
    code="1.001193",
    name="Thủ tục đăng ký khai sinh",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants="Cha, mẹ, ông, bà hoặc người thân thích khác; cá nhân, tổ chức đang nuôi "
    "dưỡng trẻ em",
    requirements="Trong thời hạn 60 ngày kể từ ngày sinh con, cha hoặc mẹ có trách nhiệm đăng "
    "ký khai sinh cho con (Luật Hộ tịch Điều 15).",
    steps_description="Người yêu cầu nộp hồ sơ tại Trung tâm Phục vụ hành chính công hoặc trực "
    "tuyến; công chức tư pháp - hộ tịch kiểm tra, ghi Sổ hộ tịch, cập nhật Cơ sở dữ liệu hộ "
    "tịch điện tử; Chủ tịch UBND cấp xã ký Giấy khai sinh.",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note=_SAME_DAY_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy khai sinh (bản chính, bản điện tử)",
    components=(
        ComponentSpec(
            "Tờ khai đăng ký khai sinh",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai đăng ký khai sinh {_FORMS}",
        ),
        ComponentSpec(
            "Giấy chứng sinh",
            ComponentForm.ORIGINAL,
            note="Không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc "
            "sinh; không có người làm chứng thì nộp giấy cam đoan về việc sinh.",
        ),
        IDENTITY,
        AUTHORISATION,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký khai sinh đúng hạn",
            FeeKind.CHARGE,
            0,
            unit_note="Miễn lệ phí khi đăng ký trong thời hạn 60 ngày kể từ ngày sinh",
            legal_basis="Luật Hộ tịch Điều 11 khoản 1 điểm b",
        ),
    ),
    legal_bases=_HOTICH_BASES,
    steps=_same_day_steps(),
)

MARRIAGE = ProcedureSpec(
    code="1.000894",
    name="Thủ tục đăng ký kết hôn",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants="Nam, nữ là công dân Việt Nam cư trú trong nước đủ điều kiện kết hôn",
    requirements="Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; tự nguyện; không bị mất năng lực hành "
    "vi dân sự; không thuộc trường hợp cấm kết hôn (Luật Hôn nhân và gia đình Điều 8). Hai "
    "bên phải có mặt khi đăng ký.",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note=_SAME_DAY_NOTE + " Trường hợp cần xác minh: không quá 05 ngày làm việc.",
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy chứng nhận kết hôn",
    components=(
        ComponentSpec(
            "Tờ khai đăng ký kết hôn",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai đăng ký kết hôn {_FORMS}",
        ),
        ComponentSpec(
            "Giấy xác nhận tình trạng hôn nhân",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Khi đăng ký kết hôn tại nơi không phải nơi thường trú của bên nam hoặc bên nữ.",
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký kết hôn",
            FeeKind.CHARGE,
            0,
            unit_note="Miễn lệ phí đối với công dân Việt Nam cư trú ở trong nước",
            legal_basis="Luật Hộ tịch Điều 11 khoản 1 điểm b",
        ),
    ),
    legal_bases=_HOTICH_BASES,
    steps=_same_day_steps(),
)

DEATH = ProcedureSpec(
    code="1.000656",
    name="Thủ tục đăng ký khai tử",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants="Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết",
    requirements="Trong thời hạn 15 ngày kể từ ngày có người chết (Luật Hộ tịch Điều 33).",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note=_SAME_DAY_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Trích lục khai tử",
    components=(
        ComponentSpec(
            "Tờ khai đăng ký khai tử",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai đăng ký khai tử {_FORMS}",
        ),
        ComponentSpec("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", ComponentForm.ORIGINAL),
        IDENTITY,
        AUTHORISATION,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký khai tử đúng hạn",
            FeeKind.CHARGE,
            0,
            unit_note="Miễn lệ phí khi đăng ký trong thời hạn 15 ngày",
            legal_basis="Luật Hộ tịch Điều 11 khoản 1 điểm b",
        ),
    ),
    legal_bases=_HOTICH_BASES,
    steps=_same_day_steps(),
)

MARITAL_STATUS = ProcedureSpec(
    code="1.004873",
    name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants=_APPLICANT_PERSON,
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (Nghị định 123/2015/NĐ-CP "
    "Điều 22).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy xác nhận tình trạng hôn nhân",
    components=(
        ComponentSpec(
            "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai cấp Giấy xác nhận tình trạng hôn nhân {_FORMS}",
        ),
        ComponentSpec(
            "Giấy tờ chứng minh đã ly hôn hoặc người kia đã chết",
            ComponentForm.COPY,
            mandatory=False,
            note="Khi người yêu cầu đã có vợ, có chồng nhưng đã ly hôn hoặc người kia đã chết.",
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân",
            FeeKind.CHARGE,
            15_000,
            online_amount=7_500,
            unit_note="đồng/trường hợp (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis=_HOTICH_FEE_BASIS,
            exemptions=ref.CIVIL_STATUS_EXEMPT,
        ),
    ),
    legal_bases=_HOTICH_BASES,
    steps=_commune_days(3),
)

EXTRACT_COPY = ProcedureSpec(
    code="2.000635",
    name="Thủ tục cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants="Cá nhân có yêu cầu",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note=_SAME_DAY_NOTE,
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Bản sao Trích lục hộ tịch hoặc bản sao Giấy khai sinh",
    components=(
        ComponentSpec(
            "Tờ khai cấp bản sao trích lục hộ tịch",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai cấp bản sao trích lục hộ tịch {_FORMS}",
        ),
        IDENTITY,
        AUTHORISATION,
    ),
    fees=(
        FeeSpec(
            "Phí cấp bản sao trích lục hộ tịch",
            FeeKind.FEE,
            8_000,
            unit_note="đồng/bản sao",
            legal_basis="Thông tư 281/2016/TT-BTC",
        ),
    ),
    legal_bases=(*_HOTICH_BASES, ref.CIRCULAR_281_2016_BTC),
    steps=(
        receive("1"),
        appraise("2", performer=COMMUNE_OFFICER, name="Tra cứu Sổ hộ tịch, in bản sao"),
        sign("2", performer=COMMUNE_LEADER),
        give_back("1"),
    ),
)

BIRTH_REREGISTRATION = ProcedureSpec(
    code="1.004884",
    name="Thủ tục đăng ký lại khai sinh",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants="Người đã đăng ký khai sinh tại cơ quan có thẩm quyền của Việt Nam nhưng Sổ hộ "
    "tịch và bản chính giấy tờ hộ tịch đều bị mất",
    time_limit_value=Decimal(5),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ (Nghị định 123/2015/NĐ-CP "
    "Điều 26).",
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy khai sinh (ghi rõ 'Đăng ký lại')",
    components=(
        ComponentSpec(
            "Tờ khai đăng ký lại khai sinh",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai đăng ký lại khai sinh {_FORMS}",
        ),
        ComponentSpec(
            "Bản sao Giấy khai sinh hoặc giấy tờ, tài liệu có thông tin khai sinh",
            ComponentForm.COPY,
            note="Văn bằng, học bạ, hồ sơ cán bộ, công chức... có nội dung về họ tên, ngày tháng "
            "năm sinh, quê quán.",
        ),
        ComponentSpec(
            "Văn bản cam đoan đã đăng ký khai sinh nhưng không lưu giữ được bản chính",
            ComponentForm.ORIGINAL,
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký lại khai sinh",
            FeeKind.CHARGE,
            15_000,
            unit_note="đồng/trường hợp (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis=_HOTICH_FEE_BASIS,
            exemptions=ref.CIVIL_STATUS_EXEMPT,
        ),
    ),
    legal_bases=_HOTICH_BASES,
    steps=_commune_days(5),
)

RECTIFICATION = ProcedureSpec(
    code="1.004859",
    name="Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
    field_code="ho-tich",
    level=ProcedureLevel.COMMUNE,
    deciding_authority=_AUTHORITY,
    applicants="Công dân Việt Nam dưới 14 tuổi (qua người đại diện) hoặc có yêu cầu bổ sung "
    "thông tin hộ tịch",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="03 ngày làm việc; trường hợp cần xác minh thì kéo dài thêm không quá 03 "
    "ngày làm việc (Luật Hộ tịch Điều 28).",
    online_mode=OnlineMode.PARTIAL,
    result_name="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
    components=(
        ComponentSpec(
            "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
            ComponentForm.ORIGINAL,
            template_name=f"Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch {_FORMS}",
        ),
        ComponentSpec(
            "Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung",
            ComponentForm.COPY,
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí thay đổi, cải chính, bổ sung thông tin hộ tịch",
            FeeKind.CHARGE,
            15_000,
            online_amount=7_500,
            unit_note="đồng/trường hợp (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis=_HOTICH_FEE_BASIS,
            exemptions=ref.CIVIL_STATUS_EXEMPT,
        ),
    ),
    legal_bases=_HOTICH_BASES,
    steps=_commune_days(3),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (
    BIRTH,
    MARRIAGE,
    DEATH,
    MARITAL_STATUS,
    EXTRACT_COPY,
    BIRTH_REREGISTRATION,
    RECTIFICATION,
)
