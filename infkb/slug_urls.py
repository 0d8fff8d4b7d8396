"""reverse() for the URLs named by one slug, without resolving the URL pattern again for every object.

A page lists hundreds of links to claims, actors and articles (the claim page of a hub: ~300);
reverse() walks the URL resolver for each. The text around the slug is the same for every slug
the pattern accepts, so it is found once (per URLconf and script prefix) and the slug put in.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The `slug` path converter's characters, which reverse() writes as they are (it quotes others,
# and refuses a slug that is not one: that case is left to reverse(), to fail as it does).
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
SLUG_SENTINEL = "slug-sentinel-0"


@lru_cache(maxsize=64)
def _around_slug(name: str, script_prefix: str, urlconf: str) -> tuple[str, str]:
    head, _, tail = reverse(name, urlconf=urlconf, kwargs={"slug": SLUG_SENTINEL}).partition(SLUG_SENTINEL)
    return head, tail


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug})."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    head, tail = _around_slug(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{head}{slug}{tail}"
