/**
 * Safe XML reading for UBL-TR: size limit, no DOCTYPE (so no entity expansion of any kind), the
 * signature and embedded attachments emptied before parsing, truncation detected, the root checked by
 * namespace URI + local name. Prefixes are whatever the issuer chose (`cbc:`, `n1:`, `ns2:`, default
 * namespace): elements are matched through the prefixes the root binds to the cac/cbc namespace URIs,
 * or by local name when a document declares namespaces below its root (the only foreign-namespace
 * content of an Invoice, the XAdES signature, sits inside the emptied `UBLExtensions`).
 */
import { XMLParser, type X2jOptions } from 'fast-xml-parser';
import { ParseError } from './errors.js';

export const INVOICE_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

/** Default input limit in characters: generous for a display XSLT attachment, small enough to refuse abuse. */
export const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;

/** A parsed element: text, or an object of children (`#text`, `@_attr`, child local names). */
export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [key: string]: XmlValue | undefined;
}

const TEXT = '#text';
const ATTR = '@_';

/**
 * The fast-xml-parser options for UBL-TR (exported for the benchmark's same-configuration baseline).
 * Prefixes are kept: keys are matched as `<prefix>:<local name>` with the prefixes the root declares
 * for the cac/cbc namespaces (see ElementKey), which is both namespace-exact and ~20 % faster than
 * letting the parser strip prefixes.
 */
export const xmlParserOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // No callbacks read the path; building it as a string for every value costs ~20 % of the parse.
  jPath: false,
  // No stopNodes: withoutSkippedContent() empties the signature and attachments before parsing, and
  // matching stop-node paths on every tag would cost ~15 % of the parse.
} as const satisfies X2jOptions;

/** Parsers for every document: their options never change, and parse() keeps no state between calls. */
const prefixedParser = new XMLParser(xmlParserOptions);
/** For documents that (re)declare namespaces below the root: keys become local names. */
const localNameParser = new XMLParser({ ...xmlParserOptions, removeNSPrefix: true });

export const CAC_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
export const CBC_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

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

/** Turns a UBL local name into the key of that element in the parsed tree of one document. */
export type ElementKey = (localName: string) => string;

export interface InvoiceTree {
  invoice: XmlElement;
  key: ElementKey;
}

function prefixedKeys(cac: string, cbc: string): ElementKey {
  const keys = new Map<string, string>();
  return (local) => {
    let key = keys.get(local);
    if (key === undefined) {
      key = `${AGGREGATES.has(local) ? cac : cbc}:${local}`;
      keys.set(local, key);
    }
    return key;
  };
}

const localKeys: ElementKey = (local) => local;

/** The single prefix the root binds to `uri`, or null (unbound, bound twice, or the default namespace). */
function rootPrefix(root: RootTag, uri: string): string | null {
  let found: string | null = null;
  for (const [prefix, bound] of root.declarations) {
    if (bound !== uri) continue;
    if (found !== null || prefix === '') return null;
    found = prefix;
  }
  return found;
}

const ROOT_START_TAG = /<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
/** One attribute of the (already validated) root start tag; starts on a name character, so it never backtracks over whitespace. */
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface RootTag {
  rawName: string;
  localName: string;
  namespace: string | null;
  /** Namespace declarations of the root start tag, prefix ('' = default) → URI. */
  declarations: ReadonlyMap<string, string>;
  /** Index just past the root start tag. */
  end: number;
}

