from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback forms")

    def ready(self):
        from . import signables  # noqa: F401 - registers the feedback form document
        from .inbox import register_sources

        register_sources()
