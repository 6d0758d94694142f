"""Satisfaction ratings (đánh giá mức độ hài lòng, Decision 766/QĐ-TTg; DOMAIN.md §4):
at the counter, on the kiosk screen beside the officer (project issue 4, point 8)."""
