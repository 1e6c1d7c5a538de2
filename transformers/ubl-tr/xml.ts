/**
 * Safe XML reading for UBL-TR: size limit, strict XML 1.0 (xml-scanner.ts: no DOCTYPE and so no entity
 * expansion, bounded depth, element count and text length), the root checked by namespace URI + local
 * name, and elements matched by namespace URI whatever prefixes the issuer chose (`cbc:`, `n1:`, `ns2:`,
 * a default namespace, declarations below the root): the tree holds only cac/cbc elements, keyed
 * `cac:<local>` / `cbc:<local>`.
 */
import { ParseError } from './errors.js';
import type { Flag } from './schema.js';
import { ATTR, CAC_NAMESPACE, CBC_NAMESPACE, scanXml, TEXT, type ScanLimits, type XmlElement } from './xml-scanner.js';

export type { XmlElement } from './xml-scanner.js';

export const INVOICE_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

/** Default input limit in characters: generous for a display XSLT attachment, small enough to refuse abuse. */
export const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;
/** The same limit on the bytes of a file or a decoded provider payload, applied before decoding them. */
export const DEFAULT_MAX_BYTES = DEFAULT_MAX_CHARS;

/**
 * Bounds of one document's tree: no UBL-TR invoice nests 64 deep; 200,000 elements is several thousand
 * lines (the tree of such a document stays within tens of MB); no real name, note or identifier runs to
 * 10,000 characters.
 */
export const SCAN_LIMITS: ScanLimits = { maxDepth: 64, maxElements: 200_000, maxTextChars: 10_000 };

/**
 * The UBL aggregate (cac) elements the parser reads; every other element it reads is a basic (cbc)
 * component. UBL's naming rules keep the two sets of names apart.
 */
const AGGREGATES: ReadonlySet<string> = new Set([
  'AccountingCustomerParty', 'AccountingSupplierParty', 'AllowanceCharge', 'BillingReference', 'BuyersItemIdentification',
  'CommodityClassification', 'Country', 'DespatchDocumentReference', 'InvoiceDocumentReference', 'InvoiceLine', 'InvoicePeriod',
  'Item', 'LegalMonetaryTotal', 'ManufacturersItemIdentification', 'OrderReference', 'Party', 'PartyIdentification', 'PartyName',
  'PartyTaxScheme', 'Person', 'PostalAddress', 'Price', 'PricingExchangeRate', 'SellersItemIdentification', 'TaxCategory',
  'TaxScheme', 'TaxSubtotal', 'TaxTotal', 'WithholdingTaxTotal',
]);

/** Turns a UBL local name into the key of that element in the parsed tree. */
export type ElementKey = (localName: string) => string;

const keys = new Map<string, string>();
export const elementKey: ElementKey = (local) => {
  let key = keys.get(local);
  if (key === undefined) {
    key = `${AGGREGATES.has(local) ? 'cac' : 'cbc'}:${local}`;
    keys.set(local, key);
  }
  return key;
};

export interface InvoiceTree {
  invoice: XmlElement;
  /** What the reader changed: texts cut at the length limit. */
  flags: Flag[];
}

export interface ReadXmlOptions {
  /** Input limit in characters (UTF-16 code units). */
  maxChars?: number;
}

/** Reads a UBL-TR Invoice document into its root element, or throws ParseError. */
export function readInvoiceXml(input: string, options: ReadXmlOptions = {}): InvoiceTree {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (input.length > maxChars) throw new ParseError('too_large', `document has ${input.length} characters, limit is ${maxChars}`);
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!/\S/.test(xml)) throw new ParseError('empty', 'document is empty');
  const root = scanXml(xml, SCAN_LIMITS);
  if (root.localName !== 'Invoice') {
    throw new ParseError('not_ubl_invoice', `root element is <${root.rawName}>, expected a UBL Invoice`, { path: root.localName });
  }
  if (root.namespace !== INVOICE_NAMESPACE) {
    throw new ParseError(
      'wrong_namespace',
      `root <${root.rawName}> is in namespace ${root.namespace ? `"${root.namespace}"` : '(none)'}, expected "${INVOICE_NAMESPACE}"`,
      { path: 'Invoice' },
    );
  }
  if (root.selfClosed) throw new ParseError('missing_element', `the root <${root.rawName}/> is empty: the document holds no invoice`, { path: 'Invoice' });
  assertComponentNamespaces(root.element);
  const flags = root.truncatedTexts.map((t): Flag => ({
    code: 'text_truncated',
    message: `text of <${t.name}> at line ${t.line} is longer than ${SCAN_LIMITS.maxTextChars} characters; cut there`,
  }));
  return { invoice: root.element, flags };
}

