from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback forms")

    def ready(self):
        from collab.demo import register_seeder

        from . import signables  # noqa: F401 - registers the feedback form document
        from .demo import seed_demo_feedback

        register_seeder(seed_demo_feedback)
