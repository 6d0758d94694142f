"""Construction permits and land registration. Since 1/7/2025 the commune People's
Committee permits individual houses and issues first land-use certificates to
households and individuals (Decree 151/2025/NĐ-CP for land); transfers are registered
by the land registration office of Sở Nông nghiệp và Môi trường. Both land procedures
are inter-agency with the tax authority, which assesses what the applicant owes."""

from __future__ import annotations

from decimal import Decimal

from motcua.accounts.constants import RoleCode
from motcua.catalog.constants import (
    ComponentForm,
    FeeCollectionPoint,
    FeeKind,
    OnlineMode,
    ParticipantRole,
    ProcedureLevel,
    ResultType,
    TimeUnit,
)
from motcua.demo.data import reference as ref
from motcua.demo.data.organisation import SO_NONG_NGHIEP_MOI_TRUONG, SO_XAY_DUNG, THUE_TINH
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
from motcua.demo.data.types import (
    ComponentSpec,
    FeeSpec,
    ParticipantSpec,
    ProcedureSpec,
    StepSpec,
)

_CONSTRUCTION_BASES = (
    ref.LAW_CONSTRUCTION,
    ref.LAW_CONSTRUCTION_AMENDMENT,
    ref.DECREE_175_2024,
)
_LAND_BASES = (ref.LAW_LAND, ref.DECREE_101_2024, ref.DECREE_151_2025, ref.DECREE_10_2022)
_COMMUNE_ECONOMY = "Phòng Kinh tế, Hạ tầng và Đô thị"
_LAND_OFFICE = "Văn phòng Đăng ký đất đai"
_TAX_STEP = "Xác định nghĩa vụ tài chính, ban hành thông báo nộp tiền"
_TAX_OFFICE = "Thuế tỉnh (bộ phận quản lý thuế thu nhập cá nhân và thu khác)"


def _land_right_papers() -> ComponentSpec:
    return ComponentSpec(
        "Giấy tờ chứng minh quyền sử dụng đất theo quy định của pháp luật về đất đai",
        ComponentForm.CERTIFIED_COPY,
        note="Có thể nộp bản sao kèm bản chính để đối chiếu.",
    )


def _drawings(count: int) -> ComponentSpec:
    return ComponentSpec(
        "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, sơ đồ đấu nối hạ tầng)",
        ComponentForm.ORIGINAL,
        count=count,
    )


HOUSE_PERMIT = ProcedureSpec(
    code="1.013225",
    name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    field_code="xay-dung",
    level=ProcedureLevel.COMMUNE,
    deciding_authority="Ủy ban nhân dân cấp xã",
    applicants="Hộ gia đình, cá nhân là chủ đầu tư xây dựng nhà ở riêng lẻ",
    requirements="Phù hợp với quy hoạch chi tiết xây dựng, mục đích sử dụng đất; bảo đảm an "
    "toàn cho công trình và công trình lân cận (Luật Xây dựng Điều 93).",
    time_limit_value=Decimal(15),
    time_limit_unit=TimeUnit.CALENDAR_DAYS,
    time_limit_note="15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ (Luật Xây dựng Điều 102).",
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy phép xây dựng",
    components=(
        ComponentSpec(
            "Đơn đề nghị cấp giấy phép xây dựng",
            ComponentForm.ORIGINAL,
            template_name="Mẫu đơn ban hành kèm theo Nghị định 175/2024/NĐ-CP",
        ),
        _land_right_papers(),
        _drawings(2),
        ComponentSpec(
            "Bản cam kết bảo đảm an toàn đối với công trình liền kề",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Với công trình xây chen có tầng hầm.",
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ",
            FeeKind.CHARGE,
            75_000,
            unit_note="đồng/giấy phép",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
        ),
    ),
    legal_bases=_CONSTRUCTION_BASES,
    steps=(
        receive("1"),
        appraise(
            "9",
            performer=_COMMUNE_ECONOMY,
            name="Thẩm định hồ sơ, kiểm tra thực địa, dự thảo giấy phép",
        ),
        review("2", performer=f"Trưởng phòng {_COMMUNE_ECONOMY}"),
        sign("2", performer=COMMUNE_LEADER),
        give_back("1"),
    ),
)

