"""URLs of the evaluation app: framework pages (mounted by evaluation/urls.py)."""

urlpatterns: list = []
