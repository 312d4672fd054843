"""allauth's two-factor adapter, with the secrets it stores encrypted.

allauth keeps each TOTP key and recovery-code seed in the database and leaves their
encryption to the project (its default `encrypt()` returns the text unchanged). Here
they are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from
`SECRET_KEY`; the keys in `SECRET_KEY_FALLBACKS` still decrypt, so rotating the secret
key does not lock anyone out. Values written before encryption have no prefix and are
read as they are.
"""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


def _fernet(secret: str | bytes) -> Fernet:
    raw = secret.encode() if isinstance(secret, str) else secret
    digest = hashlib.sha256(b"jmdi.mfa-secrets:" + raw).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    return MultiFernet(
        [_fernet(settings.SECRET_KEY), *(_fernet(k) for k in settings.SECRET_KEY_FALLBACKS)]
    )


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return PREFIX + _keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            return encrypted_text
        return _keys().decrypt(encrypted_text[len(PREFIX) :].encode()).decode()
