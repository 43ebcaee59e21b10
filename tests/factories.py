import factory
from factory.django import DjangoModelFactory

from collab.models import Department, User

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"D{n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    name_zh = factory.Sequence(lambda n: f"部门{n}")


def notify_test_message(recipient, *, key="TC-2026-0001", reason="card_confirmation_requested"):
    """One notification (and its email) from the test-only template, about `key`."""
    from collab import services

    return services.notify(
        recipients=[recipient],
        reason=reason,
        key=key,
        template="notifications/test_message",
        context={"code": key},
    )
