/**
 * EDM Bilişim EFaturaEDM client (providers.md §4, §8.2).
 *
 * Strategy: Login once per run and reuse SESSION_ID in every REQUEST_HEADER; on "Aktif Session
 * bulunamadi" log in again once and repeat the call. GetInvoice has no paging: we read creation-date
 * (CR_START_DATE/CR_END_DATE) sub-windows with READ_INCLUDED=true, DIRECTION=IN, and a sub-window
 * that comes back with LIMIT rows is halved until it returns fewer (it may hold more). Content is asked
 * zipped (COMPRESSED=Y: UBL XML shrinks several-fold on the wire) and sniffed (plain, zip or gzip)
 * whatever the flag. A reply over the response limit halves the sub-window too; one that cannot be
 * split further is listed header-only and read invoice by invoice (an invoice still too large is
 * failed with its reason). The next sub-window (or the next window's first) is requested before the
 * current one is decoded (read-ahead); a sub-window that is split is asked afresh under its new span,
 * so a wrong guess costs a request, never a document. The session is closed with Logout when a run
 * ends. Read-only: never MarkInvoice.
 */
import { randomUUID } from 'node:crypto';
import { completeXml } from '../complete-xml.js';
import { decodeDocument } from '../content.js';
import type { Extractor, FailedDocument, RawDocument } from '../contract.js';
import { UsernamePassword } from '../credentials.js';
import { AuthError, ProtocolError, ResponseTooLargeError, TransientError, type ErrorContext } from '../errors.js';
import { oversizedDocument, type DocumentIdentity } from '../oversize.js';
import { resolveOptions, type ExtractorOptions } from '../options.js';
import { ReadAhead } from '../read-ahead.js';
import { SessionExpiredError } from '../soap/client.js';
import { soapEnvelope, type SoapFault } from '../soap/envelope.js';
import { attr, child, childText, children, type XmlElement } from '../soap/reader.js';
import { el, type XmlChild } from '../soap/xml.js';
import { DAY_MS, HOUR_MS, isoInstant, turkeyDateTime } from '../time.js';
import { runWindows, type Window } from '../windows.js';

const TEMPURI = 'http://tempuri.org/';
/** EDM answers with body children unqualified or tempuri-qualified (providers.md §4.1). */
const NS = ['', TEMPURI] as const;
/** 10011 in third-party EDM code, 2005 in typed clients of the izibiz platform family (providers.md §4.2). */
const SESSION_EXPIRED_CODES = ['10011', '2005'];
/** Below this a sub-window cannot be split further (CR dates carry milliseconds). */
const MIN_SPAN_MS = 1_000;
/** EDM's cap on invoices per GetInvoice with content: a larger LIMIT would come back capped, look complete, and lose the rest. */
const MAX_LIMIT = 100;
/** EDM's cap on header-only GetInvoice rows (izibiz documentation). */
const MAX_HEADER_ONLY = 25_000;

export interface EdmOptions extends ExtractorOptions {
  /** LIMIT per GetInvoice with content: EDM's sibling platform allows at most 100. */
  pageSize?: number;
  /** Ask for zipped CONTENT (default true); false asks for plain base64 XML. */
  compressed?: boolean;
}

function classifyFault(fault: SoapFault, context: ErrorContext) {
  // Sent as REQUEST_ERRORType (WCF names a typed fault's detail after its type); some WSDLs declare REQUEST_ERROR.
  const error = child(fault.detail, NS, 'REQUEST_ERRORType') ?? child(fault.detail, NS, 'REQUEST_ERROR');
  const code = childText(error, NS, 'ERROR_CODE') ?? '';
  const message = childText(error, NS, 'ERROR_SHORT_DES') || fault.message;
  if (SESSION_EXPIRED_CODES.includes(code) || /aktif session bulunamad/i.test(message)) return new SessionExpiredError('session expired', context, message);
  if (/fazla istek|limit|throttl|too many|meşgul|busy/i.test(message)) return new TransientError(`throttled: ${message}`, context);
  if (!error) {
    return /Server|Receiver|InternalServiceFault/i.test(fault.code) ? new TransientError(`server fault: ${message}`, context) : new ProtocolError('SOAP fault', context, message);
  }
  if (context.operation === 'Login') return new AuthError(message, context);
  return new ProtocolError(`EDM error ${code}`, context, message);
}

