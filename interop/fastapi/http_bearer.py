# FastAPI's HTTPBearer (fastapi.security.HTTPBearer) protecting GET /items/, echoing the token as the
# "Security - First Steps" app does, so the conformance run can judge the scheme FastAPI documents
# for `type: http, scheme: bearer`. Debian ships FastAPI 0.92: before 0.122.0 HTTPBearer answers
# missing or empty credentials and another scheme with 403 and no challenge (measured:
# reference-server/fastapi-0.92-http-bearer-probes.json).
from fastapi import Depends, FastAPI
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

app = FastAPI()

bearer_scheme = HTTPBearer()


@app.get("/items/")
async def read_items(credentials: HTTPAuthorizationCredentials = Depends(bearer_scheme)):
    return {"token": credentials.credentials}
