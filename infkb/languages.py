"""Language codes as readers read them."""

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """ "Russian" for "ru"; a code Django does not know shows as it is, upper-cased; "" for none."""
    code = (code or "").strip().lower()
    if not code:
        return ""
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code.upper()