interface SubWindowCursor {
  from: number;
  span: number;
}

function readCursor(cursor: unknown, window: Window): SubWindowCursor {
  if (typeof cursor === 'object' && cursor !== null && 'from' in cursor && 'span' in cursor) {
    const { from, span } = cursor as { from: unknown; span: unknown };
    if (typeof from === 'string' && typeof span === 'number') return { from: Date.parse(from), span };
  }
  return { from: window.from, span: window.to - window.from };
}

export function createEdmExtractor(options: EdmOptions): Extractor<UsernamePassword> {
  const resolved = resolveOptions(
    'edm',
    options,
    { pageSize: 100, endpointPath: '/EFaturaEDM/EFaturaEDM.svc', window: { windowMs: DAY_MS, overlapMs: 48 * HOUR_MS, wholeDays: false } },
    classifyFault,
  );
  const { soap, timing, logger, pageSize: limit } = resolved;
  const compressed = options.compressed ?? true;
  if (limit > MAX_LIMIT) throw new RangeError(`EDM pageSize ${limit} is above the ${MAX_LIMIT} invoices EDM returns per GetInvoice with content`);

  function requestHeader(sessionId: string) {
    return el(
      'REQUEST_HEADER', null,
      el('SESSION_ID', null, sessionId),
      el('CLIENT_TXN_ID', null, randomUUID()),
      el('ACTION_DATE', null, turkeyDateTime(timing.now())),
      el('REASON', null, 'E-fatura gelen kutusu okuma'),
      el('APPLICATION_NAME', null, 'einvoice-carbon-integrations'),
      el('HOSTNAME', null, 'etl'),
      el('CHANNEL_NAME', null, 'API'),
      el('COMPRESSED', null, compressed ? 'Y' : 'N'),
    );
  }

  function call<T>(operation: string, sessionId: string, body: XmlChild[], context: ErrorContext, signal: AbortSignal, read: (content: XmlElement) => T): Promise<T> {
    return soap.call({
      path: '',
      soapAction: `"${operation}Request"`,
      envelope: () => soapEnvelope({ namespaces: { tem: TEMPURI }, body: [el(`tem:${operation}Request`, null, requestHeader(sessionId), ...body)] }),
      context,
      signal,
      read: (content) => {
        if (!content || content.name !== `${operation}Response` || !NS.includes(content.ns as (typeof NS)[number])) {
          throw new ProtocolError(`expected ${operation}Response`, context);
        }
        return read(content);
      },
    });
  }

  /**
   * One login per run; `run` repeats a call once with a fresh session when EDM says the session is gone;
   * `logout` ends the session (courtesy: a failure is logged, never thrown over the run's outcome).
   */
  function session(creds: UsernamePassword, signal: AbortSignal) {
    let current: Promise<string> | undefined;
    const login = () =>
      call('Login', '-1', [el('USER_NAME', null, creds.username), el('PASSWORD', null, creds.password)], { provider: 'edm', operation: 'Login' }, signal, (content) => {
        const id = childText(content, NS, 'SESSION_ID');
        if (!id) throw new ProtocolError('Login returned no SESSION_ID', { provider: 'edm', operation: 'Login' });
        return id;
      });
    const logout = async (): Promise<void> => {
      const sessionId = await current?.catch(() => undefined);
      if (sessionId === undefined || signal.aborted) return;
      const context: ErrorContext = { provider: 'edm', operation: 'Logout' };
      await call('Logout', sessionId, [], context, AbortSignal.timeout(5_000), () => undefined).catch((error: unknown) =>
        logger.debug({ provider: 'edm', operation: 'Logout', err: error instanceof Error ? error.message : String(error) }, 'EDM logout failed'),
      );
    };
    const run = async function run<T>(fn: (sessionId: string) => Promise<T>): Promise<T> {
      current ??= login();
      const sessionId = await current;
      try {
        return await fn(sessionId);
      } catch (error) {
        if (!(error instanceof SessionExpiredError)) throw error;
        logger.info({ provider: 'edm', operation: error.context.operation }, 'EDM session expired, logging in again');
        if (current === undefined || (await current) === sessionId) current = login();
        return fn(await current);
      }
    };
    return { run, logout };
  }

  function identityOf(invoice: XmlElement, context: ErrorContext): DocumentIdentity {
    const uuid = attr(invoice, 'UUID') ?? childText(invoice, NS, 'UUID') ?? '';
    const header = child(invoice, NS, 'HEADER');
    const cdate = childText(header, NS, 'CDATE');
    const arrived = cdate ? Date.parse(cdate) : Number.NaN;
    return {
      ettn: uuid.toLowerCase(),
      receivedAt: Number.isNaN(arrived) ? isoInstant(Date.parse(context.window?.from ?? '1970-01-01T00:00:00Z')) : isoInstant(arrived),
      providerRef: {
        trxId: attr(invoice, 'TRXID') ?? null,
        uuid,
        id: attr(invoice, 'ID') ?? null,
        status: childText(header, NS, 'STATUS') ?? null,
        gibStatusCode: childText(header, NS, 'GIB_STATUS_CODE') ?? null,
        cdate: cdate ?? null,
        issueDate: childText(header, NS, 'ISSUE_DATE') ?? null,
        sender: childText(header, NS, 'SENDER') ?? null,
      },
    };
  }

  function toDocument(invoice: XmlElement, context: ErrorContext): RawDocument | FailedDocument {
    return decodeDocument(identityOf(invoice, context), childText(invoice, NS, 'CONTENT'), completeXml());
  }

  function searchKey(from: number, to: number, rows = limit, uuid?: string) {
    return el(
      'INVOICE_SEARCH_KEY', null,
      ...(uuid ? [el('UUID', null, uuid)] : []),
      el('LIMIT', null, rows),
      el('CR_START_DATE', null, turkeyDateTime(from, true)),
      // Both bounds are inclusive: end one millisecond before the next sub-window starts.
      el('CR_END_DATE', null, turkeyDateTime(to - 1, true)),
      el('READ_INCLUDED', null, 'true'),
      el('DIRECTION', null, 'IN'),
    );
  }

  type SessionRun = ReturnType<typeof session>['run'];

  function getInvoices(run: SessionRun, key: XmlChild, headerOnly: 'Y' | 'N', context: ErrorContext, signal: AbortSignal) {
    return run((sessionId) => call('GetInvoice', sessionId, [key, el('HEADER_ONLY', null, headerOnly)], context, signal, (content) => children(content, NS, 'INVOICE')));
  }

  /**
   * A span too short to split whose reply is over the limit, or that holds LIMIT invoices or more (a burst created
   * within one second, e.g. a batch of late deliveries): list it header-only (up to 25,000), read each invoice
   * alone, fail the ones still too large. `why` says what made the span unreadable whole.
   */
  async function readOneByOne(run: SessionRun, start: number, end: number, why: string, signal: AbortSignal): Promise<Array<RawDocument | FailedDocument>> {
    const context: ErrorContext = { provider: 'edm', operation: 'GetInvoice', window: { from: isoInstant(start), to: isoInstant(end) } };
    const headers = await getInvoices(run, searchKey(start, end, MAX_HEADER_ONLY), 'Y', context, signal);
    if (headers.length >= MAX_HEADER_ONLY) throw new ProtocolError(`${why} and ${headers.length} invoices within ${MIN_SPAN_MS} ms: cannot read them one by one`, context);
    const documents: Array<RawDocument | FailedDocument> = [];
    for (const header of headers) {
      const identity = identityOf(header, context);
      const one = { ...context, ettn: identity.ettn };
      try {
        const [invoice] = await getInvoices(run, searchKey(start, end, 1, attr(header, 'UUID') ?? identity.ettn), 'N', one, signal);
        documents.push(invoice ? toDocument(invoice, one) : decodeDocument(identity, undefined));
      } catch (error) {
        if (!(error instanceof ResponseTooLargeError)) throw error;
        documents.push(oversizedDocument(identity, error));
      }
    }
    return documents;
  }

  return {
    provider: 'edm',
    credentials: UsernamePassword,

    async testConnection(creds, signal) {
      const { run, logout } = session(creds, signal);
      try {
        await run((sessionId) => call('CheckCounter', sessionId, [], { provider: 'edm', operation: 'CheckCounter' }, signal, () => undefined));
      } finally {
        await logout();
      }
    },

    async *extract(creds, from, signal) {
      const { run, logout } = session(creds, signal);
      const ahead = new ReadAhead<XmlElement[]>();
      const contextOf = (start: number, end: number): ErrorContext => ({ provider: 'edm', operation: 'GetInvoice', window: { from: isoInstant(start), to: isoInstant(end) } });
      // A sub-window is known by its exact span: one split after its reply was read ahead is a new key, fetched afresh.
      const fetch = (start: number, end: number, pageSignal: AbortSignal) => () => getInvoices(run, searchKey(start, end), 'N', contextOf(start, end), pageSignal);
      const readAhead = (start: number, end: number, pageSignal: AbortSignal) => ahead.start(`${start}/${end}`, fetch(start, end, pageSignal));
      try {
        yield* runWindows(from, resolved.window, async (window, cursor, pageSignal, following) => {
          let { from: start, span } = readCursor(cursor, window);
          for (;;) {
            const end = Math.min(start + span, window.to);
            const context = contextOf(start, end);
            const next = end < window.to ? { from: isoInstant(end), span: Math.min(span * 2, window.to - end) } : null;
            const halved = Math.max(MIN_SPAN_MS, Math.floor((end - start) / 2));
            let invoices: XmlElement[];
            try {
              invoices = await ahead.take(`${start}/${end}`, fetch(start, end, pageSignal));
            } catch (error) {
              if (!(error instanceof ResponseTooLargeError)) throw error;
              // EDM's page is a creation-time span: a reply over the limit halves it like a full one, and
              // spans double back after each read; a span too short to split is read one invoice at a time.
              if (end - start > MIN_SPAN_MS) {
                span = halved;
                logger.info({ provider: 'edm', window: context.window, limitBytes: error.limitBytes }, 'reply over the response limit, splitting');
                continue;
              }
              return { documents: await readOneByOne(run, start, end, `reply over ${error.limitBytes} bytes`, pageSignal), next };
            }
            if (invoices.length >= limit) {
              if (end - start <= MIN_SPAN_MS) return { documents: await readOneByOne(run, start, end, `LIMIT ${limit} reached`, pageSignal), next };
              span = halved;
              logger.debug({ provider: 'edm', window: context.window, limit }, 'window returned LIMIT rows, splitting');
              continue;
            }
            // Read ahead the sub-window the cursor names next (the one a resumed run would ask for too).
            if (next) readAhead(end, Math.min(end + next.span, window.to), pageSignal);
            else if (following) readAhead(following.from, following.to, pageSignal);
            return { documents: invoices.map((invoice) => toDocument(invoice, context)), next };
          }
        }, { now: timing.now(), signal, logger });
      } finally {
        await ahead.settled();
        await logout();
      }
    },

    close: () => resolved.http.close(),
  };
}

