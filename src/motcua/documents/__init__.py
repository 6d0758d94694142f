"""The statutory forms of Circular 03/2025/TT-VPCP Annex I as PDF (DOMAIN.md §3):
Typst templates in ``typst/``, rendered from plain data by ``render.pdf_render`` with
the fonts shipped in ``fonts/`` (Tinos, OFL), QR codes by ``qr.qr_svg``. This app knows
nothing of dossiers: ``workflow.paperwork`` reads a dossier into the data a form needs."""
