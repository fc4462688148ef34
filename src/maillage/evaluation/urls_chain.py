"""URLs of the evaluation app: chain pages (mounted by evaluation/urls.py)."""

urlpatterns: list = []
