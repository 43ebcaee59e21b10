from django.conf import settings
from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """A logged-in person sees their own language and time zone, whatever the browser says.

    Runs after LocaleMiddleware (which serves anonymous visitors by cookie and
    Accept-Language) and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.language in self.languages:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        timezone.activate(user.time_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
