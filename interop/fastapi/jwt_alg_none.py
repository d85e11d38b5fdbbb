# A faulty variant of the JWT tutorial app (jwt_oauth2.py) for the project's own tests: it verifies
# HS256 tokens, but trusts the token's own header to choose how, and reads a token whose header says
# alg "none" without verifying it (RFC 8725 §2.1 "alg: none" attacks). Only the unsecured-JWT check
# (headers.jwt-alg-none) must fail it; the other token-validation checks pass.
import jwt
from fastapi import Depends, HTTPException, status

from jwt_oauth2 import ALGORITHM, SECRET_KEY, app, fake_users_db, get_current_user, get_user, oauth2_scheme


def decode_by_header(token: str) -> dict:
    if jwt.get_unverified_header(token).get("alg") == "none":
        return jwt.decode(token, options={"verify_signature": False})
    return jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])


async def get_current_user_alg_none(token: str = Depends(oauth2_scheme)):
    credentials_exception = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = decode_by_header(token)
    except jwt.exceptions.InvalidTokenError:
        raise credentials_exception
    user = get_user(fake_users_db, username=payload.get("sub"))
    if user is None:
        raise credentials_exception
    return user


app.dependency_overrides[get_current_user] = get_current_user_alg_none
