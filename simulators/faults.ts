/**
 * Fault injection for the simulators: a deterministic plan (no randomness) keyed on call numbers,
 * set at start and replaceable while a simulator runs (`setFaults`). Replacing the plan restarts
 * its call counters, so `{ http500: { from: 1, to: 1 } }` always means "the next call".
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Which calls a fault hits. Call numbers are 1-based and count SOAP requests since the plan was set:
 * all operations together, or only `operation` when it is given (operation = the body element's
 * local name, EDM's `Request` suffix removed, e.g. `GetInvoice`, `GetInboxInvoiceData`).
 * No field = every call; `from`/`to` = an inclusive range; `every` = calls whose number is a multiple of it.
 */
export const CallSelector = z.object({
  operation: z.string().min(1).optional(),
  from: z.number().int().min(1).optional(),
  to: z.number().int().min(1).optional(),
  every: z.number().int().min(1).optional(),
});
export type CallSelector = z.infer<typeof CallSelector>;

/**
 * What can be wrong with one document's content (providers.md §7.3), the response around it intact:
 *   badBase64     `Data` is not base64            bom        a UTF-8 BOM before `<?xml`
 *   html          base64 of an HTML error page    zipTwo     a zip holding two entries
 *   zipEmpty      a zip holding no entry          gzip       gzip where zip or plain XML is expected
 *   empty         the content element is empty    xsiType    the item carries an xsi:type the WSDL does not declare
 *   cutHalf       the XML cut in half, then base64
 */
export const ContentFaultKind = z.enum(['badBase64', 'bom', 'html', 'zipTwo', 'zipEmpty', 'gzip', 'empty', 'xsiType', 'cutHalf']);
export type ContentFaultKind = z.infer<typeof ContentFaultKind>;

