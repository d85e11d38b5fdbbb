// The interop targets: real Bearer implementations, each a minimal app protecting GET /items/ and
// echoing the token, run in its own process on loopback. One registry for the tests, the matrix
// command and `interop/serve.ts` (start one target by name from a shell).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReferenceProcess } from './reference-process.ts';
import { MODES } from '../reference-server/server.ts';
import type { Mode } from '../reference-server/server.ts';
import { INTEROP_TOKEN } from './app-args.ts';
import { fastApiUnavailable, startFastApi } from './fastapi/launch.ts';
import type { FastApiApp } from './fastapi/launch.ts';
import { freePort, loaderFlags, startChildServer } from './process.ts';

export { INTEROP_TOKEN } from './app-args.ts';

const HERE = fileURLToPath(import.meta.url);
const INTEROP_DIR = path.dirname(HERE);
const ROOT = path.dirname(INTEROP_DIR);

export interface RunningTarget {
  /** base URL without a trailing slash; the protected endpoint is GET `${url}/items/` */
  url: string;
  /** settles with the exit code (null after a signal) when the target's process ends, for whatever reason */
  exited: Promise<number | null>;
  close(): Promise<void>;
}

export interface InteropTarget {
  /** e.g. 'express+passport-http-bearer' */
  name: string;
  /** the profile it is judged under: 'documented' for the JS libraries, 'fastapi@0.92' for FastAPI, the mode for reference servers */
  profile: string;
  /** a valid token, if the target validates tokens (the others accept any) */
  token?: string;
  /** demo credentials for its token endpoint (FastAPI's OAuth2 tutorials: johndoe / secret); the run gets its token from them */
  credentials?: { username: string; password: string };
  /** the protected GET it answers with the user, not the token, when it has no GET /items/ echo */
  protectedPath?: string;
  /** the scopes a token needs for `protectedPath` (the `scope` form field of the password grant) */
  scopes?: string[];
  /** the status of its refusals when not 401: 403 for FastAPI's HTTPBearer before 0.122.0 (as that release documents) */
  refusesWith?: number;
  /** why it cannot run here, or undefined */
  unavailable(): Promise<string | undefined>;
  /** in its own process on 127.0.0.1, on `port` (0 or none: a free one); bounded (15 s) */
  start(opts?: { port?: number }): Promise<RunningTarget>;
}

/** A JavaScript app under interop/<dir>/app.ts (app.js in dist/); `packages` must resolve for it to run. */
function jsApp(name: string, dir: string, packages: string[]): InteropTarget {
  return {
    name,
    profile: 'documented',
    token: INTEROP_TOKEN,
    async unavailable() {
      const missing = packages.filter((p) => {
        try {
          import.meta.resolve(p);
          return false;
        } catch {
          return true;
        }
      });
      return missing.length ? `not installed: ${missing.join(', ')} (npm install)` : undefined;
    },
    async start(opts = {}) {
      const port = opts.port || await freePort();
      const app = path.join(INTEROP_DIR, dir, `app${path.extname(HERE)}`);
      return startChildServer({ name, command: process.execPath, args: [...loaderFlags(app), app, '--port', String(port)], port, cwd: ROOT });
    },
  };
}

/** FastAPI's tutorials need form parsing; the JWT one signs with PyJWT (Debian packages). */
const MULTIPART = { module: 'multipart', debian: 'python3-multipart' };
const PYJWT = { module: 'jwt', debian: 'python3-jwt' };
/** The tutorials' demo user (FastAPI docs: "User: johndoe, Password: secret"). */
const TUTORIAL_USER = { username: 'johndoe', password: 'secret' };

function fastApiTutorial(name: string, app: FastApiApp, extra: { module: string; debian: string }[], protectedPath: string): InteropTarget {
  return {
    name,
    profile: 'fastapi@0.92',
    credentials: TUTORIAL_USER,
    protectedPath,
    unavailable: () => fastApiUnavailable(extra),
    start: (opts) => startFastApi({ ...opts, app }),
  };
}

function reference(mode: Mode): InteropTarget {
  return {
    name: `reference (${mode})`,
    profile: mode,
    unavailable: async () => undefined,
    start: (opts) => startReferenceProcess(mode, opts),
  };
}

export const INTEROP_TARGETS: InteropTarget[] = [
  {
    name: 'fastapi-0.92',
    profile: 'fastapi@0.92',
    unavailable: fastApiUnavailable,
    start: (opts) => startFastApi(opts),
  },
  fastApiTutorial('fastapi-0.92 simple-oauth2', 'simple_oauth2', [MULTIPART], '/users/me'),
  fastApiTutorial('fastapi-0.92 oauth2-jwt', 'jwt_oauth2', [MULTIPART, PYJWT], '/users/me/'),
  { ...fastApiTutorial('fastapi-0.92 oauth2-scopes', 'oauth2_scopes', [MULTIPART, PYJWT], '/users/me/'), scopes: ['me'] },
  {
    name: 'fastapi-0.92 http-bearer',
    profile: 'fastapi@0.92',
    refusesWith: 403,
    unavailable: fastApiUnavailable,
    start: (opts) => startFastApi({ ...opts, app: 'http_bearer' }),
  },
  jsApp('express+passport-http-bearer', 'express', ['express', 'passport', 'passport-http-bearer']),
  jsApp('fastify+@fastify/bearer-auth', 'fastify', ['fastify', '@fastify/bearer-auth']),
  jsApp('hono+bearer-auth', 'hono', ['hono', '@hono/node-server']),
  ...MODES.map(reference),
];

export function interopTarget(name: string): InteropTarget | undefined {
  return INTEROP_TARGETS.find((t) => t.name === name);
}
