"""Settings of the app under benchmark: the product's, with the naive baseline's URLs and no throttling."""

import os

from infkb.settings import *  # noqa: F403
from infkb.settings import REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
# The benchmark sends thousands of requests a minute from one address.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", "/tmp/infkb-bench-static")
