/**
 * İşNet (NetteFatura) InvoiceService client (providers.md §6, §8.2).
 *
 * No password: the service authorizes the source IP for the company VKN sent as CompanyTaxCode.
 * SearchInvoice (InvoiceDirection=Incoming, IsXMLIncluded=true) filters on INVOICE date only, so
 * windows are whole Turkey-time days of invoice date and a new run re-scans a trailing overlap
 * (30 days by default) to catch invoices that arrive late with an old date; older than that, a week
 * whose invoice count grew since the last run is read again (census.ts). WCF DataContract members
 * go in alphabetical order (members out of order are silently ignored by WCF); PageNumber is 1-based.
 * The SOAPAction must be the exact quoted value. A page over the response limit is read again with
 * smaller RecordsPerPage (oversize.ts). Read-only by nature (no marking operation exists here).
 */
import { completeXml } from '../complete-xml.js';
import { decodeDocument, decodeInlineContent } from '../content.js';
import type { Checkpoint, Extractor, FailedDocument, RawDocument } from '../contract.js';
import { CompanyVkn } from '../credentials.js';
import { AuthError, ProtocolError, TransientError, type ErrorContext } from '../errors.js';
import { resolveOptions, type ExtractorOptions } from '../options.js';
import { oversizedDocument, readPageShrinking, type DocumentIdentity } from '../oversize.js';
import { pageKey, ReadAhead, readAheadPages, totalPagesInReply } from '../read-ahead.js';
import { soapEnvelope, type SoapFault } from '../soap/envelope.js';
import { child, childText, children, type XmlElement } from '../soap/reader.js';
import { el, fragments, type XmlFragment } from '../soap/xml.js';
import { DAY_MS, isoInstant, turkeyDate, turkeyDayStart } from '../time.js';
import { runWindows, type Window } from '../windows.js';
import { takeCensus } from './census.js';

const TEMPURI = 'http://tempuri.org/';
const MODEL_NS = 'http://schemas.datacontract.org/2004/07/EInvoice.Service.Model';
/** PagingResponse's page count as a reply's bytes carry it (either member name, see search). */
const TOTAL_PAGES = /<(?:[\w.-]+:)?(?:TotalPages|TotalPageCount)>\s*(\d+)\s*</;
const ACTION = (op: string) => `"http://tempuri.org/IInvoiceService/${op}"`;

/** DataContract members in ordinal name order, as WCF's DataContractSerializer requires. */
function dataMembers(members: Record<string, XmlFragment | string>): XmlFragment {
  const names = Object.keys(members).sort();
  return fragments(...names.map((member) => el(`ein:${member}`, null, members[member])));
}

function classifyFault(fault: SoapFault, context: ErrorContext) {
  if (/Server|Receiver|InternalServiceFault/i.test(fault.code)) return new TransientError(`server fault: ${fault.message}`, context);
  return new ProtocolError('SOAP fault', context, fault.message);
}