/**
 * The Invoice's own children must be UBL components: none at all means the cac/cbc namespaces are
 * missing or misspelt; a basic component under the aggregate URI (or the reverse) means they are swapped.
 */
function assertComponentNamespaces(invoice: XmlElement): void {
  const keysOfInvoice = Object.keys(invoice).filter((k) => !k.startsWith(ATTR) && k !== TEXT);
  for (const [prefix, uri] of [['cbc', CBC_NAMESPACE], ['cac', CAC_NAMESPACE]] as const) {
    if (!keysOfInvoice.some((k) => k.startsWith(prefix))) {
      throw new ParseError('wrong_namespace', `the Invoice holds no element in the UBL namespace "${uri}" (${prefix}): not declared, or misspelt`, { path: 'Invoice' });
    }
  }
  for (const key of keysOfInvoice) {
    const local = key.slice(4);
    const wrong = key.startsWith('cac:') ? KNOWN_BASIC_HEADERS.has(local) : AGGREGATES.has(local);
    if (wrong) {
      const [uri, expected] = key.startsWith('cac:') ? [CAC_NAMESPACE, CBC_NAMESPACE] : [CBC_NAMESPACE, CAC_NAMESPACE];
      throw new ParseError('wrong_namespace', `${local} is in the namespace "${uri}", UBL puts it in "${expected}" (cac/cbc namespace URIs swapped?)`, { path: `Invoice/${elementKey(local)}` });
    }
  }
}

/** Header basic components every Invoice has: found under the aggregate URI, the URIs are swapped. */
const KNOWN_BASIC_HEADERS: ReadonlySet<string> = new Set(['UBLVersionID', 'CustomizationID', 'ProfileID', 'ID', 'UUID', 'IssueDate', 'InvoiceTypeCode', 'DocumentCurrencyCode']);

/** Two elements where UBL allows one: the caller names the path. */
export class DuplicateElementError extends Error {
  override name = 'DuplicateElementError';
  constructor(readonly key: string, readonly count: number) {
    super(`${count} <${key}> elements where UBL allows one`);
  }
}

/** All children with this key, as elements. */
export function children(parent: XmlElement | null, name: string): XmlElement[] {
  const v = parent?.[name];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? { [TEXT]: x } : Array.isArray(x) ? {} : x));
  return [typeof v === 'string' ? { [TEXT]: v } : v];
}

/** The only child with this key (null when absent); DuplicateElementError when there are several. */
export function child(parent: XmlElement | null, name: string): XmlElement | null {
  const v = parent?.[name];
  if (v === undefined) return null;
  if (Array.isArray(v)) throw new DuplicateElementError(name, v.length);
  return typeof v === 'string' ? { [TEXT]: v } : v;
}

/** The first child with this key, for elements UBL allows more than once (PartyName, Description, …). */
export function firstChild(parent: XmlElement | null, name: string): XmlElement | null {
  const v = parent?.[name];
  if (v === undefined) return null;
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || Array.isArray(first)) return null;
  return typeof first === 'string' ? { [TEXT]: first } : first;
}

/** Text content of an element (references already decoded), or null when absent or empty. */
export function textOf(e: XmlElement | null): string | null {
  const t = e?.[TEXT];
  return typeof t !== 'string' || t.length === 0 ? null : t;
}

/** Text of the only child with this key (DuplicateElementError when there are several). */
export function childText(parent: XmlElement | null, name: string): string | null {
  const v = parent?.[name];
  if (typeof v === 'string') return v.length === 0 ? null : v;
  return v === undefined ? null : textOf(child(parent, name));
}

/** Text of the first child with this key, for elements UBL allows more than once. */
export function firstChildText(parent: XmlElement | null, name: string): string | null {
  return textOf(firstChild(parent, name));
}

export function attribute(e: XmlElement | null, name: string): string | null {
  const v = e?.[ATTR + name];
  return typeof v !== 'string' || v.length === 0 ? null : v;
}