export const FaultSpec = z.object({
  /** The provider rejects the demo credentials too (as if the password had been changed). */
  wrongCredentials: z.boolean().optional(),
  /** Session-based providers (EDM Login, QNB wsLogin): a session dies after `afterCalls` uses or `ttlSeconds` idle. */
  sessionExpiry: z.object({ afterCalls: z.number().int().min(1).optional(), ttlSeconds: z.number().positive().optional() }).optional(),
  /** Throttling: the provider's own refusal (`provider`) or a bare HTTP 429/503 with Retry-After. */
  throttle: CallSelector.extend({
    style: z.enum(['provider', 'http429', 'http503']).default('provider'),
    retryAfterSeconds: z.number().int().min(0).default(1),
  }).optional(),
  /** HTTP 500 with the provider's server-fault envelope. */
  http500: CallSelector.optional(),
  /** Answer only after `delayMs` (to exceed a client timeout). */
  slow: CallSelector.extend({ delayMs: z.number().int().min(0) }).optional(),
  /** Destroy the connection without answering. */
  reset: CallSelector.optional(),
  /** A complete HTTP 200 whose XML body is cut in half. */
  truncate: CallSelector.optional(),
  /** A complete HTTP 200 whose XML is not well-formed (mismatched closing tag). */
  malformed: CallSelector.optional(),
  /** HTTP 200 with an HTML error page instead of a SOAP envelope (a proxy or load balancer answering). */
  html: CallSelector.optional(),
  /** The content of these dataset indices is served broken in the given way, wherever content is served. */
  content: z.array(z.object({ kind: ContentFaultKind, indices: z.array(z.number().int().min(0)).min(1) })).optional(),
  /** List calls also repeat the item that preceded the page (so it appears on two pages). */
  duplicates: CallSelector.optional(),
  /**
   * These dataset indices are re-issued (revision 2, same ETTN, changed content) right after their first
   * serving under this plan: from then on they are listed as arrived at that moment, with a new record number
   * (relisting.ts), so providers listing by arrival or record number show them again.
   */
  reissue: z.object({ indices: z.array(z.number().int().min(0)) }).optional(),
  /**
   * Invoices with index % every == offset stay invisible until call number `untilCall` (late into a synced
   * window). When that call comes they arrive: listed at that moment with the next record numbers, their
   * issue date unchanged (relisting.ts). Replacing the plan before then cancels the lateness: they are
   * listed where the dataset has them, as if they had never been late.
   */
  late: z.object({ every: z.number().int().min(1), offset: z.number().int().min(0).default(0), untilCall: z.number().int().min(1) }).optional(),
  /**
   * The UBL of these dataset indices carries an XML comment of `bytes` incompressible characters,
   * wherever content is served (inline or base64, zipped or not): a reply holding one is over a
   * client's response limit. The document stays well-formed; header-only calls stay small.
   */
  oversize: z.object({ bytes: z.number().int().min(1), indices: z.array(z.number().int().min(0)).min(1) }).optional(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultSpecInput = z.input<typeof FaultSpec>;

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
  constructor(message: string, readonly item: string) {
    super(`${message} in fault item "${item}"`);
  }
}

/**
 * Parses the CLI `--faults` grammar: comma-separated items `name[=value][@selector]`.
 *
 *   wrong-credentials
 *   session-expiry=N            sessions die after N calls        session-ttl=SECONDS
 *   throttle[=provider|429|503][:RETRY_AFTER_SECONDS][@sel]
 *   http500[@sel]  reset[@sel]  truncate[@sel]  malformed[@sel]  html[@sel]  duplicates[@sel]
 *   slow=MS[@sel]
 *   content=KIND:I[+J...]       content of dataset indices broken as KIND (ContentFaultKind; repeatable)
 *   reissue=I[+J...]            dataset indices re-issued after first being served
 *   late=EVERY:UNTIL_CALL[:OFFSET]
 *   oversize=BYTES:I[+J...]     UBL of dataset indices padded with a BYTES-long comment
 *
 * selector: `[Operation:]RANGE`, RANGE = `N` | `N-M` | `N-` | `%K` | `N-M%K` | `*` (all calls).
 * Example: `http500@3-4,throttle=429:2@GetInvoice:%5,slow=4000@7,late=10:20`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpecInput = {};
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = raw.indexOf('@');
    const head = at < 0 ? raw : raw.slice(0, at);
    const selector = at < 0 ? {} : parseSelector(raw.slice(at + 1), raw);
    const eq = head.indexOf('=');
    const name = eq < 0 ? head : head.slice(0, eq);
    const value = eq < 0 ? undefined : head.slice(eq + 1);
    const int = (s: string | undefined) => {
      if (s === undefined || !/^\d+$/.test(s)) throw new FaultSpecError(`expected a number, got "${s ?? ''}"`, raw);
      return Number(s);
    };
    switch (name) {
      case 'wrong-credentials': spec.wrongCredentials = true; break;
      case 'session-expiry': spec.sessionExpiry = { ...spec.sessionExpiry, afterCalls: int(value) }; break;
      case 'session-ttl': spec.sessionExpiry = { ...spec.sessionExpiry, ttlSeconds: int(value) }; break;
      case 'throttle': {
        const [style = 'provider', retry] = (value ?? '').split(':');
        const styles = { provider: 'provider', '': 'provider', '429': 'http429', '503': 'http503' } as const;
        const mapped = styles[style as keyof typeof styles];
        if (!mapped) throw new FaultSpecError(`unknown throttle style "${style}"`, raw);
        spec.throttle = { ...selector, style: mapped, ...(retry === undefined ? {} : { retryAfterSeconds: int(retry) }) };
        break;
      }
      case 'http500': spec.http500 = selector; break;
      case 'reset': spec.reset = selector; break;
      case 'truncate': spec.truncate = selector; break;
      case 'malformed': spec.malformed = selector; break;
      case 'html': spec.html = selector; break;
      case 'content': {
        const [kind = '', indices = ''] = (value ?? '').split(':');
        const parsedKind = ContentFaultKind.safeParse(kind);
        if (!parsedKind.success) throw new FaultSpecError(`unknown content fault "${kind}" (one of ${ContentFaultKind.options.join(', ')})`, raw);
        spec.content = [...(spec.content ?? []), { kind: parsedKind.data, indices: indices.split('+').map(int) }];
        break;
      }
      case 'duplicates': spec.duplicates = selector; break;
      case 'slow': spec.slow = { ...selector, delayMs: int(value) }; break;
      case 'reissue': spec.reissue = { indices: (value ?? '').split('+').map(int) }; break;
      case 'late': {
        const [every, until, offset] = (value ?? '').split(':');
        spec.late = { every: int(every), untilCall: int(until), ...(offset === undefined ? {} : { offset: int(offset) }) };
        break;
      }
      case 'oversize': {
        const [bytes, indices = ''] = (value ?? '').split(':');
        spec.oversize = { bytes: int(bytes), indices: indices.split('+').map(int) };
        break;
      }
      default: throw new FaultSpecError(`unknown fault "${name}"`, raw);
    }
  }
  const parsed = FaultSpec.safeParse(spec);
  if (!parsed.success) throw new FaultSpecError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), text);
  return parsed.data;
}

function parseSelector(text: string, item: string): CallSelector {
  const match = /^(?:([A-Za-z][A-Za-z0-9]*):)?(?:\*|(\d+)?(?:(-)(\d+)?)?(?:%(\d+))?)$/.exec(text);
  if (!match || (text.endsWith(':') && text !== '*')) throw new FaultSpecError(`bad selector "${text}"`, item);
  const [, operation, from, dash, to, every] = match;
  const selector: CallSelector = {};
  if (operation) selector.operation = operation;
  if (from) {
    selector.from = Number(from);
    if (!dash) selector.to = Number(from);
  }
  if (to) selector.to = Number(to);
  if (every) selector.every = Number(every);
  return selector;
}

/** `bytes` base64 characters of deterministic noise: zip cannot shrink it much, and it never holds `--`. */
function oversizePadding(bytes: number): string {
  const chunks: string[] = [];
  for (let block = 0, length = 0; length < bytes; block++) {
    const chunk = createHash('sha512').update(`oversize ${block}`).digest('base64');
    chunks.push(chunk);
    length += chunk.length;
  }
  return chunks.join('').slice(0, bytes);
}

/** Call numbers of one request under the current plan. */
export interface CallTick { total: number; ofOperation: number }

/** The live plan of one simulator: the spec plus its call counters. */
export class FaultPlan {
  private total = 0;
  private perOperation = new Map<string, number>();
  private readonly tickListeners: (() => void)[] = [];
  spec: FaultSpec;
  /** Counts replacements: state an inbox derives from one plan (a late reveal) is tied to its generation. */
  generation = 0;

  constructor(spec: FaultSpecInput = {}) {
    this.spec = FaultSpec.parse(spec);
  }

  replace(spec: FaultSpecInput): void {
    this.spec = FaultSpec.parse(spec);
    this.total = 0;
    this.perOperation.clear();
    this.generation++;
  }

  /** Counts one SOAP request; then tells the listeners (an inbox whose late invoices arrive at a given call). */
  tick(operation: string): CallTick {
    const ofOperation = (this.perOperation.get(operation) ?? 0) + 1;
    this.perOperation.set(operation, ofOperation);
    const tick = { total: ++this.total, ofOperation };
    for (const listener of this.tickListeners) listener();
    return tick;
  }

  onTick(listener: () => void): void {
    this.tickListeners.push(listener);
  }

  /** Requests counted since the plan was set. */
  get callCount(): number {
    return this.total;
  }

  hits(selector: CallSelector | undefined, operation: string, tick: CallTick): boolean {
    if (!selector) return false;
    if (selector.operation !== undefined && selector.operation !== operation) return false;
    const n = selector.operation !== undefined ? tick.ofOperation : tick.total;
    if (n < (selector.from ?? 1) || n > (selector.to ?? Number.POSITIVE_INFINITY)) return false;
    return selector.every === undefined || n % selector.every === 0;
  }

  /** How the content of a dataset index is to be broken, if at all. */
  contentFault(index: number): ContentFaultKind | undefined {
    return this.spec.content?.find((fault) => fault.indices.includes(index))?.kind;
  }

  /** The UBL of dataset invoice `index` as served: padded under the `oversize` fault, else as is. */
  servedXml(index: number, xml: string): string {
    const oversize = this.spec.oversize;
    if (!oversize?.indices.includes(index)) return xml;
    const rootStart = xml.indexOf('<', xml.startsWith('<?xml') ? xml.indexOf('?>') : 0);
    return `${xml.slice(0, rootStart)}<!--${oversizePadding(oversize.bytes)}-->${xml.slice(rootStart)}`;
  }

  /** Whether a dataset index is still hidden by the `late` fault. */
  isHidden(index: number): boolean {
    const late = this.spec.late;
    return late !== undefined && this.total < late.untilCall && index % late.every === late.offset;
  }
}
