"""The OpenAPI schema's answers besides success, declared once for every operation.

drf-spectacular documents the 200/201/204 of each operation; the errors every
operation of this API can give are the same everywhere, so one postprocessing
hook declares them (tests/api/test_schemathesis.py checks each status code the
API returns is declared).
"""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` says what went wrong; a 400 gives instead a list of messages "
    "for each parameter or field at fault (`non_field_errors` for the record as a whole).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERROR = {"$ref": "#/components/schemas/Error"}

# status -> (when, only for operations that write)
ERRORS: dict[str, tuple[str, bool]] = {
    "400": ("A parameter or field is malformed, unknown or out of range: the body names it.", False),
    "401": ("The token or session given is not valid.", False),
    "403": ("Signed in as someone who may not do this, or not signed in for a write.", False),
    "404": ("No such record (or one you may not see), or an unknown `format`.", False),
    "409": (
        "Someone saved the record since you read its `version`, or evidence still refers to it.",
        True,
    ),
    "429": ("Too many requests without an account: wait for `Retry-After` seconds.", False),
}


def declare_error_responses(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular postprocessing hook: add the error responses to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            writes = method in {"post", "put", "patch", "delete"}
            responses = operation.setdefault("responses", {})
            # An error is rendered by the renderer the request chose (JSON-LD endpoints answer errors
            # as application/ld+json), so each error may come in any media type of the success answer.
            success = next((r for code, r in responses.items() if str(code).startswith("2")), {})
            media_types = ["application/json", *success.get("content", {})]
            content = {media_type: {"schema": ERROR} for media_type in dict.fromkeys(media_types)}
            for status, (description, only_writes) in ERRORS.items():
                if only_writes and not writes:
                    continue
                responses.setdefault(status, {"description": description, "content": content})
    return result
