from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse


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
                name = name.replace("\x00", "")
                if request.path.startswith("/api/"):  # the API's usual 400: messages by parameter
                    return JsonResponse({name: ["Contains a NUL byte."]}, status=400)
                return HttpResponseBadRequest(
                    f"The parameter “{name}” contains a NUL byte.", content_type="text/plain"
                )
        return self.get_response(request)
