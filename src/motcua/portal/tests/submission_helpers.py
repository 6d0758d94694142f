"""What the online-submission tests share: files as a person would pick them, the
answers of each step, and a walk through the steps up to one of them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import SubmissionDraft

PDF = b"%PDF-1.4\n% a scanned form\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56  # a Windows program
HTML = b"<!doctype html><script>alert(1)</script>"

BIRTH = "1.001193"  # online full, with an e-form
PERMIT = "1.009794"  # online partial, no e-form
COPY = "2.000908"  # no online service

BIRTH_ANSWERS = {
    "tk-ho_ten": "Nguyễn Minh Khang",
    "tk-ngay_sinh": "2026-03-01",
    "tk-gioi_tinh": "nam",
    "tk-dan_toc": "Kinh",
    "tk-quoc_tich": "Việt Nam",
    "tk-noi_sinh": "Bệnh viện Đa khoa tỉnh Vĩnh Long",
    "tk-nguoi_yeu_cau": "Nguyễn Văn An",
    "tk-so_dinh_danh_nguoi_yeu_cau": "086099012345",
    "tk-quan_he": "cha",
    "tk-cam_doan": "on",
}


def url(code: str, step: str = "") -> str:
    return f"/nop-ho-so/{code}/{step + '/' if step else ''}"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def blobs() -> list[Path]:
    """Every stored dossier blob on disk (drafts and dossiers share the store)."""
    root = Path(settings.MEDIA_ROOT) / "dossiers"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def component_input(version) -> str:
    return f"c{version.components.get().pk}-tep"


def walk_to_papers(client, code: str) -> SubmissionDraft:
    """The applicant step (filing themselves) and, for the birth registration, the
    e-form: the draft then stands at the papers step."""
    response = client.post(url(code, "nguoi-nop"), {"nguoi_nop": "tu-nop"})
    assert response.status_code == 302, response.content.decode()[:2000]
    if code == BIRTH:
        response = client.post(url(code, "to-khai"), BIRTH_ANSWERS)
        assert response.status_code == 302, response.content.decode()[:3000]
    return SubmissionDraft.objects.filter(procedure__code=code).latest("updated_at")


def walk_to_review(client, code: str, version, files: list[tuple[str, bytes]]) -> SubmissionDraft:
    walk_to_papers(client, code)
    field = component_input(version)
    response = client.post(
        url(code, "giay-to"),
        {field: [upload(name, content) for name, content in files], "buoc": "tiep-tuc"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(url(code, "nhan-ket-qua"), {"cach_nhan": "counter"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return SubmissionDraft.objects.filter(procedure__code=code).latest("updated_at")
