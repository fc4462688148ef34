"""Pagination of the API's lists: `limit` (1–100) and `offset`, bounded so that no request can
ask the database for an absurd slice."""

from __future__ import annotations

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            50, ge=1, le=MAX_LIMIT, description="Nombre d'éléments par page (100 au plus)."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Nombre d'éléments à sauter.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class LazyList:
    """A list or queryset whose items are built only when the page that holds them is read:
    computing an indicator value costs queries, and a page shows at most `MAX_LIMIT` of them."""

    def __init__(self, sources, build):
        self.sources = sources
        self.build = build

    def __len__(self) -> int:
        if isinstance(self.sources, QuerySet):
            return self.sources.count()
        return len(self.sources)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.build(item) for item in self.sources[index]]
        return self.build(self.sources[index])
