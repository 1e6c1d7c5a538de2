/**
 * Uyumsoft e-Fatura platform client (providers.md §2, §8.2), shared by Uyumsoft and CRS Soft, which
 * runs the same platform under another host (§3): one implementation, parameterized by provider.
 *
 * Strategy: pages of CreateStartDate/CreateEndDate (arrival) windows, PageIndex from 0 with an explicit
 * PageSize until TotalPages, OnlyNewestInvoices=false. `contentMode: 'batch'` (default) reads each page
 * with GetInboxInvoices: list and every invoice inline in one call; 'perInvoice' lists with
 * GetInboxInvoiceList, then fetches GetInboxInvoiceData (base64 of the signed document as stored) per
 * invoice with bounded concurrency. A reply over the response limit: a batch page is read again in
 * smaller pages (oversize.ts), an oversized GetInboxInvoiceData fails just that document.
 * WS-Security UsernameToken on the Integration endpoint.
 * Read-only: never SetInvoicesTaken, always SetTaken=false and OnlyNewestInvoices=false.
 */
import type { ProviderId } from '../../domain/providers.js';
import { mapLimit } from '../concurrency.js';
import { completeXml } from '../complete-xml.js';
import { decodeDocument, decodeInlineContent } from '../content.js';
import { isFailedDocument, type Checkpoint, type Extractor, type FailedDocument, type Page, type RawDocument } from '../contract.js';
import { recordDigestFromUtf8 } from '../digest.js';
import { UsernamePassword } from '../credentials.js';
import { AuthError, ProtocolError, ResponseTooLargeError, TransientError, type ErrorContext } from '../errors.js';
import { oversizedDocument, readPageShrinking } from '../oversize.js';
import { resolveOptions, type ExtractorOptions } from '../options.js';
import { pageKey, ReadAhead, readAheadPages, totalPagesInReply } from '../read-ahead.js';
import type { SoapRequest } from '../soap/client.js';
import { soapEnvelope, type SoapFault } from '../soap/envelope.js';
import { attr, child, childText, children, type XmlElement } from '../soap/reader.js';
import { usernameTokenHeader } from '../soap/ws-security.js';
import { el, type XmlChild } from '../soap/xml.js';
import { DAY_MS, HOUR_MS, isoInstant, turkeyDateTime } from '../time.js';
import { runWindows, type Window } from '../windows.js';

export const TEMPURI = 'http://tempuri.org/';
/** A page's `<Value … TotalPages="n">` (TotalPage in some versions), as its bytes carry it. */
const TOTAL_PAGES = /<(?:[\w.-]+:)?Value\s[^>]*\bTotalPages?="(\d+)"/;

export interface UyumsoftPlatformOptions extends ExtractorOptions {
  /** How content is read (see the module comment); default 'batch'. */
  contentMode?: 'batch' | 'perInvoice';
  /** GetInboxInvoiceData calls in flight at once (default 8, the HTTP pool size: one call per invoice is round-trip bound). */
  contentConcurrency?: number;
}

const authMessage = /unauthori[sz]ed|authentication|AuthorizedServiceMethodAttribute|kullanıcı adı veya şifre/i;
const throttleMessage = /limit|throttl|too many|aşıldı|meşgul|busy/i;

/** WCF faults (dispatcher errors, HTTP 500): retried when they look like server trouble. */
function classifyFault(fault: SoapFault, context: ErrorContext) {
  if (/InternalServiceFault|Server|Receiver/i.test(fault.code) || throttleMessage.test(fault.message)) {
    return new TransientError(`server fault: ${fault.message}`, context);
  }
  return new ProtocolError('SOAP fault', context, fault.message);
}

/** A scalar result's Value: an attribute of the result (as the public SDK reads it) or a `<Value>` child. */
function scalarValue(resultElement: XmlElement): string | undefined {
  return attr(resultElement, 'Value') ?? childText(resultElement, TEMPURI, 'Value');
}

