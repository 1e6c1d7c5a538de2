/**
 * Test support for the simulator contract tests: raw SOAP over fetch with hand-written envelopes,
 * and the expected invoice sets read back from the dataset manifest. Not used by the simulators.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { ProviderId } from '../domain/providers.js';
import { startSimulator, type RunningSimulator } from './index.js';
import { writeManifest, type DatasetSpec, type ManifestEntry } from './dataset/index.js';
import { child, readXml, type XElement } from './soap/xml.js';

export const CUSTOMER = { vkn: '4810173324', name: 'Deneme Lojistik A.Ş.' };

export function testDataset(provider: ProviderId, invoices = 240): DatasetSpec {
  return { seed: 11, provider, invoices, from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z', customer: CUSTOMER };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs a SOAP 1.1 envelope around `body` (and `header`), as a client would write it by hand. */
export async function postSoap(url: string, body: string, options: { header?: string; soapAction?: string; cookie?: string; timeoutMs?: number } = {}): Promise<RawResponse> {
  const envelope = `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
    `${options.header ? `<soapenv:Header>${options.header}</soapenv:Header>` : ''}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: options.soapAction ?? '""',
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: envelope,
    ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The first element of the SOAP Body of a response. */
export function bodyOf(text: string): XElement {
  const envelope = readXml(text);
  const body = child(envelope, 'Body');
  const first = body?.children[0];
  if (!first) throw new Error(`no SOAP Body content in: ${text.slice(0, 300)}`);
  return first;
}

/** Descends by local names; `undefined` when any step is missing. */
export function at(element: XElement | undefined, ...path: string[]): XElement | undefined {
  return path.reduce<XElement | undefined>((el, name) => child(el, name), element);
}

export const wsSecurity = (username: string, password: string) =>
  `<o:Security soapenv:mustUnderstand="1" xmlns:o="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">` +
  `<o:UsernameToken><o:Username>${username}</o:Username><o:Password>${password}</o:Password></o:UsernameToken></o:Security>`;

/** Writes the manifest of these datasets to a temp file and reads it back. */
export async function readManifest(specs: DatasetSpec[]): Promise<ManifestEntry[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-manifest-'));
  try {
    const { path } = await writeManifest(specs, join(dir, 'manifest.jsonl'));
    return (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as ManifestEntry);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Inbox ETTNs of the manifest that arrived in [fromIso, toIso] (both inclusive). */
export function arrivedBetween(manifest: ManifestEntry[], fromIso: string, toIso: string): string[] {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  return manifest.filter((e) => e.deliveredToInbox && Date.parse(e.arrivedAt) >= from && Date.parse(e.arrivedAt) <= to).map((e) => e.ettn);
}

/** Where the relisting tests' clock stands: after the test datasets' end, so every dataset invoice has arrived. */
export const RELISTING_NOW = Date.parse('2026-03-10T09:00:00Z');

export interface ClockedSimulator {
  dataset: DatasetSpec;
  sim: RunningSimulator;
  manifest: ManifestEntry[];
}

/** A simulator over testDataset(provider, invoices) with its clock at RELISTING_NOW, running for the calling describe. */
export function simulatorAtClock(provider: ProviderId, invoices: number): ClockedSimulator {
  const state = { dataset: testDataset(provider, invoices) } as ClockedSimulator;
  beforeAll(async () => {
    state.sim = await startSimulator(provider, { dataset: state.dataset, clock: () => RELISTING_NOW });
    state.manifest = await readManifest([state.dataset]);
  });
  afterAll(() => state.sim.close());
  return state;
}
