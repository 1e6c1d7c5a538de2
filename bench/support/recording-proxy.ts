/**
 * A loopback HTTP proxy that forwards every request to one origin and keeps a copy of it, so the very
 * requests an extractor sent can be replayed later without the extractor (bench only; never timed).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface RecordingProxy {
  origin: string;
  recorded: RecordedRequest[];
  close(): Promise<void>;
}

const forwardedHeaders = ['content-type', 'soapaction', 'cookie'];

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const recorded: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of forwardedHeaders) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      recorded.push({ path: req.url ?? '/', headers, body });
      const answer = await request(new URL(req.url ?? '/', target), { method: req.method === 'GET' ? 'GET' : 'POST', headers, ...(req.method === 'GET' ? {} : { body }) });
      const payload = Buffer.from(await answer.body.arrayBuffer());
      const out: Record<string, string> = { 'content-length': String(payload.length) };
      for (const name of ['content-type', 'set-cookie', 'retry-after']) {
        const value = answer.headers[name];
        if (typeof value === 'string') out[name] = value;
      }
      res.writeHead(answer.statusCode, out);
      res.end(payload);
    })().catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    recorded,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
