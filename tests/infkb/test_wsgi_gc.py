"""The WSGI worker freezes what it loaded at start, so that the collector does not walk it in a request."""

import gc
import importlib


def test_the_worker_freezes_the_objects_it_loaded_at_start():
    gc.unfreeze()
    try:
        import infkb.wsgi

        importlib.reload(infkb.wsgi)
        # Django, the apps and the views: far more than the few objects a test makes on its own.
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
