// Express 5 with passport + passport-http-bearer, as the strategy's README sets it up: a verify
// callback that knows one token, and `passport.authenticate('bearer', { session: false })` on the
// route. GET /items/ echoes the token, like FastAPI's tutorial. Library defaults otherwise.
// Run: node --import tsx interop/express/app.ts --port 8001
import express from 'express';
import passport from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { HOST, INTEROP_TOKEN, announce, portFromArgs } from '../app-args.ts';

interface TokenHolder { token: string }

passport.use(new BearerStrategy((token, done) => {
  if (token !== INTEROP_TOKEN) return done(null, false);
  const user: TokenHolder = { token };
  return done(null, user);
}));

const app = express();

app.get('/items/', passport.authenticate('bearer', { session: false }), (req, res) => {
  res.json({ token: (req.user as TokenHolder).token });
});

const server = app.listen(portFromArgs(), HOST, (error) => {
  if (error) throw error;
  const address = server.address();
  if (address && typeof address === 'object') announce(address.port);
});
