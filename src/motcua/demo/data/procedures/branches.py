"""Procedures of vertical branches received at the one-stop units: residence
registration and driving-licence exchange (police; driving licences moved from the
transport sector to the police on 1/3/2025) and social-insurance records."""

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
from motcua.demo.data.organisation import BHXH_TINH, CONG_AN_TINH
from motcua.demo.data.procedures._steps import (
    AUTHORISATION,
    IDENTITY,
    appraise,
    give_back,
    receive,
    review,
    sign,
)
from motcua.demo.data.types import ComponentSpec, FeeSpec, ProcedureSpec

_COMMUNE_POLICE = "Công an cấp xã"
_RESIDENCE_BASES = (ref.LAW_RESIDENCE, ref.DECREE_154_2024, ref.CIRCULAR_75_2022_BTC)
_RESIDENCE_FORM = ComponentSpec(
    "Tờ khai thay đổi thông tin cư trú",
    ComponentForm.ORIGINAL,
    template_name="Mẫu CT01 ban hành kèm theo Thông tư của Bộ Công an về biểu mẫu cư trú",
)
_LAWFUL_HOME = ComponentSpec(
    "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
    ComponentForm.COPY,
    note="Không phải nộp nếu thông tin đã có trong cơ sở dữ liệu chuyên ngành.",
)

PERMANENT_RESIDENCE = ProcedureSpec(
    code="1.004222",
    name="Đăng ký thường trú",
    field_code="cu-tru",
    level=ProcedureLevel.VERTICAL_BRANCH,
    agency_codes=(CONG_AN_TINH,),
    deciding_authority="Công an cấp xã nơi đăng ký thường trú",
    applicants="Công dân Việt Nam",
    requirements="Có chỗ ở hợp pháp thuộc quyền sở hữu của mình hoặc được chủ hộ, chủ sở hữu "
    "đồng ý (Luật Cư trú Điều 20).",
    time_limit_value=Decimal(7),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="07 ngày làm việc kể từ ngày nhận đủ hồ sơ (Luật Cư trú Điều 22).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Cập nhật thông tin thường trú vào Cơ sở dữ liệu về cư trú; thông báo kết quả",
    components=(
        _RESIDENCE_FORM,
        _LAWFUL_HOME,
        ComponentSpec(
            "Văn bản đồng ý cho đăng ký thường trú của chủ hộ, chủ sở hữu chỗ ở hợp pháp",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Có thể thể hiện ngay trong Tờ khai thay đổi thông tin cư trú.",
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký thường trú",
            FeeKind.CHARGE,
            20_000,
            online_amount=10_000,
            unit_note="đồng/lần đăng ký",
            legal_basis="Thông tư 75/2022/TT-BTC",
            exemptions=ref.RESIDENCE_EXEMPT,
        ),
    ),
    legal_bases=_RESIDENCE_BASES,
    steps=(
        receive("0.5"),
        appraise("4.5", performer=_COMMUNE_POLICE, name="Kiểm tra, xác minh, cập nhật dữ liệu"),
        sign("1.5", performer="Trưởng Công an cấp xã"),
        give_back("0.5"),
    ),
)

TEMPORARY_RESIDENCE = ProcedureSpec(
    code="1.004194",
    name="Đăng ký tạm trú",
    field_code="cu-tru",
    level=ProcedureLevel.VERTICAL_BRANCH,
    agency_codes=(CONG_AN_TINH,),
    deciding_authority="Công an cấp xã nơi đăng ký tạm trú",
    applicants="Công dân Việt Nam đến sinh sống tại chỗ ở hợp pháp ngoài nơi thường trú từ "
    "30 ngày trở lên",
    time_limit_value=Decimal(3),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="03 ngày làm việc kể từ ngày nhận đủ hồ sơ (Luật Cư trú Điều 28).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.ELECTRONIC,
    result_name="Cập nhật thông tin tạm trú vào Cơ sở dữ liệu về cư trú; thông báo kết quả",
    components=(_RESIDENCE_FORM, _LAWFUL_HOME, IDENTITY),
    fees=(
        FeeSpec(
            "Lệ phí đăng ký tạm trú",
            FeeKind.CHARGE,
            15_000,
            online_amount=7_000,
            unit_note="đồng/lần đăng ký",
            legal_basis="Thông tư 75/2022/TT-BTC",
            exemptions=ref.RESIDENCE_EXEMPT,
        ),
    ),
    legal_bases=_RESIDENCE_BASES,
    steps=(
        receive("0.5"),
        appraise("1.5", performer=_COMMUNE_POLICE, name="Kiểm tra, cập nhật dữ liệu"),
        sign("0.5", performer="Trưởng Công an cấp xã"),
        give_back("0.5"),
    ),
)

