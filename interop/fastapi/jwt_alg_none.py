# A faulty variant of the JWT tutorial app (jwt_oauth2.py) for the project's own tests: it verifies
# HS256 tokens, but trusts the token's own header to choose how, and reads a token whose header says
# alg "none" without verifying it (RFC 8725 §2.1 "alg: none" attacks). Only the unsecured-JWT check
# (headers.jwt-alg-none) must fail it; the other token-validation checks pass.
# Everything else is the tutorial's own code: its get_current_user, with its one jwt.decode call
# replaced (the tutorial module looks `jwt` up at call time).
from types import SimpleNamespace

import jwt

import jwt_oauth2
from jwt_oauth2 import app  # noqa: F401 (uvicorn serves jwt_alg_none:app)


def decode_by_header(token: str, key: str, algorithms: list[str]) -> dict:
    if jwt.get_unverified_header(token).get("alg") == "none":
        return jwt.decode(token, options={"verify_signature": False})
    return jwt.decode(token, key, algorithms=algorithms)


jwt_oauth2.jwt = SimpleNamespace(encode=jwt.encode, decode=decode_by_header)
