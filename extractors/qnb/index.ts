/**
 * QNB e-Solutions (eFinans) CS connector client (providers.md §5, §8.2).
 *
 * Strategy: gelenBelgeleriAlExt (content inline as belgeVerisi) with a WS-Security UsernameToken on
 * every call, so there is no session to expire. Inside each arrival-date window
 * (gelisTarihiBaslangic/Bitis, yyyyMMddHHmmss) the belgeSiraNo cursor starts at 0 and becomes the
 * largest belgeSiraNo received; an empty or absent `return` ends the window. Ordering by belgeSiraNo
 * is unverified, so repeats are dropped and the next run re-scans an overlap by arrival date.
 * The next page is requested as soon as the current one's bytes arrive, its cursor read from them
 * (the parsed page confirms it), else once it is parsed, as is the next window's first (read-ahead).
 * A page over the response limit is listed header-only (gelenBelgeleriListeleExt) and its documents
 * read by ettn in smaller batches; one still too large alone is failed with its reason.
 * Read-only: never belgelerAlindi, belgelerAlindiMi left unset.
 */
import { completeXml } from '../complete-xml.js';
import { decodeDocument } from '../content.js';
import type { Extractor, FailedDocument, RawDocument } from '../contract.js';
import { UsernamePasswordVkn } from '../credentials.js';
import { AuthError, ProtocolError, ResponseTooLargeError, TransientError, type ErrorContext } from '../errors.js';
import { oversizedDocument, readPageShrinking, type DocumentIdentity } from '../oversize.js';
import { resolveOptions, type ExtractorOptions } from '../options.js';
import { pageKey, ReadAhead } from '../read-ahead.js';
import { SessionExpiredError } from '../soap/client.js';
import { soapEnvelope, type SoapFault } from '../soap/envelope.js';
import { child, childText, childTexts, children, type XmlElement } from '../soap/reader.js';
import { usernameTokenHeader } from '../soap/ws-security.js';
import { el } from '../soap/xml.js';
import { DAY_MS, HOUR_MS, isoInstant, turkeyCompact } from '../time.js';
import { runWindows, type Window } from '../windows.js';

const QNB_NS = 'http://service.connector.uut.cs.com.tr/';
/** JAX-WS writes body children unqualified; accept qualified ones too. */
const NS = ['', QNB_NS] as const;
type QnbListOperation = 'gelenBelgeleriAlExt' | 'gelenBelgeleriListeleExt';

function classifyFault(fault: SoapFault, context: ErrorContext) {
  const message = childText(child(fault.detail, NS, 'Exception'), NS, 'message') || fault.message;
  if (/yetkiniz bulunmamaktadır|yetkisiz/i.test(message)) return new AuthError(message, context, 'the company VKN for this user');
  if (/şifre|parola|kimlik doğrulama|password|unauthori[sz]ed|authentication/i.test(message)) return new AuthError(message, context);
  if (/oturum|session/i.test(message)) return new SessionExpiredError('session expired', context, message);
  if (/limit|aşıldı|too many|throttl|sunucu hatası|server error|internal|geçici/i.test(message)) return new TransientError(`provider fault: ${message}`, context);
  return new ProtocolError('SOAP fault', context, message);
}

interface ListOptions {
  /** `AlExt` with content (default), `ListeleExt` headers only. */
  operation?: QnbListOperation;
  /** Narrows the call to these documents. */
  ettns?: readonly string[];
  onReply?: (body: Buffer) => void;
}

const SIRA_NO_TAG = Buffer.from('<belgeSiraNo>', 'latin1');

/**
 * The cursor a page will give (its largest belgeSiraNo, when past `after`), read from the reply's
 * bytes before it is parsed: the unqualified tags JAX-WS writes. A guess only: the parsed page decides.
 */
function cursorInReply(body: Buffer, after: string): string | undefined {
  let max = BigInt(after);
  for (let at = body.indexOf(SIRA_NO_TAG); at >= 0; at = body.indexOf(SIRA_NO_TAG, at + SIRA_NO_TAG.length)) {
    const digits = body.toString('latin1', at + SIRA_NO_TAG.length, body.indexOf(0x3c, at + SIRA_NO_TAG.length));
    if (/^\d{1,19}$/.test(digits) && BigInt(digits) > max) max = BigInt(digits);
  }
  return max > BigInt(after) ? max.toString() : undefined;
}

