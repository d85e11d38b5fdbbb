// /docs: Swagger UI in the shape of FastAPI's `get_swagger_ui_html` (ground truth §2), with its
// CSS, JS and favicon served from the local swagger-ui-dist package instead of a CDN, so the page
// works offline. Only files that exist in the package are served, looked up by exact name.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const DOCS_TITLE = 'bearer-conformance reference - Swagger UI';
export const DOCS_PATH = '/docs';
export const OAUTH2_REDIRECT_PATH = '/docs/oauth2-redirect';
export const ASSETS_PATH = '/docs/assets/';
export const OPENAPI_PATH = '/openapi.json';

const SWAGGER_UI_DIST = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** FastAPI's `swagger_ui_default_parameters`, written as it writes them (`json.dumps` per entry). */
const SWAGGER_UI_PARAMETERS = { dom_id: '#swagger-ui', layout: 'BaseLayout', deepLinking: true, showExtensions: true, showCommonExtensions: true };

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** The package's own files; nothing else can be named, so no path can escape the directory. */
const ASSET_NAMES: ReadonlySet<string> = new Set(
  readdirSync(SWAGGER_UI_DIST, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name),
);
const assetCache = new Map<string, Promise<Buffer>>();

export interface Asset {
  body: Buffer;
  contentType: string;
}

/** `name` is what follows `/docs/assets/`; undefined when the package has no such file. */
export async function readAsset(name: string): Promise<Asset | undefined> {
  if (!ASSET_NAMES.has(name)) return undefined;
  let body = assetCache.get(name);
  if (!body) {
    body = readFile(path.join(SWAGGER_UI_DIST, name));
    assetCache.set(name, body);
  }
  return { body: await body, contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream' };
}

/** `rootPath` is '' or a validated prefix: it contains no quote, angle bracket or backslash. */
export function swaggerUiHtml(rootPath: string): string {
  const assets = rootPath + ASSETS_PATH;
  const parameters = Object.entries(SWAGGER_UI_PARAMETERS).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('');
  return `
    <!DOCTYPE html>
    <html>
    <head>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link type="text/css" rel="stylesheet" href="${assets}swagger-ui.css">
    <link rel="shortcut icon" href="${assets}favicon-32x32.png">
    <title>${DOCS_TITLE}</title>
    </head>
    <body>
    <div id="swagger-ui">
    </div>
    <script src="${assets}swagger-ui-bundle.js"></script>
    <!-- \`SwaggerUIBundle\` is now available on the page -->
    <script>
    const ui = SwaggerUIBundle({
        url: '${rootPath}${OPENAPI_PATH}',
    ${parameters}oauth2RedirectUrl: window.location.origin + '${rootPath}${OAUTH2_REDIRECT_PATH}',
    presets: [
        SwaggerUIBundle.presets.apis,
        SwaggerUIBundle.SwaggerUIStandalonePreset
        ],
    })
    </script>
    </body>
    </html>
    `;
}

/** swagger-ui-dist's oauth2-redirect.html, its script pointed at the assets route. */
export async function oauth2RedirectHtml(rootPath: string): Promise<string> {
  const html = await readFile(path.join(SWAGGER_UI_DIST, 'oauth2-redirect.html'), 'utf8');
  return html.replace('src="oauth2-redirect.js"', `src="${rootPath}${ASSETS_PATH}oauth2-redirect.js"`);
}
