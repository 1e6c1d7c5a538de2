/**
 * Extraction throughput per provider: an extractor backfilling an inbox from its simulator, which runs
 * in a child process (its own event loop), against that simulator's own serving rate measured in the
 * same run on the very same requests.
 *
 * Per provider: (1) one untimed pass of the extractor through a recording proxy warms both sides and
 * keeps a copy of every request it sent; (2) a timed pass: the extractor reads the same range straight
 * from the simulator and yields documents (content decoded, checked complete); (3) the baseline: the
 * recorded requests replayed with REPLAY_CONCURRENCY in flight by a client that only reads the bytes (a
 * session the recording pass logged out of is replaced: its Login is replayed first and the new
 * SESSION_ID put into the later bodies; Logout is left out): how fast the simulator serves that work
 * when nothing else limits it. (2) and (3) run in ROUNDS adjacent pairs, their order alternating, so a
 * burst of load from the machine's other tenants falls on both sides of a pair rather than on one lone
 * measurement; the ratio is median documents/s of (2) ÷ median documents/s of (3), each pair's own ratio
 * beside it (`ratios`). ≥ 0.5 means extraction is not the bottleneck. `size` = invoices in each
 * provider's dataset: signed UBL-TR of LINES_PER_INVOICE lines each, as issue 15 states the target (the
 * dataset's own mix averages ~3 lines; line count printed on stderr).
 */
import { Pool } from 'undici';
import { providerIds, type ProviderId } from '../../domain/providers.js';
import { initialCheckpoint, type Extractor, type Page } from '../../extractors/contract.js';
import { extractorFactories } from '../../extractors/registry.js';
import { invoiceHeader, type DatasetSpec } from '../../simulators/dataset/index.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';
import { startChildSimulator } from '../support/child-simulator.js';
import { startRecordingProxy, type RecordedRequest } from '../support/recording-proxy.js';

const REPLAY_CONCURRENCY = 8;
/** Timed extractor passes and replays, in adjacent pairs. */
const ROUNDS = 5;
const LINES_PER_INVOICE = 10;
const START_DATE = '2025-01-01';
/** Past the dataset's last arrival (dataset ends 2025-03-01, arrivals lag up to 10 days). */
const UNTIL = '2025-03-14T21:00:00.000Z';

function dataset(provider: ProviderId, invoices: number): DatasetSpec {
  return { seed: 2026, provider, invoices, from: '2025-01-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z', customer: { vkn: '4810173324', name: 'Bench A.Ş.' }, linesPerInvoice: LINES_PER_INVOICE };
}

class ExtractBenchError extends Error {
  override name = 'ExtractBenchError';
}

/** Runs a full backfill; returns documents yielded and failed ones (a bench run must have none). */
async function backfill(extractor: Extractor<unknown>, provider: ProviderId, credentials: Record<string, string>): Promise<number> {
  let documents = 0;
  let failed = 0;
  try {
    const pages: AsyncIterable<Page> = extractor.extract(credentials, initialCheckpoint(provider, START_DATE, UNTIL), new AbortController().signal);
    for await (const page of pages) {
      documents += page.documents.length;
      failed += page.failed.length;
    }
  } finally {
    await extractor.close();
  }
  if (failed > 0) throw new ExtractBenchError(`${provider}: ${failed} documents failed to decode during the bench`);
  return documents;
}

const sessionPattern = /<SESSION_ID>([^<]+)<\/SESSION_ID>/;

/** The recorded requests with a fresh session in place of the recorded one (EDM), Login and Logout left out. */
async function withFreshSession(pool: Pool, requests: readonly RecordedRequest[]): Promise<RecordedRequest[]> {
  const login = requests.find((r) => /LoginRequest/.test(r.body));
  const rest = requests.filter((r) => !/LoginRequest|LogoutRequest/.test(r.body));
  if (!login) return rest;
  const res = await pool.request({ method: 'POST', path: login.path, headers: login.headers, body: login.body });
  const fresh = sessionPattern.exec(await res.body.text())?.[1];
  const old = rest.map((r) => sessionPattern.exec(r.body)?.[1]).find((id) => id !== undefined);
  if (!fresh || !old) throw new ExtractBenchError('replay: no session to replace');
  return rest.map((r) => ({ ...r, body: r.body.split(old).join(fresh) }));
}

