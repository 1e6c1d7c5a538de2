/**
 * The HTTP side every simulator shares: node:http server on 127.0.0.1, SOAP 1.1 envelope reading,
 * WSDL GETs, the call log, and the transport-level faults of the plan (reset, slow, HTTP 500,
 * throttling, truncated and malformed bodies). Provider services only see parsed requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderId } from '../../domain/providers.js';
import type { CallTick, FaultPlan } from '../faults.js';
import { SOAP11_NS, SOAP12_NS, type SoapReply } from './envelope.js';
import { child, flattenParams, readXml, XmlReadError, type XElement } from './xml.js';

/** One request a simulator received, in arrival order. */
export interface RecordedCall {
  at: string;
  /** SOAP operation (body element local name; EDM's `Request` suffix removed), or `wsdl`. */
  operation: string;
  /** 0 when the connection was reset without an answer. */
  httpStatus: number;
  /** The fault injected or the error answered (`http500`, `throttle`, `authFailed`, `sessionExpired`, …). */
  fault?: string;
  /** Flattened body parameters (dotted local names; attributes as `path.attr`; passwords masked). */
  params: Record<string, string>;
  soapAction?: string;
}

export interface SoapRequest {
  /** Lower-cased URL path. */
  path: string;
  soapAction: string | undefined;
  header: XElement | undefined;
  /** The operation element: first child of the SOAP Body. */
  operation: XElement;
  operationName: string;
  remoteAddress: string;
  cookies: Record<string, string>;
  tick: CallTick;
}

export interface SoapService {
  provider: ProviderId;
  /** Endpoint paths this service answers, lower case (IIS and Tomcat paths as the services treat them). */
  endpoints: readonly string[];
  /** The endpoint path, as the provider spells it, that a customer configures a client with. */
  clientPath: string;
  /** Query that returns the WSDL at clientPath (`wsdl` or `singleWsdl`). */
  wsdlQuery: string;
  /** Dispatch name of an operation element (see RecordedCall.operation). */
  operationName(operation: XElement): string;
  handle(request: SoapRequest): Promise<SoapReply> | SoapReply;
  /** WSDL for `GET endpoint?wsdl` (or `?singleWsdl`), undefined when the service does not offer that query. */
  wsdl(endpoint: string, query: string, baseUrl: string): string | undefined;
  /** The provider's own unexpected-error answer (HTTP 500 fault). */
  serverFault(message: string): SoapReply;
  /** The provider's own throttling answer. */
  throttled(request: SoapRequest): SoapReply;
  /** Answer to a request whose envelope cannot be read. */
  badRequest(message: string): SoapReply;
}