WORKS_PERMIT = ProcedureSpec(
    code="1.009974",
    name="Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II (công trình không theo "
    "tuyến, theo tuyến trong đô thị, tín ngưỡng, tôn giáo, tượng đài, tranh hoành tráng)",
    field_code="xay-dung",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_XAY_DUNG,),
    deciding_authority="Sở Xây dựng",
    applicants="Chủ đầu tư xây dựng công trình",
    time_limit_value=Decimal(20),
    time_limit_unit=TimeUnit.CALENDAR_DAYS,
    time_limit_note="20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ (Luật Xây dựng Điều 102).",
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy phép xây dựng",
    components=(
        ComponentSpec(
            "Đơn đề nghị cấp giấy phép xây dựng",
            ComponentForm.ORIGINAL,
            template_name="Mẫu đơn ban hành kèm theo Nghị định 175/2024/NĐ-CP",
        ),
        _land_right_papers(),
        ComponentSpec(
            "Quyết định phê duyệt dự án, văn bản thông báo kết quả thẩm định thiết kế xây dựng "
            "của cơ quan chuyên môn về xây dựng",
            ComponentForm.CERTIFIED_COPY,
        ),
        _drawings(2),
        ComponentSpec(
            "Bản kê khai năng lực, kinh nghiệm của tổ chức, cá nhân thiết kế",
            ComponentForm.ORIGINAL,
        ),
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp giấy phép xây dựng công trình",
            FeeKind.CHARGE,
            150_000,
            unit_note="đồng/giấy phép",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
        ),
    ),
    legal_bases=_CONSTRUCTION_BASES,
    steps=(
        receive("1"),
        appraise("13", performer="Phòng Quản lý xây dựng"),
        review("3", performer="Trưởng phòng Quản lý xây dựng"),
        sign("2", performer="Giám đốc hoặc Phó Giám đốc Sở Xây dựng"),
        give_back("1"),
    ),
)

_CERTIFICATE_FORM = ComponentSpec(
    "Đơn đăng ký đất đai, tài sản gắn liền với đất",
    ComponentForm.ORIGINAL,
    template_name="Mẫu đơn ban hành kèm theo Nghị định 151/2025/NĐ-CP",
)
_REGISTRATION_FEE = FeeSpec(
    "Lệ phí trước bạ nhà, đất",
    FeeKind.OTHER,
    0,
    unit_note="0,5% giá tính lệ phí trước bạ theo bảng giá đất; số tiền theo thông báo của "
    "cơ quan thuế",
    legal_basis="Nghị định 10/2022/NĐ-CP",
    exemptions=("ho-ngheo", "dtts-dbkk"),
)

FIRST_LAND_CERTIFICATE = ProcedureSpec(
    code="1.013978",
    name="Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, "
    "quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng "
    "dân cư, người gốc Việt Nam định cư ở nước ngoài",
    field_code="dat-dai",
    level=ProcedureLevel.COMMUNE,
    deciding_authority="Ủy ban nhân dân cấp xã",
    applicants="Hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam định cư ở nước ngoài",
    time_limit_value=Decimal(20),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Không quá 20 ngày làm việc; không tính thời gian người sử dụng đất thực "
    "hiện nghĩa vụ tài chính.",
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
    fee_collection_point=FeeCollectionPoint.AT_RETURN,
    components=(
        _CERTIFICATE_FORM,
        ComponentSpec(
            "Giấy tờ về quyền sử dụng đất (Luật Đất đai Điều 137), nếu có",
            ComponentForm.COPY,
            mandatory=False,
        ),
        ComponentSpec(
            "Mảnh trích đo bản đồ địa chính thửa đất",
            ComponentForm.ORIGINAL,
            mandatory=False,
            note="Khi khu vực chưa có bản đồ địa chính.",
        ),
        ComponentSpec("Tờ khai lệ phí trước bạ nhà, đất", ComponentForm.ORIGINAL),
        IDENTITY,
        AUTHORISATION,
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
            FeeKind.CHARGE,
            100_000,
            unit_note="đồng/giấy (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
            exemptions=("ho-ngheo",),
        ),
        _REGISTRATION_FEE,
        FeeSpec(
            "Tiền sử dụng đất (nếu có)",
            FeeKind.OTHER,
            0,
            unit_note="Theo thông báo của cơ quan thuế",
            legal_basis="Luật Đất đai 31/2024/QH15",
        ),
    ),
    legal_bases=_LAND_BASES,
    participants=(
        ParticipantSpec("ubnd", ParticipantRole.LEAD, agency_description="UBND cấp xã nơi có đất"),
        ParticipantSpec(
            "vpdk", ParticipantRole.COORDINATING, agency_code=SO_NONG_NGHIEP_MOI_TRUONG
        ),
        ParticipantSpec("thue", ParticipantRole.COORDINATING, agency_code=THUE_TINH),
    ),
    steps=(
        receive("0.5", participant="ubnd"),
        appraise(
            "5",
            performer=_COMMUNE_ECONOMY,
            name="Kiểm tra hồ sơ, xác minh hiện trạng sử dụng đất, niêm yết công khai",
            participant="ubnd",
        ),
        StepSpec(
            "Trích lục hoặc trích đo bản đồ địa chính, gửi thông tin địa chính cho cơ quan thuế",
            Decimal(3),
            _LAND_OFFICE,
            RoleCode.SPECIALIST,
            "vpdk",
        ),
        StepSpec(_TAX_STEP, Decimal(5), _TAX_OFFICE, RoleCode.SPECIALIST, "thue"),
        review("1", performer=f"Trưởng phòng {_COMMUNE_ECONOMY}", participant="ubnd"),
        sign("2", performer=COMMUNE_LEADER, name="Ký Giấy chứng nhận", participant="ubnd"),
        StepSpec(
            "Cập nhật cơ sở dữ liệu đất đai, vào sổ cấp Giấy chứng nhận",
            Decimal(3),
            _LAND_OFFICE,
            RoleCode.SPECIALIST,
            "vpdk",
        ),
        give_back("0.5", participant="ubnd"),
    ),
)

