"""Demo organisation for `make run`: ten departments, their people, two executives, an admin.

Idempotent: running it again updates the same rows and creates nothing twice.
"""

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from collab import demo, services
from collab.models import Department, User

DEMO_PASSWORD = "crossdesk-demo"

EXECUTIVES = [
    # username, display name, language, departments overseen
    ("exec.zhou", "周总 Zhou Wei", "zh-hans", ["MKT", "SAL", "PRD", "TEC", "CS"]),
    ("exec.taylor", "Morgan Taylor", "en", ["FIN", "LOG", "LEG", "HR", "ADM"]),
]

# code, English name, Chinese name, head, contacts, members
DEPARTMENTS = [
    ("MKT", "Marketing", "市场部", ("李娜", "zh-hans"), ["Emma Clark"], ["王芳"]),
    ("SAL", "Sales", "销售部", ("Daniel Reed", "en"), ["张伟"], ["刘洋"]),
    ("PRD", "Product", "产品部", ("陈静", "zh-hans"), ["Olivia Brooks"], ["杨磊"]),
    ("TEC", "Technology", "技术部", ("赵强", "zh-hans"), ["Liam Foster", "黄敏"], ["周杰"]),
    ("FIN", "Finance", "财务部", ("Sophia Hughes", "en"), ["吴婷"], ["徐明"]),
    ("CS", "Customer Service", "客服部", ("孙丽", "zh-hans"), ["Noah Price"], ["马超"]),
    ("LOG", "Logistics", "物流部", ("胡军", "zh-hans"), ["Ava Turner"], ["朱红"]),
    ("LEG", "Legal", "法务部", ("James Ward", "en"), ["郭琳"], ["何平"]),
    ("HR", "Human Resources", "人力资源部", ("林晓", "zh-hans"), ["Mia Collins"], ["高峰"]),
    ("ADM", "Administration", "行政部", ("罗刚", "zh-hans"), ["Ella Morris"], ["梁爽"]),
]


def _language_of(name: str) -> str:
    return "en" if name.isascii() else "zh-hans"


class Command(BaseCommand):
    help = "Create or refresh the demo organisation (departments, people, logins)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = 0
        self.password_hash = make_password(DEMO_PASSWORD)
        admin = self._user("admin", "Crossdesk Admin", "en", is_staff=True, is_superuser=True)
        executives = {}
        for username, name, language, codes in EXECUTIVES:
            executive = self._user(username, name, language)
            for code in codes:
                executives[code] = executive
        for code, name_en, name_zh, (head_name, head_language), contacts, members in DEPARTMENTS:
            prefix = code.lower()
            department, _created = Department.objects.update_or_create(
                code=code,
                defaults={"name_en": name_en, "name_zh": name_zh, "executive": executives[code]},
            )
            head = self._user(f"{prefix}.head", head_name, head_language, department=department)
            department.head = head
            department.save(update_fields=["head"])
            department.contacts.set(
                [
                    self._user(
                        f"{prefix}.contact{n}", person, _language_of(person), department=department
                    )
                    for n, person in enumerate(contacts, start=1)
                ]
            )
            for n, person in enumerate(members, start=1):
                self._user(
                    f"{prefix}.member{n}", person, _language_of(person), department=department
                )
        self._welcome_everyone()
        demo.run_seeders(self.stdout)
        self.stdout.write(
            f"Demo data ready: {Department.objects.count()} departments, "
            f"{User.objects.count()} people ({self.created} new). "
            f"Admin: {admin.username}; every demo password: {DEMO_PASSWORD}"
        )

    def _welcome_everyone(self):
        """A welcome notification (and email) per person, so the notification centre shows one."""
        people = User.objects.select_related("department").prefetch_related(
            "headed_departments", "contact_for_departments", "overseen_departments"
        )
        for person in people:
            services.notify(
                recipients=[person],
                reason="welcome",
                key="account",
                template="collab/notifications/welcome",
                url="/",
                context={
                    "name": person.name,
                    "headed": list(person.headed_departments.all()),
                    "contact_for": list(person.contact_for_departments.all()),
                    "overseen": list(person.overseen_departments.all()),
                    "member_of": person.department,
                },
            )

    def _user(self, username, name, language, *, department=None, **flags) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": name,
                "email": f"{username}@example.com",
                "language": language,
                "department": department,
                **flags,
            },
        )
        if created:
            # One hash for every demo login: hashing is deliberately slow, 34 times over.
            user.password = self.password_hash
            user.save(update_fields=["password"])
            self.created += 1
        return user
