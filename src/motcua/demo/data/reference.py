"""Reference data the demo procedures share: fields (lĩnh vực), fee-exemption
categories, and the legal texts they cite.

Dates are given only where they are well known; the others stay empty rather than
guessed.
"""

from __future__ import annotations

import datetime as dt

from motcua.demo.data.types import LegalBasisSpec

# Field code → name, as the national catalogue groups procedures.
FIELDS: dict[str, str] = {
    "ho-tich": "Hộ tịch",
    "chung-thuc": "Chứng thực",
    "quoc-tich": "Quốc tịch",
    "ly-lich-tu-phap": "Lý lịch tư pháp",
    "xay-dung": "Hoạt động xây dựng",
    "dat-dai": "Đất đai",
    "ho-kinh-doanh": "Thành lập và hoạt động của hộ kinh doanh",
    "doanh-nghiep": "Thành lập và hoạt động của doanh nghiệp",
    "cu-tru": "Đăng ký, quản lý cư trú",
    "duong-bo": "Đường bộ",
    "bao-hiem-xa-hoi": "Bảo hiểm xã hội, bảo hiểm y tế",
    "viec-lam": "Việc làm",
    "van-bang": "Văn bằng, chứng chỉ",
    "kham-chua-benh": "Khám bệnh, chữa bệnh",
}

# ExemptionCategory code → name.
EXEMPTIONS: dict[str, str] = {
    "nguoi-co-cong": "Người có công với cách mạng và thân nhân",
    "ho-ngheo": "Thành viên hộ nghèo",
    "nguoi-khuyet-tat": "Người khuyết tật",
    "tre-em": "Trẻ em",
    "nguoi-cao-tuoi": "Người cao tuổi",
    "dtts-dbkk": "Người dân tộc thiểu số ở xã có điều kiện kinh tế - xã hội đặc biệt khó khăn",
}

# Law on Civil Status Art. 11(1): exempt from civil-status charges.
CIVIL_STATUS_EXEMPT = ("nguoi-co-cong", "ho-ngheo", "nguoi-khuyet-tat")
# Circular 75/2022/TT-BTC Art. 4: exempt from the residence registration charge.
RESIDENCE_EXEMPT = ("nguoi-co-cong", "ho-ngheo", "tre-em", "dtts-dbkk")


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


# -- Civil status, certification, nationality, judicial records --------------------
LAW_CIVIL_STATUS = LegalBasisSpec("60/2014/QH13", "Luật Hộ tịch", _d(2014, 11, 20), _d(2016, 1, 1))
DECREE_123_2015 = LegalBasisSpec(
    "123/2015/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
    _d(2015, 11, 15),
    _d(2016, 1, 1),
)
CIRCULAR_04_2020_BTP = LegalBasisSpec(
    "04/2020/TT-BTP",
    "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số "
    "123/2015/NĐ-CP",
    _d(2020, 5, 28),
)
CIRCULAR_85_2019_BTC = LegalBasisSpec(
    "85/2019/TT-BTC",
    "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân "
    "dân tỉnh, thành phố trực thuộc trung ương",
    _d(2019, 11, 29),
    _d(2020, 1, 1),
)
CIRCULAR_281_2016_BTC = LegalBasisSpec(
    "281/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí khai thác, sử dụng "
    "thông tin trong cơ sở dữ liệu hộ tịch, lệ phí quốc tịch",
    _d(2016, 11, 14),
)
DECREE_23_2015 = LegalBasisSpec(
    "23/2015/NĐ-CP",
    "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ "
    "ký và chứng thực hợp đồng, giao dịch",
    _d(2015, 2, 16),
    _d(2015, 4, 10),
)
CIRCULAR_226_2016_BTC = LegalBasisSpec(
    "226/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
    _d(2016, 11, 11),
    _d(2017, 1, 1),
)
LAW_NATIONALITY = LegalBasisSpec(
    "24/2008/QH12", "Luật Quốc tịch Việt Nam", _d(2008, 11, 13), _d(2009, 7, 1)
)
DECREE_16_2020 = LegalBasisSpec(
    "16/2020/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Quốc tịch Việt Nam",
    _d(2020, 2, 3),
)
LAW_JUDICIAL_RECORDS = LegalBasisSpec(
    "28/2009/QH12", "Luật Lý lịch tư pháp", _d(2009, 6, 17), _d(2010, 7, 1)
)
DECREE_111_2010 = LegalBasisSpec(
    "111/2010/NĐ-CP",
    "Nghị định quy định chi tiết và hướng dẫn thi hành một số điều của Luật Lý lịch tư pháp",
    _d(2010, 11, 23),
)
CIRCULAR_244_2016_BTC = LegalBasisSpec(
    "244/2016/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin "
    "lý lịch tư pháp",
    _d(2016, 11, 11),
)
DECREE_63_2024 = LegalBasisSpec(
    "63/2024/NĐ-CP",
    "Nghị định quy định việc thực hiện liên thông điện tử hai nhóm thủ tục hành chính: "
    "đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi; "
    "đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất",
    _d(2024, 6, 10),
)

