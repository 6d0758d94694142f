"""Procedures of provincial departments: work permits (Sở Nội vụ, which took over labour
from the former Sở Lao động - Thương binh và Xã hội), copies of diplomas from the
master register (Sở Giáo dục và Đào tạo, on the spot) and practising licences (Sở Y tế)."""

from __future__ import annotations

from decimal import Decimal

from motcua.accounts.constants import RoleCode
from motcua.catalog.constants import (
    ComponentForm,
    FeeKind,
    OnlineMode,
    ProcedureLevel,
    ResultType,
    TimeUnit,
)
from motcua.demo.data import reference as ref
from motcua.demo.data.organisation import SO_GIAO_DUC, SO_NOI_VU, SO_Y_TE
from motcua.demo.data.procedures._steps import (
    AUTHORISATION,
    IDENTITY,
    appraise,
    give_back,
    receive,
    review,
    sign,
)
from motcua.demo.data.types import ComponentSpec, FeeSpec, ProcedureSpec, StepSpec

_PHOTOS = ComponentSpec(
    "Ảnh màu 4 cm x 6 cm, phông nền trắng, chụp không quá 06 tháng",
    ComponentForm.ORIGINAL,
    count=2,
)

WORK_PERMIT = ProcedureSpec(
    code="1.014199",
    name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
    field_code="viec-lam",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_NOI_VU,),
    deciding_authority="Sở Nội vụ",
    applicants="Người sử dụng lao động nước ngoài",
    requirements="Người lao động từ đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ, đủ sức "
    "khỏe, có trình độ chuyên môn phù hợp; không phải người đang chấp hành hình phạt (Bộ "
    "luật Lao động Điều 151).",
    time_limit_value=Decimal(10),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Thời hạn minh họa; đối chiếu Nghị định 219/2025/NĐ-CP.",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Giấy phép lao động",
    components=(
        ComponentSpec("Văn bản đề nghị cấp giấy phép lao động", ComponentForm.ORIGINAL),
        ComponentSpec(
            "Giấy chứng nhận sức khỏe hoặc giấy khám sức khỏe",
            ComponentForm.ORIGINAL,
            note="Cấp trong thời hạn 12 tháng.",
        ),
        ComponentSpec(
            "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải người đang chấp hành hình phạt",
            ComponentForm.CERTIFIED_COPY,
            note="Cấp không quá 06 tháng; giấy tờ nước ngoài phải hợp pháp hóa lãnh sự.",
        ),
        ComponentSpec(
            "Văn bản chứng minh là nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động "
            "kỹ thuật",
            ComponentForm.CERTIFIED_COPY,
        ),
        ComponentSpec("Hộ chiếu còn giá trị", ComponentForm.CERTIFIED_COPY),
        _PHOTOS,
    ),
    fees=(
        FeeSpec(
            "Lệ phí cấp giấy phép lao động",
            FeeKind.CHARGE,
            600_000,
            unit_note="đồng/giấy phép (mức minh họa theo Nghị quyết HĐND tỉnh)",
            legal_basis="Thông tư 85/2019/TT-BTC; Nghị quyết của HĐND tỉnh",
        ),
    ),
    legal_bases=(ref.LABOUR_CODE, ref.DECREE_219_2025),
    steps=(
        receive("0.5"),
        appraise("6.5", performer="Phòng Lao động - Việc làm"),
        review("1", performer="Trưởng phòng Lao động - Việc làm"),
        sign("1.5", performer="Giám đốc hoặc Phó Giám đốc Sở Nội vụ"),
        give_back("0.5"),
    ),
)

DIPLOMA_COPY = ProcedureSpec(
    code="1.005092",
    name="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
    field_code="van-bang",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_GIAO_DUC,),
    deciding_authority="Sở Giáo dục và Đào tạo",
    applicants="Người được cấp văn bằng, chứng chỉ hoặc người đại diện, người được ủy quyền",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note="Ngay trong ngày tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo nếu tiếp "
    "nhận sau 15 giờ (Nghị định 23/2015/NĐ-CP Điều 16).",
    online_mode=OnlineMode.NONE,
    on_the_spot=True,
    result_name="Bản sao văn bằng, chứng chỉ từ sổ gốc",
    components=(
        ComponentSpec(
            "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
            ComponentForm.ORIGINAL,
            mandatory=False,
        ),
        IDENTITY,
        AUTHORISATION,
    ),
    legal_bases=(ref.DECREE_23_2015, ref.CIRCULAR_21_2019_BGDDT),
    steps=(
        receive("0.5"),
        StepSpec(
            "Tra cứu sổ gốc, in bản sao",
            Decimal("1.5"),
            "Phòng Quản lý chất lượng",
            RoleCode.SPECIALIST,
        ),
        StepSpec(
            "Ký, đóng dấu bản sao",
            Decimal("0.5"),
            "Trưởng phòng Quản lý chất lượng",
            RoleCode.UNIT_HEAD,
        ),
        give_back("0.5"),
    ),
)

PRACTISING_LICENCE = ProcedureSpec(
    code="1.012270",
    name="Cấp mới giấy phép hành nghề đối với chức danh chuyên môn là bác sỹ, y sỹ, điều "
    "dưỡng, hộ sinh, kỹ thuật y, dinh dưỡng lâm sàng, cấp cứu viên ngoại viện, tâm lý lâm "
    "sàng",
    field_code="kham-chua-benh",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_Y_TE,),
    deciding_authority="Sở Y tế",
    applicants="Người hành nghề khám bệnh, chữa bệnh",
    requirements="Có văn bằng phù hợp, đã hoàn thành thực hành và đạt kiểm tra đánh giá năng "
    "lực hành nghề (Luật Khám bệnh, chữa bệnh Điều 30).",
    time_limit_value=Decimal(30),
    time_limit_unit=TimeUnit.CALENDAR_DAYS,
    time_limit_note="Thời hạn minh họa; đối chiếu Nghị định 96/2023/NĐ-CP.",
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy phép hành nghề khám bệnh, chữa bệnh",
    components=(
        ComponentSpec(
            "Đơn đề nghị cấp giấy phép hành nghề",
            ComponentForm.ORIGINAL,
            template_name="Mẫu ban hành kèm theo Nghị định 96/2023/NĐ-CP",
        ),
        ComponentSpec("Văn bằng chuyên môn phù hợp", ComponentForm.CERTIFIED_COPY),
        ComponentSpec("Giấy chứng nhận đủ sức khỏe hành nghề", ComponentForm.ORIGINAL),
        ComponentSpec("Giấy xác nhận hoàn thành quá trình thực hành", ComponentForm.ORIGINAL),
        _PHOTOS,
    ),
    fees=(
        FeeSpec(
            "Phí thẩm định cấp giấy phép hành nghề",
            FeeKind.FEE,
            360_000,
            unit_note="đồng/hồ sơ (mức minh họa)",
            legal_basis="Thông tư của Bộ Tài chính quy định phí thẩm định trong lĩnh vực y tế",
        ),
    ),
    legal_bases=(ref.LAW_MEDICAL_TREATMENT, ref.DECREE_96_2023),
    steps=(
        receive("1"),
        appraise("20", performer="Phòng Nghiệp vụ Y"),
        review("4", performer="Trưởng phòng Nghiệp vụ Y"),
        sign("4", performer="Giám đốc hoặc Phó Giám đốc Sở Y tế"),
        give_back("1"),
    ),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (WORK_PERMIT, DIPLOMA_COPY, PRACTISING_LICENCE)
