// /docs: FastAPI's Swagger UI page, offline: every asset from the local swagger-ui-dist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { request } from 'undici';
import { bodyText, header, rawRequest } from './raw-client.ts';
import { startReferenceServer } from './server.ts';

const SWAGGER_UI_DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

async function get(url: string, method: 'GET' | 'HEAD' = 'GET'): Promise<{ status: number; contentType: unknown; length: unknown; body: Buffer }> {
  const res = await request(url, { method });
  return { status: res.statusCode, contentType: res.headers['content-type'], length: res.headers['content-length'], body: Buffer.from(await res.body.arrayBuffer()) };
}

/** Every URL the page loads: src and href attributes. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
}

for (const rootPath of ['', '/api/v1']) {
  test(`/docs${rootPath ? ` under ${rootPath}` : ''} is FastAPI's Swagger UI page, pointed at this document and the local assets`, async () => {
    const server = await startReferenceServer({ port: 0, quiet: true, rootPath });
    try {
      const origin = server.url.slice(0, server.url.length - rootPath.length);
      const page = await get(`${server.url}/docs`);
      assert.equal(page.status, 200);
      assert.equal(page.contentType, 'text/html; charset=utf-8');
      const html = page.body.toString('utf8');
      assert.ok(html.includes(`url: '${rootPath}/openapi.json',`));
      assert.ok(html.includes(`oauth2RedirectUrl: window.location.origin + '${rootPath}/docs/oauth2-redirect',`));
      for (const setting of ['"dom_id": "#swagger-ui"', '"layout": "BaseLayout"', '"deepLinking": true', '"showExtensions": true', '"showCommonExtensions": true', 'SwaggerUIBundle.presets.apis', 'SwaggerUIBundle.SwaggerUIStandalonePreset']) {
        assert.ok(html.includes(setting), setting);
      }
      assert.match(html, /<title>bearer-conformance reference - Swagger UI<\/title>/);
      assert.doesNotMatch(html, /https?:\/\/|\/\/cdn|initOAuth/);

      const urls = referencedUrls(html);
      assert.deepEqual(urls.map((u) => path.posix.basename(u)).sort(), ['favicon-32x32.png', 'swagger-ui-bundle.js', 'swagger-ui.css']);
      for (const url of urls) {
        assert.ok(url.startsWith(`${rootPath}/docs/assets/`), url);
        const asset = await get(origin + url);
        assert.equal(asset.status, 200, url);
        assert.ok(asset.body.equals(readFileSync(path.join(SWAGGER_UI_DIST, path.posix.basename(url)))), url);
      }
    } finally {
      await server.close();
    }
  });
}

test('asset content types are what a browser needs to run them', async () => {
  const server = await startReferenceServer({ port: 0, quiet: true });
  try {
    assert.equal((await get(`${server.url}/docs/assets/swagger-ui-bundle.js`)).contentType, 'text/javascript; charset=utf-8');
    assert.equal((await get(`${server.url}/docs/assets/swagger-ui.css`)).contentType, 'text/css; charset=utf-8');
    assert.equal((await get(`${server.url}/docs/assets/favicon-32x32.png`)).contentType, 'image/png');
  } finally {
    await server.close();
  }
});

test("/docs/oauth2-redirect is swagger-ui-dist's page, its script served from the assets", async () => {
  const server = await startReferenceServer({ port: 0, quiet: true, rootPath: '/api/v1' });
  try {
    const page = await get(`${server.url}/docs/oauth2-redirect`);
    assert.equal(page.status, 200);
    assert.equal(page.contentType, 'text/html; charset=utf-8');
    const [script] = referencedUrls(page.body.toString('utf8'));
    assert.equal(script, '/api/v1/docs/assets/oauth2-redirect.js');
    assert.equal((await get(`${server.url.replace('/api/v1', '')}${script}`)).status, 200);
  } finally {
    await server.close();
  }
});

test('only files of the package are served: no traversal, no directories, no other names', async () => {
  const server = await startReferenceServer({ port: 0, quiet: true });
  try {
    for (const p of ['/docs/assets/', '/docs/assets/../package.json', '/docs/assets/..%2Fpackage.json', '/docs/assets/%2e%2e/%2e%2e/package.json', '/docs/assets/./index.html', '/docs/assets/nope.js', '/docs/assets/swagger-ui.css/', '/docs/assets//swagger-ui.css', '/docs/assets/swagger-ui.css?x']) {
      const res = await rawRequest(server.port, { path: p });
      assert.ok(res.status === 404 || (p.endsWith('?x') && res.status === 200), `${p}: ${res.status}`);
      if (res.status === 404) assert.equal(bodyText(res), '{"detail":"Not Found"}');
    }
  } finally {
    await server.close();
  }
});

test('HEAD /docs answers 200 with the length of the page and no body; POST gets 405', async () => {
  const server = await startReferenceServer({ port: 0, quiet: true });
  try {
    const page = await get(`${server.url}/docs`);
    const head = await get(`${server.url}/docs`, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.length, String(page.body.length));
    assert.equal(head.body.length, 0);
    const post = await rawRequest(server.port, { method: 'POST', path: '/docs', lines: ['Content-Length: 0'] });
    assert.equal(post.status, 405);
    assert.equal(header(post, 'allow'), 'GET, HEAD');
  } finally {
    await server.close();
  }
});
