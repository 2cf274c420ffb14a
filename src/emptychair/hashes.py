"""BLAKE2b without importing hashlib, which loads OpenSSL at about 3 ms of every call's start.

CPython builds BLAKE2 in (`_blake2`, which hashlib itself wraps); hashlib is the fallback for a
Python built without it. SHA-256, which only some records need, is hashlib's, imported there.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without its own BLAKE2
    from hashlib import blake2b

__all__ = ["blake2b"]