/** `20260105143000` (Turkey time) → ISO instant. */
function compactInstant(value: string | undefined): string | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(value) : null;
  if (!m) return undefined;
  return isoInstant(Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}+03:00`));
}

export function createQnbExtractor(options: ExtractorOptions): Extractor<UsernamePasswordVkn> {
  const resolved = resolveOptions(
    'qnb',
    options,
    { pageSize: 100, endpointPath: '/connector/ws/connectorService', window: { windowMs: 7 * DAY_MS, overlapMs: 48 * HOUR_MS, wholeDays: false } },
    classifyFault,
  );
  const { soap, timing, logger } = resolved;

  /**
   * One gelenBelgeleri…Ext call: `AlExt` with content, `ListeleExt` headers only; `ettns` narrows it
   * to those documents.
   */
  function list(creds: UsernamePasswordVkn, window: Window, cursor: string, context: ErrorContext, signal: AbortSignal, more: ListOptions = {}): Promise<XmlElement[]> {
    const { operation = 'gelenBelgeleriAlExt', ettns = [], onReply } = more;
    // Members in schema (alphabetical) order. The end second is inclusive; a document at exactly
    // the boundary second is read by both windows and dropped as a repeat by the window engine.
    const parameters = el(
      'parametreler', null,
      el('belgeTuru', null, 'FATURA'),
      el('donusTipiVersiyon', null, '6.0'),
      ...ettns.map((ettn) => el('ettn', null, ettn)),
      el('gelisTarihiBaslangic', null, turkeyCompact(window.from, true)),
      el('gelisTarihiBitis', null, turkeyCompact(window.to, true)),
      el('sonAlinanBelgeSiraNumarasi', null, cursor),
      el('vergiTcKimlikNo', null, creds.vkn),
    );
    return soap.call({
      path: '',
      soapAction: '""',
      envelope: () =>
        soapEnvelope({
          namespaces: { ser: QNB_NS },
          header: [usernameTokenHeader(creds.username, creds.password, timing.now())],
          body: [el(`ser:${operation}`, null, parameters)],
        }),
      context,
      signal,
      ...(onReply ? { onReply } : {}),
      read: (content) => {
        if (!content || content.name !== `${operation}Response`) throw new ProtocolError(`expected ${operation}Response`, context);
        return children(content, NS, 'return');
      },
    });
  }

  function identityOf(item: XmlElement, window: Window, fields = childTexts(item, NS)): DocumentIdentity {
    const arrival = fields.get('faturaGelisTarihi');
    return {
      ettn: (fields.get('ettn') ?? '').toLowerCase(),
      receivedAt: compactInstant(arrival) ?? compactInstant(fields.get('belgeTarihi')) ?? isoInstant(window.from),
      providerRef: {
        belgeSiraNo: fields.get('belgeSiraNo') ?? null,
        belgeNo: fields.get('belgeNo') ?? null,
        belgeTarihi: fields.get('belgeTarihi') ?? null,
        faturaGelisTarihi: arrival ?? null,
        gonderenVknTckn: fields.get('gonderenVknTckn') ?? null,
        profileId: fields.get('profileId') ?? null,
      },
    };
  }

  function toDocument(item: XmlElement, window: Window): RawDocument | FailedDocument {
    const fields = childTexts(item, NS);
    return decodeDocument(identityOf(item, window, fields), fields.get('belgeVerisi') || fields.get('belgeXmlZipped'), completeXml());
  }

  /** The documents of a header page whose content reply was over the limit, in ettn batches halving down to one. */
  function readByEttn(creds: UsernamePasswordVkn, window: Window, after: string, headers: XmlElement[], tooLarge: ResponseTooLargeError, signal: AbortSignal) {
    const ettns = headers.map((item) => childText(item, NS, 'ettn') ?? '');
    const windowIso = { from: isoInstant(window.from), to: isoInstant(window.to) };
    return readPageShrinking({
      pageIndex: 0,
      pageSize: headers.length,
      read: async (index, size) => {
        // The whole page is the reply that was just too large.
        if (size === headers.length) throw tooLarge;
        const batch = ettns.slice(index * size, (index + 1) * size);
        const context: ErrorContext = { provider: 'qnb', operation: 'gelenBelgeleriAlExt', window: windowIso, page: `after belgeSiraNo ${after}, ettn ${batch.join(' ')}` };
        const items = await list(creds, window, after, context, signal, { ettns: batch });
        return { documents: items.map((item) => toDocument(item, window)), totalPages: Math.ceil(headers.length / size) };
      },
      identify: async (offset, error) => ({ documents: [oversizedDocument(identityOf(headers[offset]!, window), error)], totalPages: headers.length }),
      logger,
      where: { provider: 'qnb', window: windowIso, after },
    });
  }

  return {
    provider: 'qnb',
    credentials: UsernamePasswordVkn,

    async testConnection(creds, signal) {
      // A one-second arrival window in 2000: proves user, password and VKN, reads nothing.
      const from = Date.parse('2000-01-01T00:00:00+03:00');
      await list(creds, { from, to: from + 1_000 }, '0', { provider: 'qnb', operation: 'gelenBelgeleriAlExt' }, signal);
    },

    extract(creds, from, signal) {
      const ahead = new ReadAhead<XmlElement[]>();
      /** Start of the window runWindows is reading; the window after it is read alongside (two lanes). */
      let reading: number | undefined;
      const contextOf = (window: Window, after: string): ErrorContext => ({ provider: 'qnb', operation: 'gelenBelgeleriAlExt', window: { from: isoInstant(window.from), to: isoInstant(window.to) }, page: `after belgeSiraNo ${after}` });
      // The next page's request goes out as soon as this page's bytes arrive, its cursor read from them
      // (cursorInReply), while they are parsed; a guess the parsed page does not confirm is dropped.
      // The window being read may take the last free slot, the one after it leaves it: the window being
      // read always has room for its next page (it has one page ahead at most), so none is ever dropped.
      const fetch = (window: Window, after: string, pageSignal: AbortSignal): (() => Promise<XmlElement[]>) => () =>
        list(creds, window, after, contextOf(window, after), pageSignal, {
          onReply: (body) => {
            const guess = ahead.room > (window.from === reading ? 0 : 1) ? cursorInReply(body, after) : undefined;
            if (guess !== undefined) ahead.start(pageKey(window, guess), fetch(window, guess, pageSignal));
          },
        });
      return runWindows(from, resolved.window, async (window, cursor, pageSignal, following) => {
        reading = window.from;
        const after = typeof cursor === 'string' ? cursor : '0';
        const context = contextOf(window, after);
        let items: XmlElement[];
        let documents: Array<RawDocument | FailedDocument> | undefined;
        try {
          const page = ahead.take(pageKey(window, after), fetch(window, after, pageSignal));
          // Inside a window pages come one after another (each cursor is the last page's); the next
          // window is independent, so its first page is read now, beside this one's (after the take:
          // a page taken afresh drops what was read ahead).
          if (following && ahead.room > 1) ahead.start(pageKey(following, '0'), fetch(following, '0', pageSignal));
          items = await page;
        } catch (error) {
          if (!(error instanceof ResponseTooLargeError)) throw error;
          // The page size is QNB's (≤ 100); the same page listed header-only names its documents, which are read in
          // ever smaller ettn batches (oversize.ts). The cursor still moves by the header page.
          items = await list(creds, window, after, { ...context, operation: 'gelenBelgeleriListeleExt' }, pageSignal, { operation: 'gelenBelgeleriListeleExt' });
          if (items.length === 0) throw new ProtocolError(`reply larger than ${error.limitBytes} bytes, and the header-only listing names no document to set aside`, context);
          documents = (await readByEttn(creds, window, after, items, error, pageSignal)).documents;
        }
        let max = BigInt(after);
        for (const item of items) {
          const no = childText(item, NS, 'belgeSiraNo') ?? '';
          if (!/^\d+$/.test(no)) throw new ProtocolError(`bad belgeSiraNo "${no}"`, context);
          if (BigInt(no) > max) max = BigInt(no);
        }
        // An empty page ends the window; so does a page that did not move the cursor forward.
        const next = items.length === 0 || max === BigInt(after) ? null : max.toString();
        if (next !== null) ahead.start(pageKey(window, next), fetch(window, next, pageSignal));
        else if (following) ahead.start(pageKey(following, '0'), fetch(following, '0', pageSignal));
        documents ??= items.map((item) => toDocument(item, window));
        logger.debug({ provider: 'qnb', window: context.window, after, documents: documents.length }, 'page read');
        return { documents, next };
      }, { now: timing.now(), signal, logger });
    },

    close: () => resolved.http.close(),
  };
}
