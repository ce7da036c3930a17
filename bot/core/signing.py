"""Signed data for round trips through a platform (e.g. a Slack modal's private_metadata).

    signer = Signer(key)
    token = signer.dump({"g": 1, "r": 2})   # '<hmac>.<json>'
    signer.load(token)                      # the dict, or TamperedData

The HMAC-SHA256 covers the JSON text and a purpose, so a token made for one use is refused by
another. Keys come from bot.storage.keys (environment, or generated and kept in the database).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from bot.core.errors import TamperedData


class Signer:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a signing key needs at least 16 bytes")
        self._key = key

    def _mac(self, purpose: str, text: str) -> str:
        digest = hmac.new(self._key, f"{purpose}\n{text}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:18]).decode()

    def dump(self, data: dict[str, Any], purpose: str = "") -> str:
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        return f"{self._mac(purpose, text)}.{text}"

    def load(self, token: str, purpose: str = "") -> dict[str, Any]:
        mac, dot, text = (token or "").partition(".")
        if not dot or not hmac.compare_digest(mac, self._mac(purpose, text)):
            raise TamperedData()
        try:
            data = json.loads(text)
        except ValueError:
            raise TamperedData() from None
        if not isinstance(data, dict):
            raise TamperedData()
        return data
