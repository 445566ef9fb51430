/**
 * A small static file server (node:http) for the browser demo and the browser tests: serves
 * folders under URL prefixes and in-memory files at fixed paths, read-only, on 127.0.0.1.
 *
 * Path safety: the URL path is percent-decoded once, must not hold NUL bytes or backslashes, and is
 * normalised; a request is served only if the file it names lies inside the mounted folder, also after
 * following symbolic links, and is a regular file. Anything else is a 404 (403 for an escape
 * attempt). Only GET and HEAD are answered. No directory listings.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, posix, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServerOptions {
  /** URL prefix (`'/'`, `'/wasm/'`) → folder on disk. The longest matching prefix wins. */
  mounts?: Record<string, string>;
  /** Exact URL path (`'/app.js'`) → contents served from memory; checked before the mounts. */
  files?: Record<string, string | Uint8Array>;
  /** Port; default 0 (any free port). */
  port?: number;
  /** Host to listen on; default `'127.0.0.1'`. */
  host?: string;
}

export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Maps a request path to a file inside `root`, or null when it is not one. `rest` is the decoded,
 * normalised path below the mount prefix, without a leading slash.
 */
async function fileInside(root: string, rest: string): Promise<string | null | 'escape'> {
  const candidate = resolve(root, rest === '' ? 'index.html' : rest);
  if (candidate !== root && !candidate.startsWith(root + sep)) return 'escape';
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return null;
  }
  const realRoot = await realpath(root);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return 'escape';
  try {
    const st = await stat(real);
    if (st.isDirectory()) return fileInside(root, posix.join(rest, 'index.html'));
    return st.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** Starts the server; resolves once it listens. */
export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const mounts = Object.entries(options.mounts ?? {})
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(dir)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const files = new Map(Object.entries(options.files ?? {}));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed');
    }
    const rawPath = (req.url ?? '/').split(/[?#]/)[0]!;
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return send(res, 400, 'bad path encoding');
    }
    if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return send(res, 400, 'bad path');
    if (decoded.split('/').includes('..')) return send(res, 403, 'forbidden');
    const path = posix.normalize(decoded);
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    const inMemory = files.get(path);
    if (inMemory !== undefined) {
      const body = typeof inMemory === 'string' ? Buffer.from(inMemory) : Buffer.from(inMemory.buffer, inMemory.byteOffset, inMemory.byteLength);
      res.writeHead(200, { ...headers, 'content-type': contentType(path.endsWith('/') ? `${path}index.html` : path), 'content-length': body.byteLength });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    for (const [prefix, root] of mounts) {
      if (!(path === prefix.slice(0, -1) || path.startsWith(prefix))) continue;
      const found = await fileInside(root, path.slice(prefix.length));
      if (found === 'escape') return send(res, 403, 'forbidden');
      if (found === null) break;
      const st = await stat(found);
      res.writeHead(200, { ...headers, 'content-type': contentType(found), 'content-length': st.size });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(found)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    send(res, 404, 'not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

