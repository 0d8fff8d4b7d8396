from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RejectNulBytesMiddleware:
    """A query parameter with a NUL byte is a 400.

    No page or filter means anything by one, and PostgreSQL refuses it inside a
    query, which would otherwise surface as a 500 wherever a value reaches SQL.
    (Django's forms already refuse NUL bytes in submitted fields.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return HttpResponseBadRequest(
                    f"The parameter “{name.replace(chr(0), '')}” contains a NUL byte.",
                    content_type="text/plain",
                )
        return self.get_response(request)
