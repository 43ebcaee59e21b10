from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """A logged-in person sees their preferred language, whatever the browser says.

    Runs after LocaleMiddleware (which handles anonymous visitors by cookie and
    Accept-Language) and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in self.languages:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
