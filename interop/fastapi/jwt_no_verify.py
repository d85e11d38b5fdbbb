# A faulty variant of the JWT tutorial app (jwt_oauth2.py) for the project's own tests: it decodes
# the token without verifying its signature (PyJWT's options={"verify_signature": False}), so a
# token whose signature is altered or removed, whose header says alg "none", or whose payload was
# changed without re-signing is accepted. The token-validation checks (headers.jwt-*) must fail it.
import jwt
from fastapi import Depends, HTTPException, status

from jwt_oauth2 import app, fake_users_db, get_current_user, get_user, oauth2_scheme


async def get_current_user_unverified(token: str = Depends(oauth2_scheme)):
    credentials_exception = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = jwt.decode(token, options={"verify_signature": False})
    except jwt.exceptions.InvalidTokenError:
        raise credentials_exception
    user = get_user(fake_users_db, username=payload.get("sub"))
    if user is None:
        raise credentials_exception
    return user


app.dependency_overrides[get_current_user] = get_current_user_unverified
