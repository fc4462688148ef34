"""What a serving process does once, before its first request."""

import gc

YOUNG_COLLECTION_ALLOCATIONS = 50_000


def settle_server_process() -> None:
    """Import every view (the URLconf), then freeze what is alive: the objects of Django, scipy
    and Maillage's modules live as long as the process, and without the freeze each full
    collection of the garbage collector walks them all again (on the network dashboard of
    100 structures, about 100 ms added to one request in three: its p95). Frozen before the
    workers fork, these objects also stay shared between them instead of being copied.

    Then the youngest generation is collected after 50,000 allocations instead of 700: a page
    of a hundred structures allocates hundreds of thousands of objects, nearly all freed by
    their reference counts; at 700 the collector made a full collection in two requests of five
    (10 to 30 ms each: the dashboard's p95), at 50,000 none over 60 readings, and spent a third
    less time collecting. Cycles wait a little longer to be freed: a few megabytes at most."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_ALLOCATIONS, *gc.get_threshold()[1:])