export interface SoapServer {
  baseUrl: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** What a proxy in front of a provider answers when the service behind it is down. */
const HTML_ERROR_PAGE = '<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Hizmet geçici olarak kullanılamıyor</h1></body></html>';

export async function startSoapServer(service: SoapService, plan: FaultPlan, calls: RecordedCall[], port = 0): Promise<SoapServer> {
  const closing = new AbortController();
  const server = createServer((req, res) => {
    handle(service, plan, calls, req, res, closing.signal).catch((error: unknown) => {
      const reply = service.serverFault(error instanceof Error ? error.message : String(error));
      if (!res.headersSent) send(res, reply);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(service: SoapService, plan: FaultPlan, calls: RecordedCall[], req: IncomingMessage, res: ServerResponse, closing: AbortSignal): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.toLowerCase();
  const at = new Date().toISOString();
  const soapActionHeader = req.headers.soapaction;
  const soapAction = Array.isArray(soapActionHeader) ? soapActionHeader[0] : soapActionHeader;
  const record = (operation: string, reply: { status: number; fault?: string }, params: Record<string, string> = {}) => {
    calls.push({ at, operation, httpStatus: reply.status, ...(reply.fault ? { fault: reply.fault } : {}), params, ...(soapAction !== undefined ? { soapAction } : {}) });
  };

  if (!service.endpoints.includes(path)) {
    await drain(req);
    const reply = { status: 404, body: 'Not Found', contentType: 'text/plain' };
    record('unknown', reply);
    return send(res, reply);
  }
  if (req.method === 'GET') {
    const baseUrl = `http://${req.headers.host ?? '127.0.0.1'}`;
    const wsdl = service.wsdl(path, url.search.slice(1).toLowerCase(), baseUrl);
    const reply = wsdl === undefined ? { status: 404, body: 'Not Found', contentType: 'text/plain' } : { status: 200, body: wsdl, contentType: 'text/xml; charset=utf-8' };
    record('wsdl', reply);
    return send(res, reply);
  }
  if (req.method !== 'POST') {
    await drain(req);
    const reply = { status: 405, body: 'Method Not Allowed', contentType: 'text/plain', headers: { allow: 'GET, POST' } };
    record('unknown', reply);
    return send(res, reply);
  }

  const text = await readBody(req);
  if (text === undefined) {
    const reply = service.badRequest('request body too large');
    record('unknown', reply);
    return send(res, reply);
  }
  let envelope: XElement;
  try {
    envelope = readXml(text);
  } catch (error) {
    const reply = service.badRequest(error instanceof XmlReadError ? `XML okunamadı: ${error.message}` : 'XML okunamadı');
    record('unknown', { ...reply, fault: 'badRequest' });
    return send(res, reply);
  }
  const body = envelope.name === 'Envelope' && envelope.ns === SOAP11_NS ? child(envelope, 'Body', SOAP11_NS) : undefined;
  const operation = body?.children[0];
  if (!operation) {
    const version = envelope.ns === SOAP12_NS ? 'SOAP 1.2 envelopes are not accepted; use SOAP 1.1' : 'not a SOAP 1.1 envelope with a Body element';
    const reply = service.badRequest(version);
    record('unknown', { ...reply, fault: 'badRequest' });
    return send(res, reply);
  }

  const operationName = service.operationName(operation);
  const params = flattenParams(operation);
  const tick = plan.tick(operationName);
  const faults = plan.spec;
  const request: SoapRequest = {
    path,
    soapAction,
    header: child(envelope, 'Header', SOAP11_NS),
    operation,
    operationName,
    remoteAddress: normalizeAddress(req.socket.remoteAddress ?? ''),
    cookies: parseCookies(req.headers.cookie),
    tick,
  };

  if (plan.hits(faults.reset, operationName, tick)) {
    record(operationName, { status: 0, fault: 'reset' }, params);
    req.socket.destroy();
    return;
  }
  if (faults.slow && plan.hits(faults.slow, operationName, tick)) {
    // A client that times out and hangs up ends the call here: it is logged now, as abandoned, instead of
    // being processed later under whatever fault plan is current by then (and logged in the wrong place).
    const abandoned = new AbortController();
    res.once('close', () => abandoned.abort());
    await sleep(faults.slow.delayMs, AbortSignal.any([closing, abandoned.signal]));
    if (abandoned.signal.aborted && !closing.aborted) return record(operationName, { status: 0, fault: 'slow' }, params);
  }
  if (closing.aborted) return void req.socket.destroy();

  let reply: SoapReply;
  if (plan.hits(faults.http500, operationName, tick)) {
    reply = { ...service.serverFault('Sunucu hatası (simulated HTTP 500)'), fault: 'http500' };
  } else if (faults.throttle && plan.hits(faults.throttle, operationName, tick)) {
    const { style, retryAfterSeconds } = faults.throttle;
    reply = style === 'provider'
      ? { ...service.throttled(request), fault: 'throttle' }
      : { status: style === 'http429' ? 429 : 503, body: style === 'http429' ? 'Too Many Requests' : 'Service Unavailable', contentType: 'text/plain', headers: { 'retry-after': String(retryAfterSeconds) }, fault: 'throttle' };
  } else {
    reply = await service.handle(request);
  }
  if (plan.hits(faults.truncate, operationName, tick)) {
    const bytes = toBytes(reply.body);
    reply = { ...reply, body: bytes.subarray(0, Math.floor(bytes.length / 2)), fault: 'truncate' };
  } else if (plan.hits(faults.malformed, operationName, tick)) {
    reply = { ...reply, body: toBytes(reply.body).toString('utf8').replace(/Envelope>$/, 'Envelop>'), fault: 'malformed' };
  } else if (plan.hits(faults.html, operationName, tick)) {
    reply = { status: 200, body: HTML_ERROR_PAGE, contentType: 'text/html; charset=utf-8', fault: 'html' };
  }
  record(operationName, reply, params);
  send(res, reply);
}

function send(res: ServerResponse, reply: SoapReply): void {
  const payload = toBytes(reply.body);
  res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/xml; charset=utf-8', 'content-length': payload.length, ...reply.headers });
  res.end(payload);
}

function toBytes(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) void _;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
