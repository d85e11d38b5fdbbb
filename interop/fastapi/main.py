# The "Security - First Steps" tutorial app, verbatim in substance (non-Annotated variant: the
# Annotated one needs FastAPI >= 0.95 and Debian ships 0.92).
from fastapi import Depends, FastAPI
from fastapi.security import OAuth2PasswordBearer

app = FastAPI()

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


@app.get("/items/")
async def read_items(token: str = Depends(oauth2_scheme)):
    return {"token": token}
