// Fastify 5 with @fastify/bearer-auth, as its README sets it up: the plugin registered with a set
// of keys (here the one demo token) guards every route. GET /items/ echoes the token, like
// FastAPI's tutorial: the header after "Bearer ", trimmed, exactly as the plugin reads it.
// Library defaults otherwise (no logger, the plugin's 401 body, no WWW-Authenticate).
// Run: node --import tsx interop/fastify/app.ts --port 8002
import Fastify from 'fastify';
import bearerAuthPlugin from '@fastify/bearer-auth';
import { HOST, INTEROP_TOKEN, announce, portFromArgs } from '../app-args.ts';

const BEARER_PREFIX = 'Bearer ';

const fastify = Fastify();
await fastify.register(bearerAuthPlugin, { keys: new Set([INTEROP_TOKEN]) });

fastify.get('/items/', async (request) => ({
  token: (request.headers.authorization ?? '').substring(BEARER_PREFIX.length).trim(),
}));

await fastify.listen({ port: portFromArgs(), host: HOST });
const address = fastify.server.address();
if (address && typeof address === 'object') announce(address.port);
