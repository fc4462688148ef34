"""URLs of surveys: the builder, campaigns, the public answer pages and paper entry."""

urlpatterns: list = []
