"""A serving process settles before its first request (maillage serve)."""

import gc

from gunicorn.app.base import BaseApplication

from maillage import cli


def test_serve_freezes_what_it_loaded_before_the_workers_fork(monkeypatch):
    """Without the freeze, every full collection of the garbage collector walks Django's and
    Maillage's long-lived objects again: a tenth of a second added to one page in three."""
    frozen_when_serving = []
    monkeypatch.setattr(
        BaseApplication, "run", lambda self: frozen_when_serving.append(gc.get_freeze_count())
    )
    gc.unfreeze()
    try:
        cli._serve("127.0.0.1", 8000, 1, 1)
    finally:
        gc.unfreeze()
    # Tens of thousands of objects: the imported modules, every view included.
    assert frozen_when_serving and frozen_when_serving[0] > 10_000
