"""Admin side of the identity controls: TOTP secrets never shown in the admin; the security log
is not in the admin at all (read only by the audit administrator at /security/log/)."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

try:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin.site.unregister(TOTPDevice)  # its change form shows the shared secret
except NotRegistered:  # pragma: no cover - depends on app order
    pass
