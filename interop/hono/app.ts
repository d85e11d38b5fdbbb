// Hono 4 with its built-in bearer-auth middleware on @hono/node-server, as Hono's docs set it up:
// `bearerAuth({ token })` on the route. GET /items/ echoes the token, like FastAPI's tutorial: the
// header after the scheme word, as the middleware reads it. Library defaults otherwise.
// Run: node --import tsx interop/hono/app.ts --port 8003
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HOST, INTEROP_TOKEN, announce, portFromArgs } from '../app-args.ts';

/** The middleware's default prefix; it matches it in any letter case, then a space, then skips spaces. */
const PREFIX = 'Bearer';

const app = new Hono();

app.get('/items/', bearerAuth({ token: INTEROP_TOKEN }), (c) => {
  return c.json({ token: (c.req.header('Authorization') ?? '').slice(PREFIX.length).trimStart() });
});

serve({ fetch: app.fetch, port: portFromArgs(), hostname: HOST }, (info) => announce(info.port));
