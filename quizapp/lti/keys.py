"""The tool's own RSA keys: made on first use, stored in the database, published as JWKS.

Rotation: `flask --app quizapp lti-rotate-key` adds a new key that signs from then on; the old
keys stay in the JWKS so platforms that cached them keep verifying messages already in flight.
`lti-rotate-key --retire-old` (a day later, say) takes every key but the newest out of the JWKS.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.registration import Registration
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models.lti import LtiToolKey
from quizapp.models.users import utcnow

KEY_BITS = 2048


def _new_pair() -> tuple[str, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private_pem, public_pem


def _active_keys() -> list[LtiToolKey]:
    return list(
        db.session.scalars(
            select(LtiToolKey).where(LtiToolKey.retired_at.is_(None)).order_by(LtiToolKey.id.desc())
        )
    )


def add_key() -> LtiToolKey:
    """A fresh key pair that signs from now on (its kid is the RFC 7638 thumbprint)."""
    private_pem, public_pem = _new_pair()
    key = LtiToolKey(
        kid=Registration.get_jwk(public_pem)["kid"], private_pem=private_pem, public_pem=public_pem
    )
    db.session.add(key)
    db.session.commit()
    return key


def signing_key() -> LtiToolKey:
    """The newest unretired key, made on first use."""
    keys = _active_keys()
    return keys[0] if keys else add_key()


def jwks() -> dict[str, Any]:
    """Every unretired public key, newest first, as a JSON Web Key Set."""
    keys = _active_keys() or [signing_key()]
    return {"keys": [dict(Registration.get_jwk(k.public_pem)) for k in keys]}


def rotate(retire_old: bool = False) -> tuple[LtiToolKey, int]:
    """Add a new signing key (unless only retiring); retire the older keys when asked.

    Returns the signing key and the number of keys retired."""
    key = signing_key() if retire_old else add_key()
    retired = 0
    if retire_old:
        for old in _active_keys():
            if old.id != key.id:
                old.retired_at = utcnow()
                retired += 1
        db.session.commit()
    return key, retired
