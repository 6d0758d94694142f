from django import template

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    """Integer đồng with Vietnamese thousands separators: 200000 → "200.000"."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".")
