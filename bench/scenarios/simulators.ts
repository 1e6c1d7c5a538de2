/**
 * Simulator throughput: invoices per second served WITH content (signed UBL, base64) by the QNB
 * simulator running alone on one thread (a worker), to a concurrent client loop on loopback that
 * walks the belgeSiraNo cursor in 4 disjoint arrival slices (100 invoices per call). Reported
 * against the 2,000 invoices/s target and against raw dataset generation (invoiceDocument) measured
 * in the same run — the simulator cannot beat generation, since every served document is rendered.
 * `size` = invoices in the dataset; each run stops after all are served or 30 s.
 */
import { Worker } from 'node:worker_threads';
import { Pool } from 'undici';
import { invoiceDocument, type DatasetSpec } from '../../simulators/dataset/index.js';
import { round, withBaseline, type BenchResult, type BenchScenario } from '../result.js';

const TARGET_PER_SECOND = 2000;
const SLICES = 4;
const TIME_BUDGET_MS = 30_000;
const NS = 'http://service.connector.uut.cs.com.tr/';

function dataset(invoices: number): DatasetSpec {
  return { seed: 2026, provider: 'qnb', invoices, from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', customer: { vkn: '4810173324', name: 'Bench A.Ş.' } };
}

/** Runs the simulator in a worker thread so that it has its own event loop (one core). */
async function startWorkerSimulator(spec: DatasetSpec): Promise<{ url: string; credentials: Record<string, string>; stop(): Promise<void> }> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const simulators = new URL('../../simulators/index.ts', import.meta.url).href;
  const code = `(async () => {
    const { parentPort, workerData } = require('node:worker_threads');
    (await import(${JSON.stringify(tsx)})).register();
    const { startSimulator } = await import(${JSON.stringify(simulators)});
    const sim = await startSimulator('qnb', { dataset: workerData });
    parentPort.once('message', async () => { await sim.close(); parentPort.close(); });
    parentPort.postMessage({ url: sim.url, credentials: sim.credentials });
  })()`;
  const worker = new Worker(code, { eval: true, workerData: spec });
  const ready = await new Promise<{ url: string; credentials: Record<string, string> }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    ...ready,
    stop: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** yyyyMMddHHmmss in Turkey time. */
function qnbTime(ms: number): string {
  return new Date(ms + 3 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

function generationRate(spec: DatasetSpec, count: number): { perSecond: number; bytes: number; lines: number } {
  for (let i = 0; i < Math.min(200, count); i++) invoiceDocument(spec, i);
  let bytes = 0;
  let lines = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const { xml, header } = invoiceDocument(spec, i);
    bytes += xml.length;
    lines += header.lineCount;
  }
  return { perSecond: count / ((performance.now() - started) / 1000), bytes: bytes / count, lines: lines / count };
}

export const scenario: BenchScenario = {
  name: 'simulators',
  description: 'QNB simulator serving invoices with content (gelenBelgeleriAlExt, 100 per call, 4 concurrent cursors) vs the 2,000/s target and vs raw dataset generation',
  defaultSize: 20_000,
  async run({ size }): Promise<BenchResult[]> {
    const spec = dataset(size);
    const generation = generationRate(spec, Math.min(size, 3000));
    const sim = await startWorkerSimulator(spec);
    const pool = new Pool(new URL(sim.url).origin, { connections: SLICES });
    const from = Date.parse(spec.from);
    const span = Date.parse(spec.to) - from;
    let served = 0;
    let bytes = 0;
    const started = performance.now();
    try {
      await Promise.all(
        Array.from({ length: SLICES }, async (_, slice) => {
          const sliceFrom = from + Math.floor((span * slice) / SLICES);
          const sliceTo = from + Math.floor((span * (slice + 1)) / SLICES) - 1000;
          let cursor = '0';
          while (performance.now() - started < TIME_BUDGET_MS) {
            const body = `<?xml version="1.0"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Header><o:Security xmlns:o="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><o:UsernameToken><o:Username>${sim.credentials.username}</o:Username><o:Password>${sim.credentials.password}</o:Password></o:UsernameToken></o:Security></S:Header>` +
              `<S:Body><ser:gelenBelgeleriAlExt xmlns:ser="${NS}"><parametreler><belgeTuru>FATURA</belgeTuru><donusTipiVersiyon>6.0</donusTipiVersiyon><gelisTarihiBaslangic>${qnbTime(sliceFrom)}</gelisTarihiBaslangic><gelisTarihiBitis>${qnbTime(sliceTo)}</gelisTarihiBitis>` +
              `<sonAlinanBelgeSiraNumarasi>${cursor}</sonAlinanBelgeSiraNumarasi><vergiTcKimlikNo>${spec.customer.vkn}</vergiTcKimlikNo></parametreler></ser:gelenBelgeleriAlExt></S:Body></S:Envelope>`;
            const res = await pool.request({ method: 'POST', path: new URL(sim.url).pathname, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body });
            // latin1: the client only needs ASCII tags, and skipping UTF-8 decoding keeps it off the simulator's core budget.
            const text = Buffer.from(await res.body.arrayBuffer()).toString('latin1');
            if (res.statusCode !== 200) throw new Error(`simulator answered HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
            const numbers = [...text.matchAll(/<belgeSiraNo>(\d+)<\/belgeSiraNo>/g)];
            if (numbers.length === 0) return;
            served += numbers.length;
            bytes += text.length;
            cursor = numbers[numbers.length - 1]?.[1] ?? cursor;
          }
        }),
      );
    } finally {
      await pool.close();
      await sim.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const perSecond = served / seconds;
    process.stderr.write(`simulators: served ${served} invoices in ${round(seconds, 2)} s (${round(bytes / 1e6, 1)} MB); documents average ${Math.round(generation.bytes)} chars, ${round(generation.lines, 1)} lines; generation ${Math.round(generation.perSecond)}/s\n`);
    return [
      withBaseline({ scenario: 'simulators', metric: 'qnb served invoices/s vs 2,000/s target', value: round(perSecond, 1), unit: 'invoices/s', size: served }, TARGET_PER_SECOND),
      withBaseline({ scenario: 'simulators', metric: 'qnb served invoices/s vs raw dataset generation', value: round(perSecond, 1), unit: 'invoices/s', size: served }, generation.perSecond),
    ];
  },
};