/** The `<{Op}Result>` of a successful call, or the typed error its message means. */
function resultElementOf(content: XmlElement | undefined, operation: string, context: ErrorContext): XmlElement {
  const resultElement = child(content, TEMPURI, `${operation}Result`);
  if (!content || content.name !== `${operation}Response` || !resultElement) {
    throw new ProtocolError(`expected ${operation}Response/${operation}Result`, context);
  }
  if (attr(resultElement, 'IsSucceded') !== 'true') {
    const message = attr(resultElement, 'Message') ?? '';
    if (authMessage.test(message)) throw new AuthError(message, context);
    if (throttleMessage.test(message)) throw new TransientError(`throttled: ${message}`, context);
    throw new ProtocolError(`${operation} failed`, context, message);
  }
  return resultElement;
}

function int(value: string | undefined, what: string, context: ErrorContext): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new ProtocolError(`missing or bad ${what} "${value ?? ''}"`, context);
  return Number(value);
}

/**
 * Where the UBL `Invoice` element is inside an InvoiceInfo's raw content (XmlSerializer may write other
 * members beside it): the first <Invoice> to the last </Invoice> of its name, [start, end).
 */
function invoiceBounds(raw: string): [start: number, end: number] | undefined {
  const open = /<((?:[A-Za-z_][\w.-]*:)?Invoice)[\s>]/.exec(raw);
  const closeTag = open ? `</${open[1]}>` : '';
  const close = open ? raw.lastIndexOf(closeTag) : -1;
  return open && close > open.index ? [open.index, close + closeTag.length] : undefined;
}

/**
 * The UBL `Invoice` element inside an InvoiceInfo's raw content; the content as is when it holds none,
 * so that decoding names what it found instead.
 */
function inlineInvoice(raw: string): string | undefined {
  // invoiceBounds finds what the general pattern below finds, without its backtracking over the whole
  // document when (as always) the first open tag has a close.
  const bounds = invoiceBounds(raw);
  if (bounds) return raw.slice(...bounds);
  const invoice = /<((?:[A-Za-z_][\w.-]*:)?Invoice)[\s>][\s\S]*<\/\1>/.exec(raw)?.[0];
  return invoice ?? (raw.trim() || undefined);
}

/**
 * The bytes of the inline invoice of an InvoiceInfo read from valid UTF-8 (XmlElement.utf8): the
 * document's digest is taken from them (digest.ts). Only the short text around the invoice is measured.
 */
function inlineInvoiceUtf8(info: XmlElement): Uint8Array | undefined {
  const bounds = info.utf8 ? invoiceBounds(info.text) : undefined;
  if (!info.utf8 || !bounds) return undefined;
  const before = Buffer.byteLength(info.text.slice(0, bounds[0]), 'utf8');
  const after = Buffer.byteLength(info.text.slice(bounds[1]), 'utf8');
  return info.utf8.subarray(before, info.utf8.length - after);
}

/** CreateDateUtc comes without an offset: it is UTC, as its name says. */
function utcInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : isoInstant(ms);
}