LAND_TRANSFER = ProcedureSpec(
    code="1.012792",
    name="Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất trong "
    "các trường hợp chuyển đổi, chuyển nhượng, thừa kế, tặng cho, góp vốn bằng quyền sử "
    "dụng đất, quyền sở hữu tài sản gắn liền với đất",
    field_code="dat-dai",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_NONG_NGHIEP_MOI_TRUONG,),
    deciding_authority="Văn phòng Đăng ký đất đai thuộc Sở Nông nghiệp và Môi trường",
    applicants="Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất",
    time_limit_value=Decimal(10),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Không quá 10 ngày làm việc; không tính thời gian thực hiện nghĩa vụ tài "
    "chính.",
    online_mode=OnlineMode.PARTIAL,
    result_type=ResultType.PAPER,
    result_name="Giấy chứng nhận đã xác nhận nội dung biến động hoặc Giấy chứng nhận mới",
    fee_collection_point=FeeCollectionPoint.AT_RETURN,
    components=(
        ComponentSpec(
            "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
            ComponentForm.ORIGINAL,
            template_name="Mẫu đơn ban hành kèm theo Nghị định 151/2025/NĐ-CP",
        ),
        ComponentSpec(
            "Hợp đồng, văn bản chuyển nhượng, tặng cho, thừa kế đã công chứng hoặc chứng thực",
            ComponentForm.ORIGINAL,
        ),
        ComponentSpec("Giấy chứng nhận đã cấp", ComponentForm.ORIGINAL),
        ComponentSpec("Tờ khai thuế thu nhập cá nhân", ComponentForm.ORIGINAL),
        ComponentSpec("Tờ khai lệ phí trước bạ nhà, đất", ComponentForm.ORIGINAL),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp Giấy chứng nhận (đăng ký biến động)",
            FeeKind.CHARGE,
            50_000,
            unit_note="đồng/lần (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
        ),
        FeeSpec(
            "Thuế thu nhập cá nhân từ chuyển nhượng bất động sản",
            FeeKind.OTHER,
            0,
            unit_note="2% giá chuyển nhượng; số tiền theo thông báo của cơ quan thuế",
            legal_basis="Luật Thuế thu nhập cá nhân",
        ),
        _REGISTRATION_FEE,
    ),
    legal_bases=_LAND_BASES,
    participants=(
        ParticipantSpec("vpdk", ParticipantRole.LEAD, agency_code=SO_NONG_NGHIEP_MOI_TRUONG),
        ParticipantSpec("thue", ParticipantRole.COORDINATING, agency_code=THUE_TINH),
    ),
    steps=(
        receive("0.5", participant="vpdk"),
        appraise(
            "3",
            performer=_LAND_OFFICE,
            name="Kiểm tra hồ sơ, gửi phiếu chuyển thông tin địa chính cho cơ quan thuế",
            participant="vpdk",
        ),
        StepSpec(_TAX_STEP, Decimal(3), _TAX_OFFICE, RoleCode.SPECIALIST, "thue"),
        review(
            "1",
            performer=f"Trưởng phòng {_LAND_OFFICE}",
            name="Kiểm tra việc hoàn thành nghĩa vụ tài chính, trình ký",
            participant="vpdk",
        ),
        sign(
            "1.5",
            performer=f"Giám đốc {_LAND_OFFICE}",
            name="Xác nhận biến động trên Giấy chứng nhận",
            participant="vpdk",
        ),
        StepSpec(
            "Chỉnh lý, cập nhật cơ sở dữ liệu đất đai",
            Decimal("0.5"),
            _LAND_OFFICE,
            RoleCode.SPECIALIST,
            "vpdk",
        ),
        give_back("0.5", participant="vpdk"),
    ),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (
    HOUSE_PERMIT,
    WORKS_PERMIT,
    FIRST_LAND_CERTIFICATE,
    LAND_TRANSFER,
)
