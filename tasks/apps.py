from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Task cards and action items")

    def ready(self):
        from collab.demo import register_seeder
        from collab.digests import register_section as register_digest_section
        from collab.home import register_section

        from . import signables  # noqa: F401 - registers the goal confirmation letter
        from .demo import seed_demo_cards
        from .demo_discussion import seed_demo_discussion
        from .digest import task_groups
        from .home import overviews_section
        from .inbox import register_sources
        from .reminders import register_kinds as register_reminders
        from .threads import register_threads

        register_sources()
        register_digest_section("tasks", 10, task_groups)
        register_section(overviews_section)
        register_seeder(seed_demo_cards)
        register_seeder(seed_demo_discussion)
        register_threads()
        register_reminders()