export function createUyumsoftPlatformExtractor(
  provider: Extract<ProviderId, 'uyumsoft' | 'crs'>,
  options: UyumsoftPlatformOptions,
): Extractor<UsernamePassword> {
  const resolved = resolveOptions(
    provider,
    options,
    { pageSize: 100, endpointPath: '/Services/Integration', window: { windowMs: 7 * DAY_MS, overlapMs: 48 * HOUR_MS, wholeDays: false } },
    classifyFault,
  );
  const { soap, timing, logger, pageSize } = resolved;
  const concurrency = options.contentConcurrency ?? 8;
  const contentMode = options.contentMode ?? 'batch';

  /** The page's total and items from `<Value TotalPages><Items><{item}/>…`. */
  function pageOf(result: XmlElement, item: string, context: ErrorContext) {
    const value = child(result, TEMPURI, 'Value');
    if (!value) throw new ProtocolError(`${context.operation} returned no Value`, context);
    return { totalPages: int(attr(value, 'TotalPages') ?? attr(value, 'TotalPage'), 'TotalPages', context), items: children(child(value, TEMPURI, 'Items'), TEMPURI, item) };
  }

  /**
   * One GetInboxInvoices page. With `ahead`, a window's first page asks for the window's next pages as
   * soon as its bytes say how many there are, while it is parsed (the one read ahead of the next window
   * arrives while this window is still being read: its pages then follow it without a gap).
   */
  function fetchBatch(creds: UsernamePassword, window: Window, pageIndex: number, size: number, signal: AbortSignal, ahead?: ReadAhead<ReturnType<typeof pageOf>>) {
    const context: ErrorContext = { provider, operation: 'GetInboxInvoices', window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: pageIndex };
    const onReply = ahead && pageIndex === 0 ? (body: Buffer) => {
      const totalPages = totalPagesInReply(body, TOTAL_PAGES);
      if (totalPages !== undefined) readAheadPages(ahead, { window, next: 1, last: totalPages - 1, following: null, first: 0 }, (pageWindow, index) => fetchBatch(creds, pageWindow, index, pageSize, signal, ahead));
    } : undefined;
    return () => call(creds, 'GetInboxInvoices', [listQuery(window, pageIndex, size, true)], context, signal, (result) => pageOf(result, 'InvoiceInfo', context), { opaque: ['InvoiceInfo'], ...(onReply ? { onReply } : {}) });
  }

  function decodeBatch(items: XmlElement[], window: Window) {
    return items.map((info) => {
      // The ETTN: InvoiceInfo's InvoiceId, else the inline invoice's own cbc:UUID.
      const invoiceId = attr(info, 'InvoiceId') ?? /<(?:[\w.-]+:)?UUID>\s*([^<\s]+)\s*</.exec(info.text)?.[1] ?? '';
      const inline = inlineInvoice(info.text);
      const document = decodeDocument(identityOf(info, invoiceId, window), inline, completeXml(decodeInlineContent));
      if (isFailedDocument(document) || document.xml !== inline) return document;
      const utf8 = inlineInvoiceUtf8(info);
      if (utf8) recordDigestFromUtf8(document, utf8);
      return document;
    });
  }

  /** The listing item at `offset` (header only), failed as too large: its GetInboxInvoices page of one was over the limit. */
  async function identifyOversized(creds: UsernamePassword, window: Window, offset: number, error: ResponseTooLargeError, signal: AbortSignal) {
    const context: ErrorContext = { provider, operation: 'GetInboxInvoiceList', window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: `item ${offset}` };
    const list = await call(creds, 'GetInboxInvoiceList', [listQuery(window, offset, 1)], context, signal, (result) => pageOf(result, 'InboxInvoiceListItem', context));
    const documents = list.items.map((item) => oversizedDocument(identityOf(item, attr(item, 'InvoiceId') ?? '', window), error));
    return { documents, totalPages: list.totalPages };
  }

  /**
   * GetInboxInvoices: every InvoiceInfo carries its UBL inline, kept as received (opaque to the reader).
   * The next pages, then the next window's first, are requested before this one is decoded (readAheadPages).
   * A reply over the response limit is read again in smaller pages (oversize.ts).
   */
  async function readBatch(creds: UsernamePassword, ahead: ReadAhead<ReturnType<typeof pageOf>>, window: Window, pageIndex: number, signal: AbortSignal, following: Window | null) {
    const page = await readPageShrinking({
      pageIndex,
      pageSize,
      read: async (index, size) => {
        const fetch = fetchBatch(creds, window, index, size, signal, size === pageSize ? ahead : undefined);
        const { items, totalPages } = await (size === pageSize ? ahead.take(pageKey(window, index), fetch) : fetch());
        return { documents: decodeBatch(items, window), totalPages };
      },
      identify: (offset, error) => identifyOversized(creds, window, offset, error, signal),
      logger,
      where: { provider, window: { from: isoInstant(window.from), to: isoInstant(window.to) } },
    });
    const next = pageIndex + 1 < page.totalPages ? pageIndex + 1 : null;
    readAheadPages(ahead, { window, next, last: page.totalPages - 1, following, first: 0 }, (pageWindow, index) => fetchBatch(creds, pageWindow, index, pageSize, signal, ahead));
    logger.debug({ provider, window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: pageIndex, documents: page.documents.length, totalPages: page.totalPages }, 'page read');
    return { documents: page.documents, next };
  }

  /** One call; `read` gets the `<{Op}Result>` element of a successful answer. */
  function call<T>(creds: UsernamePassword, operation: string, body: XmlChild[], context: ErrorContext, signal: AbortSignal, read: (result: XmlElement) => T, reply: Pick<SoapRequest<T>, 'opaque' | 'onReply'> = {}): Promise<T> {
    return soap.call({
      ...reply,
      path: '',
      soapAction: `"http://tempuri.org/IIntegration/${operation}"`,
      envelope: () =>
        soapEnvelope({
          header: [usernameTokenHeader(creds.username, creds.password, timing.now())],
          body: [el(operation, { xmlns: TEMPURI }, ...body)],
        }),
      context,
      signal,
      read: (content) => read(resultElementOf(content, operation, context)),
    });
  }

  function listQuery(window: Window, pageIndex: number, size: number, batch = false) {
    return el(
      'query',
      { PageIndex: pageIndex, PageSize: size, OnlyNewestInvoices: 'false', ...(batch ? { SetTaken: 'false' } : {}) },
      el('CreateStartDate', null, turkeyDateTime(window.from)),
      // Both bounds are inclusive on the service: end one millisecond before the next window starts.
      el('CreateEndDate', null, turkeyDateTime(window.to - 1, true)),
    );
  }

  function identityOf(item: XmlElement, invoiceId: string, window: Window) {
    const createDateUtc = attr(item, 'CreateDateUtc');
    return {
      ettn: invoiceId.toLowerCase(),
      receivedAt: utcInstant(createDateUtc) ?? isoInstant(window.from),
      providerRef: {
        invoiceId,
        documentId: attr(item, 'DocumentId') ?? attr(item, 'LocalDocumentId') ?? null,
        status: attr(item, 'Status') ?? null,
        statusCode: attr(item, 'StatusCode') ?? null,
        createDateUtc: createDateUtc ?? null,
        executionDate: attr(item, 'ExecutionDate') ?? null,
        supplierVkn: attr(item, 'TargetTcknVkn') ?? null,
      },
    };
  }

  async function fetchDocument(creds: UsernamePassword, item: XmlElement, window: Window, context: ErrorContext, signal: AbortSignal): Promise<RawDocument | FailedDocument> {
    const invoiceId = attr(item, 'InvoiceId') ?? '';
    const identity = identityOf(item, invoiceId, window);
    if (!invoiceId) return decodeDocument(identity, undefined);
    const itemContext = { ...context, operation: 'GetInboxInvoiceData', ettn: identity.ettn };
    try {
      const data = await call(creds, 'GetInboxInvoiceData', [el('invoiceId', null, invoiceId)], itemContext, signal, (result) => childText(child(result, TEMPURI, 'Value'), TEMPURI, 'Data'));
      return decodeDocument(identity, data, completeXml());
    } catch (error) {
      // One document per call: nothing to shrink, the document is failed and the page goes on.
      if (error instanceof ResponseTooLargeError) return oversizedDocument(identity, error);
      throw error;
    }
  }

  return {
    provider,
    credentials: UsernamePassword,

    async testConnection(creds, signal) {
      // TestConnection proves the credentials (wrong ones answer IsSucceded=false) and reads nothing.
      const context: ErrorContext = { provider, operation: 'TestConnection' };
      const value = await call(creds, 'TestConnection', [], context, signal, scalarValue);
      if (value !== 'true') throw new ProtocolError(`TestConnection answered Value "${value ?? ''}"`, context);
    },

    extract(creds: UsernamePassword, from: Checkpoint, signal: AbortSignal): AsyncIterable<Page> {
      const ahead = new ReadAhead<ReturnType<typeof pageOf>>();
      return runWindows(from, resolved.window, async (window, cursor, pageSignal, following) => {
        const pageIndex = typeof cursor === 'number' ? cursor : 0;
        if (contentMode === 'batch') return readBatch(creds, ahead, window, pageIndex, pageSignal, following);
        const context: ErrorContext = { provider, operation: 'GetInboxInvoiceList', window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: pageIndex };
        const list = await call(creds, 'GetInboxInvoiceList', [listQuery(window, pageIndex, pageSize)], context, pageSignal, (result) => pageOf(result, 'InboxInvoiceListItem', context));
        const documents = await mapLimit(list.items, concurrency, (item, _index, signal) => fetchDocument(creds, item, window, context, signal), pageSignal);
        logger.debug({ provider, window: context.window, page: pageIndex, documents: documents.length, totalPages: list.totalPages }, 'page read');
        return { documents, next: pageIndex + 1 < list.totalPages ? pageIndex + 1 : null };
      }, { now: timing.now(), signal, logger });
    },

    close: () => resolved.http.close(),
  };
}
