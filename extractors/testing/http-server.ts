/** A throw-away node:http server on 127.0.0.1 for transport tests: each request is answered by `handler`. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinyServer {
  url: string;
  requests: { path: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export async function startTinyServer(handler: (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void): Promise<TinyServer> {
  const requests: TinyServer['requests'] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    handler(req, res, body, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Timing whose sleeps return at once and are recorded; the clock advances by what was slept. */
export function fakeTiming(random = 0.5) {
  let clock = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    timing: {
      now: () => clock,
      random: () => random,
      sleep: async (ms: number, signal: AbortSignal) => {
        signal.throwIfAborted();
        slept.push(ms);
        clock += ms;
      },
    },
  };
}
