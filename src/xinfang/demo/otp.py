"""TOTP devices for the demo's administrators and leaders, and the current code for `make run`."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from xinfang.orgs.models import User


def demo_otp_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created with a random key on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="演示动态口令", confirmed=True)
    return device


def totp_now(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def demo_otp_setup(usernames: tuple[str, ...] = ("admin", "juzhang", "anquan", "shenji")) -> None:
    for user in User.objects.filter(username__in=usernames):
        demo_otp_device(user)
