from django.conf import settings
from django.db import models


class Memo(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    department = models.ForeignKey("collab.Department", on_delete=models.PROTECT, related_name="+")
    second_department = models.ForeignKey(
        "collab.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return self.title
