from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback forms")

    def ready(self):
        from collab.demo import register_seeder
        from collab.digests import register_section as register_digest_section
        from tasks.services import register_archive_provider

        from . import signables  # noqa: F401 - registers the feedback form document
        from .archive import card_feedback_entries
        from .card_panel import register_card_panels
        from .demo import seed_demo_feedback
        from .digest import feedback_groups
        from .inbox import register_sources
        from .reminders import register_reminder_kinds

        register_archive_provider(card_feedback_entries)
        register_card_panels()
        register_seeder(seed_demo_feedback)
        register_sources()
        register_reminder_kinds()
        register_digest_section("feedback", 30, feedback_groups)