# -- Construction and land -------------------------------------------------------
LAW_CONSTRUCTION = LegalBasisSpec("50/2014/QH13", "Luật Xây dựng", _d(2014, 6, 18), _d(2015, 1, 1))
LAW_CONSTRUCTION_AMENDMENT = LegalBasisSpec(
    "62/2020/QH14",
    "Luật sửa đổi, bổ sung một số điều của Luật Xây dựng",
    _d(2020, 6, 17),
    _d(2021, 1, 1),
)
DECREE_175_2024 = LegalBasisSpec(
    "175/2024/NĐ-CP",
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý "
    "hoạt động xây dựng",
    _d(2024, 12, 30),
)
LAW_LAND = LegalBasisSpec("31/2024/QH15", "Luật Đất đai", _d(2024, 1, 18), _d(2024, 8, 1))
DECREE_101_2024 = LegalBasisSpec(
    "101/2024/NĐ-CP",
    "Nghị định quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử "
    "dụng đất, quyền sở hữu tài sản gắn liền với đất và hệ thống thông tin đất đai",
    _d(2024, 7, 29),
    _d(2024, 8, 1),
)
DECREE_151_2025 = LegalBasisSpec(
    "151/2025/NĐ-CP",
    "Nghị định quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp, phân "
    "quyền, phân cấp trong lĩnh vực đất đai",
    _d(2025, 6, 12),
    _d(2025, 7, 1),
)
DECREE_10_2022 = LegalBasisSpec(
    "10/2022/NĐ-CP", "Nghị định quy định về lệ phí trước bạ", _d(2022, 1, 15), _d(2022, 3, 1)
)

# -- Business ---------------------------------------------------------------------
LAW_ENTERPRISES = LegalBasisSpec(
    "59/2020/QH14", "Luật Doanh nghiệp", _d(2020, 6, 17), _d(2021, 1, 1)
)
DECREE_168_2025 = LegalBasisSpec(
    "168/2025/NĐ-CP", "Nghị định về đăng ký doanh nghiệp", _d(2025, 6, 30), _d(2025, 7, 1)
)
CIRCULAR_47_2019_BTC = LegalBasisSpec(
    "47/2019/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin "
    "doanh nghiệp, lệ phí đăng ký doanh nghiệp",
    _d(2019, 8, 5),
)

# -- Residence, driving licences (police) -----------------------------------------
LAW_RESIDENCE = LegalBasisSpec("68/2020/QH14", "Luật Cư trú", _d(2020, 11, 13), _d(2021, 7, 1))
DECREE_154_2024 = LegalBasisSpec(
    "154/2024/NĐ-CP", "Nghị định quy định chi tiết một số điều của Luật Cư trú", _d(2024, 11, 26)
)
CIRCULAR_75_2022_BTC = LegalBasisSpec(
    "75/2022/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí đăng ký cư trú",
    _d(2022, 12, 22),
)
LAW_ROAD_TRAFFIC = LegalBasisSpec(
    "36/2024/QH15", "Luật Trật tự, an toàn giao thông đường bộ", _d(2024, 6, 27), _d(2025, 1, 1)
)
CIRCULAR_35_2024_BGTVT = LegalBasisSpec(
    "35/2024/TT-BGTVT",
    "Thông tư quy định về đào tạo, sát hạch, cấp giấy phép lái xe; cấp, sử dụng giấy phép "
    "lái xe quốc tế",
)
CIRCULAR_12_2025_BCA = LegalBasisSpec(
    "12/2025/TT-BCA",
    "Thông tư quy định về sát hạch, cấp giấy phép lái xe; cấp, sử dụng giấy phép lái xe quốc tế",
)
CIRCULAR_37_2023_BTC = LegalBasisSpec(
    "37/2023/TT-BTC",
    "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí sát hạch lái xe; "
    "lệ phí cấp bằng, chứng chỉ được hoạt động trên các loại phương tiện",
    _d(2023, 6, 7),
)

# -- Social insurance, labour, education, health ------------------------------------
LAW_SOCIAL_INSURANCE = LegalBasisSpec(
    "41/2024/QH15", "Luật Bảo hiểm xã hội", _d(2024, 6, 29), _d(2025, 7, 1)
)
LAW_HEALTH_INSURANCE = LegalBasisSpec(
    "51/2024/QH15", "Luật sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế", _d(2024, 11, 27)
)
DECISION_595_BHXH = LegalBasisSpec(
    "595/QĐ-BHXH",
    "Quyết định ban hành Quy trình thu bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp, "
    "bảo hiểm tai nạn lao động, bệnh nghề nghiệp; quản lý sổ bảo hiểm xã hội, thẻ bảo hiểm y tế",
    _d(2017, 4, 14),
)
LABOUR_CODE = LegalBasisSpec("45/2019/QH14", "Bộ luật Lao động", _d(2019, 11, 20), _d(2021, 1, 1))
DECREE_219_2025 = LegalBasisSpec(
    "219/2025/NĐ-CP", "Nghị định quy định về người lao động nước ngoài làm việc tại Việt Nam"
)
CIRCULAR_21_2019_BGDDT = LegalBasisSpec(
    "21/2019/TT-BGDĐT",
    "Thông tư ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp "
    "trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục "
    "quốc dân",
    _d(2019, 11, 29),
)
LAW_MEDICAL_TREATMENT = LegalBasisSpec(
    "15/2023/QH15", "Luật Khám bệnh, chữa bệnh", _d(2023, 1, 9), _d(2024, 1, 1)
)
DECREE_96_2023 = LegalBasisSpec(
    "96/2023/NĐ-CP",
    "Nghị định quy định chi tiết một số điều của Luật Khám bệnh, chữa bệnh",
    _d(2023, 12, 30),
)

# -- The one-stop mechanism itself ---------------------------------------------------
DECREE_118_2025 = LegalBasisSpec(
    "118/2025/NĐ-CP",
    "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại "
    "Bộ phận Một cửa và Cổng Dịch vụ công quốc gia",
    _d(2025, 6, 9),
    _d(2025, 7, 1),
)
