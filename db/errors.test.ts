import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isConnectionLost, retryOnLostConnection } from './errors.js';

/** A real ECONNREFUSED: a port that was just free and that nobody listens on. */
async function refusedConnection(): Promise<Error> {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'nobody', database: 'nothing' });
  return client.connect().then(() => new Error('connected to a closed port'), (error: Error) => error);
}

function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

/** Runs retryOnLostConnection over a write that throws `failures` in turn and then succeeds; records its waits. */
async function retried(failures: Error[], delaysMs?: readonly number[]) {
  const slept: number[] = [];
  let attempts = 0;
  const outcome = await retryOnLostConnection(async () => {
    attempts++;
    const failure = failures.shift();
    if (failure) throw failure;
    return 'written';
  }, { ...(delaysMs ? { delaysMs } : {}), sleep: async (ms) => void slept.push(ms) }).catch((error: Error) => error);
  return { outcome, attempts, slept };
}

describe('retryOnLostConnection', () => {
  it('waits for a restarting server: refused, then starting up, then the write lands', async () => {
    const refused = await refusedConnection();
    expect(isConnectionLost(refused)).toBe(true);
    expect(await retried([refused, serverError('57P03', 'the database system is starting up')], [10, 20, 40])).toEqual({ outcome: 'written', attempts: 3, slept: [10, 20] });
  });

  it('gives up after its last wait with the connection error itself', async () => {
    const terminated = () => serverError('57P01', 'terminating connection due to administrator command');
    const { outcome, attempts, slept } = await retried([terminated(), terminated(), terminated()], [5, 5]);
    expect(outcome).toBeInstanceOf(pg.DatabaseError);
    expect(String(outcome)).toMatch(/administrator command/);
    expect({ attempts, slept }).toEqual({ attempts: 3, slept: [5, 5] });
  });

  it('throws any other error at once, without waiting', async () => {
    const { outcome, attempts, slept } = await retried([serverError('23505', 'duplicate key value violates unique constraint')]);
    expect(String(outcome)).toMatch(/duplicate key/);
    expect({ attempts, slept }).toEqual({ attempts: 1, slept: [] });
  });

  it('by default waits longer in all than a server restart takes (over 10 s) before giving up', async () => {
    const { outcome, slept } = await retried(Array.from({ length: 50 }, () => new Error('Connection terminated unexpectedly')));
    expect(String(outcome)).toMatch(/Connection terminated/);
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000);
  });
});
