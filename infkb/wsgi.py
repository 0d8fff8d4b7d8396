import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infkb.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, every view through the URLconf: ~100,000 objects)
# lives as long as the worker. Frozen, the collector stops walking it: a full collection during a
# request took 90–170 ms on a loaded 2-core machine, the pages' slowest requests (their p95); it
# takes ~10 ms without them (docs/performance.md, "The pages' CPU").
get_resolver().url_patterns  # noqa: B018  (imports the views and what they use)
gc.collect()
gc.freeze()