/** Skips the prolog (declaration, PIs, comments, whitespace) and reads the root start tag. */
function readRootTag(xml: string): RootTag {
  let i = 0;
  for (;;) {
    i = skipWhitespace(xml, i);
    if (i >= xml.length) throw new ParseError('not_xml', 'no root element found');
    if (xml[i] !== '<') throw new ParseError('not_xml', `input does not start with an XML element (found "${printable(xml.slice(i, i + 16))}")`);
    if (xml.startsWith('<?', i)) {
      i = after(xml, '?>', i + 2);
      if (i < 0) throw new ParseError('truncated', 'processing instruction is not closed');
    } else if (xml.startsWith('<!--', i)) {
      i = after(xml, '-->', i + 4);
      if (i < 0) throw new ParseError('truncated', 'comment is not closed');
    } else if (xml.startsWith('<!', i)) {
      // DOCTYPE (and with it ENTITY declarations): UBL never has one; refusing it rules out entity expansion.
      throw new ParseError('doctype_forbidden', 'DOCTYPE declarations are not accepted (entity expansion risk); UBL-TR documents have none');
    } else {
      break;
    }
  }
  ROOT_START_TAG.lastIndex = i;
  const m = ROOT_START_TAG.exec(xml);
  if (!m) {
    const closed = xml.indexOf('>', i) >= 0;
    throw new ParseError(closed ? 'malformed_xml' : 'truncated', `root start tag is ${closed ? 'malformed' : 'not closed'}`);
  }
  const prefix = m[2] === undefined ? null : m[1]!;
  const localName = m[2] ?? m[1]!;
  const declarations = new Map<string, string>();
  for (const a of (m[3] ?? '').matchAll(ATTRIBUTE)) {
    const name = a[1]!;
    if (name === 'xmlns' || name.startsWith('xmlns:')) declarations.set(name.slice(6), a[2] ?? a[3] ?? '');
  }
  return {
    rawName: prefix ? `${prefix}:${localName}` : localName,
    localName,
    namespace: declarations.get(prefix ?? '') ?? null,
    declarations,
    end: ROOT_START_TAG.lastIndex,
  };
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** After the root's end tag only whitespace, comments and PIs may follow; anything else means cut off. */
function assertComplete(xml: string, root: RootTag): void {
  const closing = `</${root.rawName}`;
  const at = xml.lastIndexOf(closing);
  if (at < 0) throw new ParseError('truncated', `document ends before </${root.rawName}> (truncated?)`, { path: root.localName });
  let i = skipWhitespace(xml, at + closing.length);
  if (xml[i] !== '>') throw new ParseError('truncated', `</${root.rawName}> is not closed`, { path: root.localName });
  // A linear scan, not a regex: adversarial tails (thousands of unclosed comments) must not backtrack.
  for (i = skipWhitespace(xml, i + 1); i < xml.length; i = skipWhitespace(xml, i)) {
    const end = xml.startsWith('<!--', i) ? after(xml, '-->', i + 4) : xml.startsWith('<?', i) ? after(xml, '?>', i + 2) : -1;
    if (end < 0) throw new ParseError('truncated', `unexpected content after </${root.rawName}>`, { path: root.localName });
    i = end;
  }
}

/** Index just past the next `token` from `from`, or -1. */
function after(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  return at < 0 ? -1 : at + token.length;
}

function skipWhitespace(xml: string, from: number): number {
  let i = from;
  while (i < xml.length && (xml[i] === ' ' || xml[i] === '\n' || xml[i] === '\r' || xml[i] === '\t')) i++;
  return i;
}

export interface ReadXmlOptions {
  /** Input limit in characters (UTF-16 code units). */
  maxChars?: number;
}

/** Reads a UBL-TR Invoice document into its root element and key function, or throws ParseError. */
export function readInvoiceXml(input: string, options: ReadXmlOptions = {}): InvoiceTree {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (input.length > maxChars) throw new ParseError('too_large', `document has ${input.length} characters, limit is ${maxChars}`);
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!/\S/.test(xml)) throw new ParseError('empty', 'document is empty');
  if (xml.includes('\u0000')) throw new ParseError('not_xml', 'document contains NUL characters (binary data?)');
  const root = readRootTag(xml);
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
  assertComplete(xml, root);
  const emptied = withoutSkippedContent(xml);
  // Common case: cac/cbc bound once on the root and no declaration below it, so a prefix means the
  // same namespace everywhere. Otherwise match local names (the Invoice has no foreign elements
  // outside the emptied extension blocks).
  const cac = rootPrefix(root, CAC_NAMESPACE);
  const cbc = rootPrefix(root, CBC_NAMESPACE);
  const prefixed = cac !== null && cbc !== null && emptied.indexOf('xmlns', root.end) < 0;
  if (!prefixed && !(emptied.includes(CBC_NAMESPACE) && emptied.includes(CAC_NAMESPACE))) {
    throw new ParseError('wrong_namespace', 'the UBL cac/cbc component namespaces are not declared: not a UBL-TR Invoice', { path: 'Invoice' });
  }
  let tree: unknown;
  try {
    tree = (prefixed ? prefixedParser : localNameParser).parse(emptied);
  } catch (error) {
    throw new ParseError('malformed_xml', `XML is not well-formed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const invoice = element((tree as XmlElement | undefined)?.[prefixed ? root.rawName : 'Invoice']);
  if (!invoice) throw new ParseError('malformed_xml', 'Invoice element could not be read', { path: 'Invoice' });
  return { invoice, key: prefixed ? prefixedKeys(cac, cbc) : localKeys };
}

const SKIPPED_ELEMENTS = ['UBLExtensions', 'EmbeddedDocumentBinaryObject'] as const;

/**
 * Empties the content of the skipped elements (the XAdES signature in UBLExtensions, base64 attachments
 * such as the display XSLT) using native string search before the parser sees the document: a 500 KB
 * attachment then costs an indexOf, never a parse. Whatever this scan leaves alone (an unclosed block)
 * is parsed normally and ignored: nothing reads inside those elements.
 */
export function withoutSkippedContent(xml: string): string {
  let out = xml;
  for (const name of SKIPPED_ELEMENTS) out = emptyElements(out, name);
  return out;
}

function emptyElements(xml: string, localName: string): string {
  const parts: string[] = [];
  let copied = 0;
  let from = 0;
  for (;;) {
    const at = xml.indexOf(localName, from);
    if (at < 0) break;
    from = at + localName.length;
    const tagStart = startTagOpening(xml, at);
    if (tagStart < 0 || !/[\s/>]/.test(xml[from] ?? '')) continue;
    const openEnd = tagEnd(xml, from);
    if (openEnd < 0) break;
    if (xml[openEnd - 1] === '/') {
      from = openEnd; // self-closing: nothing to skip; never rescan inside this tag
      continue;
    }
    const rawName = xml.slice(tagStart + 1, from);
    const close = xml.indexOf(`</${rawName}`, openEnd);
    if (close < 0) break; // unclosed: the parser reports it
    parts.push(xml.slice(copied, openEnd + 1));
    copied = close;
    from = close + rawName.length + 2;
  }
  if (parts.length === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}

/** Index of the `<` opening a start tag whose local name begins at `at` (optionally prefixed), else -1. */
function startTagOpening(xml: string, at: number): number {
  if (xml[at - 1] === '<') return at - 1;
  if (xml[at - 1] !== ':') return -1;
  // Walk back over a prefix of at most 64 name characters: bounded, so repeated names cost O(1) each.
  let i = at - 2;
  const stop = Math.max(0, at - 66);
  while (i >= stop && isNameChar(xml.charCodeAt(i))) i--;
  return i >= 0 && i < at - 2 && xml[i] === '<' ? i : -1;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46;
}

/** Index of the `>` ending the tag that continues at `from`, skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/** The element object of a value (text-only elements become `{ '#text': … }`-less objects). */
function element(v: XmlValue | undefined): XmlElement | null {
  if (v === undefined) return null;
  if (Array.isArray(v)) return element(v[0]);
  if (typeof v === 'string') return {};
  return v;
}

/** All children with this key, as elements. */
export function children(parent: XmlElement | null, name: string): XmlElement[] {
  const v = parent?.[name];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? { [TEXT]: x } : Array.isArray(x) ? {} : x));
  return [typeof v === 'string' ? { [TEXT]: v } : v];
}

/** The first child with this key. */
export function child(parent: XmlElement | null, name: string): XmlElement | null {
  const v = parent?.[name];
  if (v === undefined) return null;
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined || Array.isArray(first)) return null;
  return typeof first === 'string' ? { [TEXT]: first } : first;
}

/** Text content of an element (entities decoded), or null when absent or empty. */
export function textOf(e: XmlElement | null): string | null {
  const t = e?.[TEXT];
  if (typeof t !== 'string' || t.length === 0) return null;
  return t.includes('&') ? decodeEntities(t) : t;
}

/** Text of the first child with this key. */
export function childText(parent: XmlElement | null, name: string): string | null {
  const v = parent?.[name];
  if (typeof v === 'string') return v.length === 0 ? null : v.includes('&') ? decodeEntities(v) : v;
  return v === undefined ? null : textOf(child(parent, name));
}

export function attribute(e: XmlElement | null, name: string): string | null {
  const v = e?.[ATTR + name];
  if (typeof v !== 'string' || v.length === 0) return null;
  return v.includes('&') ? decodeEntities(v) : v;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; nothing else exists without a DOCTYPE. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
