from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollabConfig(AppConfig):
    name = "collab"
    verbose_name = _("Organisation and collaboration core")

    def ready(self):
        from .inbox import InboxSource, register_inbox_source
        from .selectors.comments import mention_inbox_count, mention_inbox_entries
        from .signoff_inbox import SOURCE
        from .signoff_reminders import register_kinds as register_reminders

        register_inbox_source(SOURCE)
        # Mentions in comment threads land in the mentioned person's inbox until read.
        register_inbox_source(
            InboxSource(
                kind="collab.mention", entries=mention_inbox_entries, count=mention_inbox_count
            )
        )
        register_reminders()
