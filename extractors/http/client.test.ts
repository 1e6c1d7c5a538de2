import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, TransientError } from '../errors.js';
import { startTinyServer, type TinyServer } from '../testing/http-server.js';
import { defaultHttpOptions, HttpClient } from './client.js';

const context = { provider: 'qnb' as const, operation: 'test' };
let server: TinyServer | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

function post(path = '', signal = new AbortController().signal) {
  return client!.post({ path, headers: { 'content-type': 'text/plain' }, body: 'hello', signal, context });
}

describe('HttpClient', () => {
  it('posts under the base path and reuses one kept-alive connection', async () => {
    const ports = new Set<number | undefined>();
    server = await startTinyServer((req, res, body) => {
      ports.add(req.socket.remotePort);
      res.setHeader('retry-after', '2');
      res.end(`echo:${body}`);
    });
    client = new HttpClient(`${server.url}/svc/`);
    for (let i = 0; i < 5; i++) {
      const response = await post('/op');
      expect(response.status).toBe(200);
      expect(response.body.toString()).toBe('echo:hello');
      expect(response.headers['retry-after']).toBe('2');
    }
    expect(server.requests.map((r) => r.path)).toEqual(Array(5).fill('/svc/op'));
    // Kept-alive sockets are reused (undici may open a second one while the first is being released).
    expect(ports.size).toBeLessThan(5);
  });

  it('turns a header timeout and a reset into TransientError', async () => {
    server = await startTinyServer((req, res, _body, n) => {
      if (n === 1) setTimeout(() => res.end('late'), 2_500);
      else req.socket.destroy();
    });
    client = new HttpClient(server.url, { ...defaultHttpOptions, headersTimeoutMs: 200 });
    await expect(post()).rejects.toThrow(TransientError);
    await expect(post()).rejects.toThrow(/network failure/);
  });

  it('refuses a body larger than the limit as a ProtocolError', async () => {
    server = await startTinyServer((_req, res) => res.end('x'.repeat(5_000)));
    client = new HttpClient(server.url, { ...defaultHttpOptions, maxResponseBytes: 1_000 });
    await expect(post()).rejects.toThrow(ProtocolError);
  });

  it('rethrows the abort reason promptly when cancelled mid-request', async () => {
    let answered = false;
    server = await startTinyServer((_req, res) => setTimeout(() => {
      answered = true;
      res.end('late');
    }, 1_000));
    client = new HttpClient(server.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    await expect(post('', controller.signal)).rejects.toThrow('user cancelled');
    expect(answered).toBe(false);
  });
});
