from django.apps import AppConfig


class SignoffTestAppConfig(AppConfig):
    """A minimal signable document, defined only in the test suite, to prove the engine."""

    name = "tests.signoff_app"
    label = "signoff_test"

    def ready(self):
        from . import signables  # noqa: F401 - registers the test document types
