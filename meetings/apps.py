from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and minutes")

    def ready(self):
        from collab.demo import register_seeder
        from collab.digests import register_section as register_digest_section
        from tasks.services import register_archive_provider

        from . import signables  # noqa: F401 - registers the formalised minutes
        from .archive import card_meeting_entries
        from .card_panel import register_card_panels
        from .demo import seed_demo_meetings
        from .digest import meeting_groups
        from .inbox import register_sources
        from .reminders import register_kinds as register_reminders
        from .threads import register_threads

        register_archive_provider(card_meeting_entries)
        register_sources()
        register_digest_section("meetings", 40, meeting_groups)
        register_threads()
        register_card_panels()
        register_seeder(seed_demo_meetings)
        register_reminders()