DRIVING_LICENCE_EXCHANGE = ProcedureSpec(
    code="1.000010",
    name="Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
    field_code="duong-bo",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(CONG_AN_TINH,),
    deciding_authority="Phòng Cảnh sát giao thông Công an cấp tỉnh",
    applicants="Người có giấy phép lái xe do ngành Giao thông vận tải cấp",
    time_limit_value=Decimal(5),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy phép lái xe",
    components=(
        ComponentSpec("Đơn đề nghị đổi, cấp lại giấy phép lái xe", ComponentForm.ORIGINAL),
        ComponentSpec(
            "Giấy khám sức khỏe của người lái xe",
            ComponentForm.ORIGINAL,
            note="Không phải nộp nếu cơ sở y tế đã liên thông giấy khám sức khỏe điện tử.",
        ),
        ComponentSpec("Giấy phép lái xe đã cấp", ComponentForm.PRESENTED),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp giấy phép lái xe",
            FeeKind.CHARGE,
            135_000,
            online_amount=115_000,
            unit_note="đồng/lần cấp",
            legal_basis="Thông tư 37/2023/TT-BTC",
        ),
    ),
    legal_bases=(
        ref.LAW_ROAD_TRAFFIC,
        ref.CIRCULAR_35_2024_BGTVT,
        ref.CIRCULAR_12_2025_BCA,
        ref.CIRCULAR_37_2023_BTC,
    ),
    steps=(
        receive("0.5"),
        appraise("2.5", performer="Phòng Cảnh sát giao thông", name="Kiểm tra, in giấy phép"),
        review("1", performer="Đội trưởng phụ trách sát hạch, cấp giấy phép lái xe"),
        sign("0.5", performer="Trưởng phòng Cảnh sát giao thông"),
        give_back("0.5"),
    ),
)

INSURANCE_RECORD_ADJUSTMENT = ProcedureSpec(
    code="1.002759",
    name="Cấp lại, đổi, điều chỉnh thông tin trên sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
    field_code="bao-hiem-xa-hoi",
    level=ProcedureLevel.VERTICAL_BRANCH,
    agency_codes=(BHXH_TINH,),
    deciding_authority="Bảo hiểm xã hội cấp tỉnh",
    applicants="Người tham gia bảo hiểm xã hội, bảo hiểm y tế; đơn vị sử dụng lao động",
    time_limit_value=Decimal(5),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Không quá 05 ngày làm việc; trường hợp phải xác minh quá trình đóng "
    "thì không quá 45 ngày.",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Sổ bảo hiểm xã hội, thẻ bảo hiểm y tế đã điều chỉnh",
    components=(
        ComponentSpec(
            "Tờ khai tham gia, điều chỉnh thông tin bảo hiểm xã hội, bảo hiểm y tế",
            ComponentForm.ORIGINAL,
            template_name="Mẫu TK1-TS",
        ),
        ComponentSpec(
            "Giấy tờ làm căn cứ điều chỉnh thông tin (họ tên, ngày sinh, giới tính...)",
            ComponentForm.COPY,
        ),
        ComponentSpec(
            "Sổ bảo hiểm xã hội đã cấp",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Khi điều chỉnh thông tin trên sổ bản giấy.",
        ),
        AUTHORISATION,
    ),
    legal_bases=(ref.LAW_SOCIAL_INSURANCE, ref.LAW_HEALTH_INSURANCE, ref.DECISION_595_BHXH),
    steps=(
        receive("0.5"),
        appraise("2.5", performer="Phòng Cấp sổ, thẻ", name="Kiểm tra, điều chỉnh dữ liệu"),
        review("1", performer="Trưởng phòng Cấp sổ, thẻ"),
        sign("0.5", performer="Lãnh đạo Bảo hiểm xã hội tỉnh"),
        give_back("0.5"),
    ),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (
    PERMANENT_RESIDENCE,
    TEMPORARY_RESIDENCE,
    DRIVING_LICENCE_EXCHANGE,
    INSURANCE_RECORD_ADJUSTMENT,
)
