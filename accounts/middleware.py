import time

from django.conf import settings
from django.contrib.auth import logout

_STARTED = "session_started_at"


class SessionLifetimeMiddleware:
    """End a signed-in session after SESSION_ABSOLUTE_LIFETIME, however active it is.

    The idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.max_seconds = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(_STARTED)
            now = time.time()
            if started is None:
                request.session[_STARTED] = now
            elif now - started > self.max_seconds:
                logout(request)
        return self.get_response(request)
