"""Certification (chứng thực) at the commune, nationality at Sở Tư pháp, and the
criminal-record certificate, issued by the provincial police since 1 July 2025."""

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
from motcua.demo.data.organisation import CONG_AN_TINH, SO_TU_PHAP
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

_CERTIFIER = "Công chức tư pháp - hộ tịch được giao chứng thực tại Bộ phận Một cửa"
_CERTIFY_NOTE = (
    "Trong ngày cơ quan tiếp nhận yêu cầu hoặc ngày làm việc tiếp theo nếu yêu cầu được "
    "tiếp nhận sau 15 giờ (Nghị định 23/2015/NĐ-CP Điều 21)."
)


def _on_the_spot(name: str) -> tuple[StepSpec, ...]:
    """'5 tại chỗ': received, certified, signed and returned at the counter, in working
    hours (Decree 118/2025 Art. 8: authority delegated to the officer at the counter)."""
    return (
        receive("0.5"),
        StepSpec(name, Decimal(1), _CERTIFIER, RoleCode.COUNTER_OFFICER),
        give_back("0.5"),
    )


COPY_CERTIFICATION = ProcedureSpec(
    code="2.000815",
    name="Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có "
    "thẩm quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng "
    "nhận",
    field_code="chung-thuc",
    level=ProcedureLevel.COMMUNE,
    deciding_authority="Ủy ban nhân dân cấp xã",
    applicants="Cá nhân, tổ chức có yêu cầu",
    requirements="Bản chính không thuộc các trường hợp bị cấm chứng thực bản sao (bị tẩy xóa, "
    "sửa chữa, hư hỏng; đóng dấu mật...) theo Nghị định 23/2015/NĐ-CP Điều 22.",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note=_CERTIFY_NOTE,
    online_mode=OnlineMode.PARTIAL,
    on_the_spot=True,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Bản sao được chứng thực từ bản chính",
    components=(
        ComponentSpec(
            "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",
            ComponentForm.PRESENTED,
            note="Giấy tờ do nước ngoài cấp phải được hợp pháp hóa lãnh sự, trừ trường hợp "
            "được miễn.",
        ),
        ComponentSpec(
            "Bản sao cần chứng thực",
            ComponentForm.COPY,
            mandatory=False,
            note="Nếu người yêu cầu không xuất trình bản sao thì cơ quan chụp từ bản chính.",
        ),
    ),
    fees=(
        FeeSpec(
            "Phí chứng thực bản sao từ bản chính - trang thứ nhất, thứ hai",
            FeeKind.FEE,
            2_000,
            unit_note="đồng/trang",
            legal_basis="Thông tư 226/2016/TT-BTC",
        ),
        FeeSpec(
            "Phí chứng thực bản sao từ bản chính - từ trang thứ ba trở đi",
            FeeKind.FEE,
            1_000,
            unit_note="đồng/trang, tối đa 200.000 đồng/bản",
            legal_basis="Thông tư 226/2016/TT-BTC",
        ),
    ),
    legal_bases=(ref.DECREE_23_2015, ref.CIRCULAR_226_2016_BTC),
    steps=_on_the_spot("Đối chiếu bản chính, ký chứng thực, đóng dấu"),
)

SIGNATURE_CERTIFICATION = ProcedureSpec(
    code="2.000884",
    name="Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp "
    "chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể "
    "điểm chỉ được)",
    field_code="chung-thuc",
    level=ProcedureLevel.COMMUNE,
    deciding_authority="Ủy ban nhân dân cấp xã",
    applicants="Cá nhân có yêu cầu",
    requirements="Người yêu cầu chứng thực phải ký trước mặt người thực hiện chứng thực.",
    time_limit_value=Decimal(1),
    time_limit_unit=TimeUnit.SAME_DAY,
    time_limit_note=_CERTIFY_NOTE,
    online_mode=OnlineMode.NONE,
    on_the_spot=True,
    result_name="Giấy tờ, văn bản đã được chứng thực chữ ký",
    components=(
        IDENTITY,
        ComponentSpec("Giấy tờ, văn bản mà mình sẽ ký", ComponentForm.ORIGINAL),
    ),
    fees=(
        FeeSpec(
            "Phí chứng thực chữ ký",
            FeeKind.FEE,
            10_000,
            unit_note="đồng/trường hợp",
            legal_basis="Thông tư 226/2016/TT-BTC",
        ),
    ),
    legal_bases=(ref.DECREE_23_2015, ref.CIRCULAR_226_2016_BTC),
    steps=_on_the_spot("Ký trước mặt người chứng thực, ghi lời chứng, ký chứng thực"),
)

