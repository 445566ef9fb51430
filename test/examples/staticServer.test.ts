import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../examples/browser/staticServer.js';

/** Sends a request with the path exactly as given (fetch would normalise `..` away). */
function raw(server: StaticServer, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('the static server of the browser demo and tests', () => {
  let tmp: string;
  let server: StaticServer;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'tfjs-gradcam-static-'));
    const site = join(tmp, 'site');
    mkdirSync(join(site, 'sub', 'empty'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<p>home</p>');
    writeFileSync(join(site, 'sub', 'index.html'), '<p>sub</p>');
    writeFileSync(join(site, 'model.json'), '{"a":1}');
    writeFileSync(join(site, 'w.wasm'), 'wasm');
    writeFileSync(join(tmp, 'secret.txt'), 'secret');
    symlinkSync(join(tmp, 'secret.txt'), join(site, 'link.txt'));
    symlinkSync(join(site, 'model.json'), join(site, 'inner-link.json'));
    server = await startStaticServer({ mounts: { '/': site, '/assets': join(site, 'sub') }, files: { '/app.js': 'console.log(1)' } });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves files, folder indexes and in-memory files with their content types, on 127.0.0.1', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(await raw(server, '/')).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<p>home</p>' });
    expect(await raw(server, '/sub/')).toMatchObject({ status: 200, body: '<p>sub</p>' });
    expect(await raw(server, '/assets/index.html')).toMatchObject({ status: 200, body: '<p>sub</p>' });
    expect(await raw(server, '/model.json?v=2')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: '{"a":1}' });
    expect(await raw(server, '/w.wasm')).toMatchObject({ status: 200, type: 'application/wasm' });
    expect(await raw(server, '/app.js')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect(await raw(server, '/inner-link.json')).toMatchObject({ status: 200, body: '{"a":1}' });
    expect(await raw(server, '/model%2Ejson')).toMatchObject({ status: 200, body: '{"a":1}' });
    expect(await raw(server, '/model.json', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('refuses to leave the mounted folder: .., encoded .., backslashes, NUL, links pointing outside', async () => {
    for (const path of ['/../secret.txt', '/sub/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await raw(server, path);
      expect(res.status, path).toBe(403);
      expect(res.body).not.toContain('secret');
    }
    for (const path of ['/..%5csecret.txt', '/model.json%00.png', '/%E0%A4%A', 'model.json']) {
      const res = await raw(server, path);
      expect(res.status, path).toBe(400);
    }
    expect(await raw(server, '/link.txt')).toMatchObject({ status: 403, body: 'forbidden' });
  });

  it('answers 404 for missing files and folders without an index, 405 for other methods', async () => {
    expect((await raw(server, '/nope.js')).status).toBe(404);
    expect((await raw(server, '/sub/empty/')).status).toBe(404);
    expect((await raw(server, '/sub/empty')).status).toBe(404);
    const post = await raw(server, '/model.json', 'POST');
    expect(post.status).toBe(405);
    expect((await raw(server, '/model.json', 'DELETE')).status).toBe(405);
  });
});
