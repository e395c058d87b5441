"""Shared by the admin walker and the error-text collector: what counts as not Chinese (#11.7)."""

from __future__ import annotations

import re
from functools import cache

# Latin words a Chinese user legitimately reads: standards, protocols and proper names.
ALLOWED_WORDS = frozenset(
    {
        "ID",
        "IP",
        "URL",
        "API",
        "SM3",
        "SM4",
        "TOTP",
        "OTP",
        "Open311",
        "JSON",
        "CSV",
        "XLSX",
        "PDF",
        "DOCX",
        "HTTP",
        "HTTPS",
        "Webhook",
        "GB",
        "GBK",
        "UTF",
        "LSH",
        "MinHash",
        "PNG",
        "JPG",
        "Django",
        "GeoJSON",
        "WGS84",
        "HMAC",
        "SHA",
        "Ed25519",
        "Email",
        "E-mail",
        "PIN",
        # keys named on the keyboard (Django's hint for multiple selection)
        "Control",
        "Command",
        "Mac",
        "Ctrl",
        "Shift",
    }
)
# Not words of a label: template placeholders ({{ p.number }}) and HTTP header names (X-...).
# Quoted literals (「received」, “pigeon”) are values the user typed or must type, not our prose.
_NOT_PROSE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\bX(?:-[A-Za-z]+)+|「[^」]*」|“[^”]*”|YYYY-MM-DD")
_WORD = re.compile(r"(?<![\w@./:-])[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z]+)*(?![\w@/:-])")


def english_words(text: str) -> list[str]:
    """Latin words of two or more letters that are not an allowed acronym or name."""
    return [
        w
        for w in _WORD.findall(_NOT_PROSE.sub(" ", text))
        if len(w) > 1 and w not in ALLOWED_WORDS and not re.fullmatch(r"[A-Z]\d*", w)
    ]


@cache
def raw_field_names() -> frozenset[str]:
    """Names of model fields that are identifiers (snake_case) and so never a word of a label."""
    from django.apps import apps

    names = set()
    for model in apps.get_models():
        if not model._meta.app_label.startswith(
            ("petitions", "supervision")
        ) and not model.__module__.startswith("xinfang"):
            continue
        for field in model._meta.get_fields():
            if "_" in field.name and not field.name.startswith("_"):
                names.add(field.name)
    return frozenset(names)


@cache
def known_codes() -> frozenset[str]:
    """Stored codes of every choice field of the project (status, kind, outcome ...)."""
    from django.apps import apps

    codes = set()
    for model in apps.get_models():
        if not model.__module__.startswith("xinfang"):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]+", value):
                    codes.add(value)
    return frozenset(codes)