NATIONALITY_CONFIRMATION = ProcedureSpec(
    code="1.000073",
    name="Thủ tục xác nhận có quốc tịch Việt Nam ở trong nước",
    field_code="quoc-tich",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(SO_TU_PHAP,),
    deciding_authority="Sở Tư pháp",
    applicants="Người đang cư trú ở trong nước có yêu cầu xác nhận có quốc tịch Việt Nam",
    time_limit_value=Decimal(5),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    online_mode=OnlineMode.PARTIAL,
    result_name="Giấy xác nhận có quốc tịch Việt Nam",
    components=(
        ComponentSpec("Tờ khai xác nhận có quốc tịch Việt Nam", ComponentForm.ORIGINAL),
        ComponentSpec(
            "Giấy tờ chứng minh người đó đã từng có quốc tịch Việt Nam", ComponentForm.COPY
        ),
        IDENTITY,
    ),
    fees=(
        FeeSpec(
            "Lệ phí xác nhận có quốc tịch Việt Nam",
            FeeKind.CHARGE,
            100_000,
            unit_note="đồng/trường hợp",
            legal_basis="Thông tư 281/2016/TT-BTC",
        ),
    ),
    legal_bases=(ref.LAW_NATIONALITY, ref.DECREE_16_2020, ref.CIRCULAR_281_2016_BTC),
    steps=(
        receive("0.5"),
        appraise("2.5", performer="Phòng Hành chính tư pháp"),
        review("1", performer="Trưởng phòng Hành chính tư pháp"),
        sign("0.5", performer="Giám đốc hoặc Phó Giám đốc Sở Tư pháp"),
        give_back("0.5"),
    ),
)

# Since 1/7/2025 the provincial police, not Sở Tư pháp, issue criminal-record
# certificates to individuals; the procedure and its fee are unchanged.
CRIMINAL_RECORD = ProcedureSpec(
    code="2.000488",
    name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại "
    "Việt Nam",
    field_code="ly-lich-tu-phap",
    level=ProcedureLevel.PROVINCE,
    agency_codes=(CONG_AN_TINH,),
    deciding_authority="Công an cấp tỉnh",
    applicants="Công dân Việt Nam; người nước ngoài đang hoặc đã cư trú tại Việt Nam",
    time_limit_value=Decimal(10),
    time_limit_unit=TimeUnit.WORKING_DAYS,
    time_limit_note="Không quá 10 ngày; trường hợp phải xác minh thì không quá 15 ngày (Luật "
    "Lý lịch tư pháp Điều 48).",
    online_mode=OnlineMode.FULL,
    result_type=ResultType.PAPER_AND_ELECTRONIC,
    result_name="Phiếu lý lịch tư pháp số 1 hoặc số 2",
    components=(
        ComponentSpec(
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            ComponentForm.ORIGINAL,
            template_name="Mẫu số 03/2024/LLTP (Thông tư 06/2024/TT-BTP)",
        ),
        IDENTITY,
        ComponentSpec(
            "Giấy tờ chứng minh nơi cư trú",
            ComponentForm.COPY,
            mandatory=False,
            note="Không phải nộp nếu đã khai thác được từ Cơ sở dữ liệu quốc gia về dân cư.",
        ),
        AUTHORISATION,
    ),
    fees=(
        FeeSpec(
            "Phí cung cấp thông tin lý lịch tư pháp",
            FeeKind.FEE,
            200_000,
            unit_note="đồng/lần/người; sinh viên, người có công được giảm 50%; từ Phiếu "
            "thứ 3 trở đi thu thêm 5.000 đồng/Phiếu",
            legal_basis="Thông tư 244/2016/TT-BTC",
            exemptions=("tre-em", "nguoi-cao-tuoi", "nguoi-khuyet-tat", "ho-ngheo"),
        ),
    ),
    legal_bases=(ref.LAW_JUDICIAL_RECORDS, ref.DECREE_111_2010, ref.CIRCULAR_244_2016_BTC),
    steps=(
        receive("0.5"),
        appraise(
            "6.5",
            performer="Phòng Hồ sơ nghiệp vụ",
            name="Tra cứu, xác minh thông tin lý lịch tư pháp, lập Phiếu",
        ),
        review("1", performer="Trưởng phòng Hồ sơ nghiệp vụ"),
        sign("1.5", performer="Lãnh đạo Công an tỉnh"),
        give_back("0.5"),
    ),
)

PROCEDURES: tuple[ProcedureSpec, ...] = (
    COPY_CERTIFICATION,
    SIGNATURE_CERTIFICATION,
    NATIONALITY_CONFIRMATION,
    CRIMINAL_RECORD,
)
