"""A row shaped like a registered petition, written by the bare endpoint (the floor of an insert)."""

from django.conf import settings
from django.db import models


class BareRow(models.Model):
    number = models.CharField(max_length=20, unique=True)
    channel = models.CharField(max_length=10)
    type = models.CharField(max_length=20)
    category_code = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    content = models.TextField()
    petitioner_name = models.CharField(max_length=100)
    location_unit_id = models.BigIntegerField()
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=20, default="registered", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "bare"

    def __str__(self) -> str:
        return self.number
