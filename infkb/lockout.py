"""What a locked-out login is told (django-axes calls this; settings.AXES_LOCKOUT_CALLABLE).

A 429 with Retry-After, as JSON for the API's token endpoint and as a page for the admin.
"""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    message = (
        f"Too many failed sign-ins from this address or for this account. "
        f"Signing in is refused, even with the right password, for {minutes} minutes after the last failure."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = TemplateResponse(
            request, "admin/locked_out.html", {"title": "Sign-in locked", "message": message}, status=429
        ).render()
    response["Retry-After"] = str(minutes * 60)
    return response


class TokenView(ObtainAuthToken):
    """DRF's token endpoint, answering a locked-out login with the lockout, not "wrong credentials".

    Axes marks the DRF request it was handed, which its middleware (reading Django's request) never sees.
    """

    def handle_exception(self, exc: Exception) -> Response:
        if getattr(self.request, "axes_locked_out", False):
            return lockout_response(self.request)
        return super().handle_exception(exc)