export function createIsnetExtractor(options: ExtractorOptions): Extractor<CompanyVkn> {
  const resolved = resolveOptions(
    'isnet',
    options,
    { pageSize: 100, endpointPath: '/InvoiceService/ServiceContract/InvoiceService.svc', window: { windowMs: 7 * DAY_MS, overlapMs: 30 * DAY_MS, wholeDays: true } },
    classifyFault,
  );
  const { soap, timing, logger, pageSize } = resolved;

  function search(creds: CompanyVkn, window: Window, pageNumber: number, recordsPerPage: number, withXml: boolean, context: ErrorContext, signal: AbortSignal, onReply?: (body: Buffer) => void) {
    const request = el('tem:request', null, dataMembers({
      CompanyTaxCode: creds.vkn,
      InvoiceDirection: 'Incoming',
      // Date-only bounds, both inclusive: the window's last day is the day before `to`.
      MaxInvoiceDate: turkeyDate(window.to - DAY_MS),
      MinInvoiceDate: turkeyDate(window.from),
      PagingRequest: dataMembers({ PageNumber: String(pageNumber), RecordsPerPage: String(recordsPerPage) }),
      ResultSet: dataMembers({
        IsAdditionalTaxIncluded: 'false', IsArchiveIncluded: 'false', IsAttachmentIncluded: 'false', IsExternalUrlIncluded: 'false',
        IsHtmlIncluded: 'false', IsInvoiceDetailIncluded: 'false', IsPDFIncluded: 'false', IsXMLIncluded: String(withXml),
      }),
    }));
    return soap.call({
      path: '',
      soapAction: ACTION('SearchInvoice'),
      envelope: () => soapEnvelope({ namespaces: { tem: TEMPURI, ein: MODEL_NS }, body: [el('tem:SearchInvoice', null, request)] }),
      context,
      signal,
      ...(onReply ? { onReply } : {}),
      read: (content) => {
        const result = child(content, TEMPURI, 'SearchInvoiceResult');
        if (!content || content.name !== 'SearchInvoiceResponse' || !result) throw new ProtocolError('expected SearchInvoiceResponse/SearchInvoiceResult', context);
        // Member names: the public client's (IsSucceded, Message, TotalPages) and the older guesses
        // (IsSucceeded, ErrorMessage, TotalPageCount) are both accepted (providers.md §6.2).
        const either = (parent: XmlElement | undefined, ...names: string[]) => names.map((name) => childText(parent, MODEL_NS, name)).find((text) => text !== undefined);
        if (either(result, 'IsSucceded', 'IsSucceeded') !== 'true') {
          const code = childText(result, MODEL_NS, 'ErrorCode') ?? '';
          const message = either(result, 'Message', 'ErrorMessage') ?? '';
          if (code === '401' || code === '403' || /yetkisiz|yetki|unauthori[sz]ed/i.test(message)) throw new AuthError(message, context, 'the company VKN from this address');
          if (code === '429' || code === '503' || /çok fazla istek|limit|too many/i.test(message)) throw new TransientError(`throttled: ${message}`, context);
          throw new ProtocolError(`SearchInvoice failed (code ${code})`, context, message);
        }
        const paging = child(result, MODEL_NS, 'PagingResponse');
        const totalPages = either(paging, 'TotalPages', 'TotalPageCount');
        if (totalPages === undefined || !/^\d+$/.test(totalPages)) throw new ProtocolError(`missing or bad PagingResponse/TotalPages "${totalPages ?? ''}"`, context);
        return { invoices: children(child(result, MODEL_NS, 'Invoices'), MODEL_NS, 'Invoice'), totalPages: Number(totalPages) };
      },
    });
  }

  function identityOf(invoice: XmlElement, window: Window): DocumentIdentity {
    const invoiceDate = childText(invoice, MODEL_NS, 'InvoiceDate') ?? '';
    const day = /^\d{4}-\d{2}-\d{2}/.exec(invoiceDate)?.[0];
    return {
      ettn: (childText(invoice, MODEL_NS, 'ETTN') ?? '').toLowerCase(),
      // İşNet reports no arrival time: the invoice date (Turkey midnight) stands in.
      receivedAt: isoInstant(day ? turkeyDayStart(day) : window.from),
      providerRef: {
        ettn: childText(invoice, MODEL_NS, 'ETTN') ?? null,
        invoiceNumber: childText(invoice, MODEL_NS, 'InvoiceNumber') ?? null,
        invoiceDate: invoiceDate || null,
        status: childText(invoice, MODEL_NS, 'Status') ?? null,
        detailStatus: childText(invoice, MODEL_NS, 'DetailStatus') ?? null,
        senderTaxCode: childText(invoice, MODEL_NS, 'SenderTaxCode') ?? null,
      },
    };
  }

  function toDocument(invoice: XmlElement, window: Window): RawDocument | FailedDocument {
    return decodeDocument(identityOf(invoice, window), childText(invoice, MODEL_NS, 'InvoiceXml') || childText(invoice, MODEL_NS, 'XmlContent'), completeXml(decodeInlineContent));
  }

  /** The pages of a run, window by window (runWindows); `rescanFrom` moves a new run's start earlier. */
  function pages(creds: CompanyVkn, from: Checkpoint, signal: AbortSignal, now: number, rescanFrom: number | undefined) {
    const ahead = new ReadAhead<Awaited<ReturnType<typeof search>>>();
    // A window's first page asks for the window's next pages as soon as its bytes say how many there are,
    // while it is parsed (so the next window's first page, read ahead, is followed by its pages without a gap).
    const fetch = (window: Window, pageNumber: number, pageSignal: AbortSignal, recordsPerPage = pageSize) => () => {
      const context: ErrorContext = { provider: 'isnet', operation: 'SearchInvoice', window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: recordsPerPage === pageSize ? pageNumber : `${pageNumber} of ${recordsPerPage}` };
      const onReply = pageNumber === 1 && recordsPerPage === pageSize ? (body: Buffer) => {
        const totalPages = totalPagesInReply(body, TOTAL_PAGES);
        if (totalPages !== undefined) readAheadPages(ahead, { window, next: 2, last: totalPages, following: null, first: 1 }, (pageWindow, number) => fetch(pageWindow, number, pageSignal));
      } : undefined;
      return search(creds, window, pageNumber, recordsPerPage, true, context, pageSignal, onReply);
    };
    return runWindows(from, resolved.window, async (window, cursor, pageSignal, following) => {
      const pageNumber = typeof cursor === 'number' ? cursor : 1;
      const windowIso = { from: isoInstant(window.from), to: isoInstant(window.to) };
      // PageNumber is 1-based; the shrinking reader counts pages from 0.
      const page = await readPageShrinking({
        pageIndex: pageNumber - 1,
        pageSize,
        read: async (index, size) => {
          const fetchPage = size === pageSize ? () => ahead.take(pageKey(window, index + 1), fetch(window, index + 1, pageSignal)) : fetch(window, index + 1, pageSignal, size);
          const { invoices, totalPages } = await fetchPage();
          return { documents: invoices.map((invoice) => toDocument(invoice, window)), totalPages };
        },
        identify: async (offset, error) => {
          // A header-only page of one names the document whose page of one was too large.
          const context: ErrorContext = { provider: 'isnet', operation: 'SearchInvoice', window: windowIso, page: `item ${offset}` };
          const { invoices, totalPages } = await search(creds, window, offset + 1, 1, false, context, pageSignal);
          return { documents: invoices.map((invoice) => oversizedDocument(identityOf(invoice, window), error)), totalPages };
        },
        logger,
        where: { provider: 'isnet', window: windowIso },
      });
      const next = pageNumber < page.totalPages ? pageNumber + 1 : null;
      // Read ahead: the next pages (readAheadPages), then the next window's first, are requested before this one is decoded.
      readAheadPages(ahead, { window, next, last: page.totalPages, following, first: 1 }, (pageWindow, number) => fetch(pageWindow, number, pageSignal));
      return { documents: page.documents, next };
    }, { now, signal, logger, ...(rescanFrom === undefined ? {} : { rescanFrom }) });
  }

  return {
    provider: 'isnet',
    credentials: CompanyVkn,

    async testConnection(creds, signal) {
      // One header-only record of today: proves the address/VKN pair without reading content.
      const today = Date.parse(`${turkeyDate(timing.now())}T00:00:00+03:00`);
      await search(creds, { from: today, to: today + DAY_MS }, 1, 1, false, { provider: 'isnet', operation: 'SearchInvoice' }, signal);
    },

    async *extract(creds, from, signal) {
      // A new run first counts every window (census.ts); a resumed one goes on with the counts its run took.
      const now = timing.now();
      const census = from.position === null
        ? await takeCensus(from, resolved.window, now, async (window) => {
          const context: ErrorContext = { provider: 'isnet', operation: 'SearchInvoice', window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: 'count' };
          return (await search(creds, window, 1, 1, false, context, signal)).totalPages;
        })
        : undefined;
      if (census?.rescanFrom !== undefined) logger.info({ provider: 'isnet', rescanFrom: isoInstant(census.rescanFrom) }, 'a window before the overlap holds more or fewer invoices than counted: reading again from there');
      for await (const page of pages(creds, from, signal, now, census?.rescanFrom)) {
        yield census ? { ...page, checkpoint: { ...page.checkpoint, census: census.counts } } : page;
      }
    },

    close: () => resolved.http.close(),
  };
}
