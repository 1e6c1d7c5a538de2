import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes structured JSON and redacts secrets at any of the first three levels', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', name: 't' }, stream);
    log.info({
      provider: 'edm', password: 'p1', credentials: { username: 'u', password: 'p2' },
      request: { headers: { authorization: 'Basic x', cookie: 'CSAPSESSIONID=abc' } },
      config: { databaseUrl: 'postgres://u:p3@h/db' },
    }, 'calling provider');
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ name: 't', msg: 'calling provider', provider: 'edm', password: '[redacted]', credentials: '[redacted]' });
    expect(lines[0]).not.toMatch(/p1|p2|p3|Basic x|abc/);
  });
});
