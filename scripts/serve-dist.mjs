// Serves dist/ on 127.0.0.1 the way a plain static host would: at the root and, unchanged,
// under a sub-path (/sub/dragonproof/), with no rewrite rules. Used by the end-to-end tests
// and the benchmark. Usage: node scripts/serve-dist.mjs [port]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname, 'dist');
const port = Number(process.argv[2] ?? 4173);
export const SUB_PATH = '/sub/dragonproof/';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.png': 'image/png',
};

createServer(async (request, response) => {
  let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
  if (path.startsWith(SUB_PATH)) path = '/' + path.slice(SUB_PATH.length);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  try {
    if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file');
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/ and ${SUB_PATH}`));
