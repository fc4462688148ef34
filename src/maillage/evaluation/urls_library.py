"""URLs of the evaluation app: library pages (mounted by evaluation/urls.py)."""

urlpatterns: list = []
