# A faulty variant of the "OAuth2 scopes" tutorial app (oauth2_scopes.py), for the project's own
# tests: it validates the token but never compares the token's scopes with the ones the operation
# declares. Its OpenAPI document is the tutorial's (a dependency override does not change it), so
# the document promises scopes the app does not enforce.
from fastapi import Depends
from fastapi.security import SecurityScopes

from oauth2_scopes import app, get_current_user, oauth2_scheme, user_of_token


async def get_user_ignoring_scopes(security_scopes: SecurityScopes, token: str = Depends(oauth2_scheme)):
    user, _token_data = user_of_token(security_scopes, token)
    return user


app.dependency_overrides[get_current_user] = get_user_ignoring_scopes