/** Replays the recorded requests against the simulator; returns the seconds it took. */
async function replay(origin: string, recorded: readonly RecordedRequest[]): Promise<number> {
  const pool = new Pool(origin, { connections: REPLAY_CONCURRENCY, pipelining: 1 });
  let next = 0;
  const requests = await withFreshSession(pool, recorded);
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: REPLAY_CONCURRENCY }, async () => {
      while (next < requests.length) {
        const recorded = requests[next++];
        if (!recorded) break;
        const res = await pool.request({ method: 'POST', path: recorded.path, headers: recorded.headers, body: recorded.body });
        const bytes = await res.body.arrayBuffer();
        if (res.statusCode !== 200) throw new ExtractBenchError(`replay of ${recorded.path} answered HTTP ${res.statusCode}: ${Buffer.from(bytes).toString('utf8').slice(0, 200)}`);
      }
    }));
    return (performance.now() - started) / 1000;
  } finally {
    await pool.close();
  }
}

function meanLines(spec: DatasetSpec): number {
  let lines = 0;
  for (let index = 0; index < spec.invoices; index++) lines += invoiceHeader(spec, index).lineCount;
  return lines / spec.invoices;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measure(provider: ProviderId, invoices: number): Promise<BenchResult> {
  const spec = dataset(provider, invoices);
  const sim = await startChildSimulator(spec);
  const simUrl = new URL(sim.url);
  const proxy = await startRecordingProxy(simUrl.origin);
  try {
    const recordedCount = await backfill(extractorFactories[provider]({ baseUrl: proxy.origin + simUrl.pathname }), provider, sim.credentials);
    const requests = proxy.recorded;
    const extractSeconds: number[] = [];
    const replaySeconds: number[] = [];
    const extractPass = async () => {
      const started = performance.now();
      const documents = await backfill(extractorFactories[provider]({ baseUrl: sim.url }), provider, sim.credentials);
      if (documents !== recordedCount || documents === 0) throw new ExtractBenchError(`${provider}: ${documents} documents timed, ${recordedCount} recorded`);
      extractSeconds.push((performance.now() - started) / 1000);
    };
    const replayPass = async () => void replaySeconds.push(await replay(simUrl.origin, requests));
    for (let pair = 0; pair < ROUNDS; pair++) {
      for (const pass of pair % 2 === 0 ? [extractPass, replayPass] : [replayPass, extractPass]) await pass();
    }
    const ratios = extractSeconds.map((seconds, pair) => round(replaySeconds[pair]! / seconds));
    process.stderr.write(
      `extract ${provider}: ${recordedCount} documents (mean ${round(meanLines(spec), 1)} lines) in ${requests.length} calls; ` +
      `median extractor ${round(median(extractSeconds), 2)} s, simulator replay ${round(median(replaySeconds), 2)} s; ratio per round ${ratios.join(' ')}\n`,
    );
    return {
      ...withBaseline(
        { scenario: 'extract', metric: `${provider} extracted documents/s vs the simulator serving the same requests`, value: round(recordedCount / median(extractSeconds), 1), unit: 'documents/s', size: recordedCount },
        recordedCount / median(replaySeconds),
      ),
      ratios,
    };
  } finally {
    await proxy.close();
    await sim.stop();
  }
}

export const scenario: BenchScenario = {
  name: 'extract',
  description: `each extractor backfilling its simulator (child process) vs the simulator's serving rate of the same requests replayed ${REPLAY_CONCURRENCY} in flight`,
  defaultSize: 3000,
  async *run({ size }) {
    for (const provider of providerIds) yield await measure(provider, size);
  },
};
