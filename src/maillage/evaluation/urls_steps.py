"""URLs of the evaluation app: step tracker and change pathways (mounted by evaluation/urls.py)."""

urlpatterns: list = []
