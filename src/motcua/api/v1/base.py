from ninja import NinjaAPI

api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description="API công khai của hệ thống Một Cửa: danh mục thủ tục hành chính, ngày hẹn trả.",
    urls_namespace="api-v1",
)
