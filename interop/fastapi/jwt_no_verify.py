# A faulty variant of the JWT tutorial app (jwt_oauth2.py) for the project's own tests: it decodes
# the token without verifying its signature (PyJWT's options={"verify_signature": False}), so a
# token whose signature is altered or removed, whose header says alg "none", or whose payload was
# changed without re-signing is accepted. The token-validation checks (headers.jwt-*) must fail it.
# Everything else is the tutorial's own code: its get_current_user, with its one jwt.decode call
# replaced (the tutorial module looks `jwt` up at call time).
from types import SimpleNamespace

import jwt

import jwt_oauth2
from jwt_oauth2 import app  # noqa: F401 (uvicorn serves jwt_no_verify:app)


def decode_unverified(token: str, *_key_and_algorithms, **_options) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


jwt_oauth2.jwt = SimpleNamespace(encode=jwt.encode, decode=decode_unverified)
