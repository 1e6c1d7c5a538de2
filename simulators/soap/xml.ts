/**
 * Simulator-side XML reading: a small namespace-resolved element tree over fast-xml-parser's
 * ordered output. Providers match request elements by namespace URI + local name (never by
 * prefix), and İşNet needs document order to mimic WCF's DataContract reader.
 */
import { XMLParser } from 'fast-xml-parser';

export interface XElement {
  /** Namespace URI ('' when unqualified). */
  ns: string;
  /** Local name, without prefix. */
  name: string;
  /** Attributes by local name (namespace declarations excluded). */
  attrs: Record<string, string>;
  /** Namespaced attributes, by `{uri}local` (e.g. xsi:nil). */
  nsAttrs: Record<string, string>;
  children: XElement[];
  /** Concatenated text content of this element (not of descendants). */
  text: string;
}

export class XmlReadError extends Error {
  override name = 'XmlReadError';
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** Parses a document and returns its root element. Throws XmlReadError on malformed input. */
export function readXml(text: string): XElement {
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text, true) as OrderedNode[];
  } catch (error) {
    throw new XmlReadError(error instanceof Error ? error.message : String(error));
  }
  const roots = nodes.flatMap((node) => toElements(node, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])));
  const root = roots[0];
  if (!root) throw new XmlReadError('no root element');
  return root;
}

function toElements(node: OrderedNode, scope: Map<string, string>): XElement[] {
  const tag = Object.keys(node).find((key) => key !== ':@');
  if (tag === undefined || tag === '#text' || tag.startsWith('?') || tag === '#comment') return [];
  const rawAttrs = node[':@'] ?? {};
  let local = scope;
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      if (local === scope) local = new Map(scope);
      local.set(key === 'xmlns' ? '' : key.slice(6), value);
    }
  }
  const [prefix, name] = splitName(tag);
  const element: XElement = { ns: local.get(prefix) ?? '', name, attrs: {}, nsAttrs: {}, children: [], text: '' };
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    const [attrPrefix, attrName] = splitName(key);
    if (attrPrefix === '') element.attrs[attrName] = value;
    else element.nsAttrs[`{${local.get(attrPrefix) ?? ''}}${attrName}`] = value;
  }
  const content = node[tag];
  if (Array.isArray(content)) {
    for (const child of content as OrderedNode[]) {
      if ('#text' in child) element.text += String(child['#text']);
      else element.children.push(...toElements(child, local));
    }
  }
  return [element];
}

function splitName(qname: string): [string, string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/** First child with this local name; `ns` restricts the namespace when given (use [] for any of several). */
export function child(parent: XElement | undefined, name: string, ns?: string | readonly string[]): XElement | undefined {
  return parent?.children.find((c) => c.name === name && nsMatches(c, ns));
}

export function childrenNamed(parent: XElement | undefined, name: string, ns?: string | readonly string[]): XElement[] {
  return parent?.children.filter((c) => c.name === name && nsMatches(c, ns)) ?? [];
}

/** Trimmed text of a child element, undefined when absent, empty or xsi:nil. */
export function childText(parent: XElement | undefined, name: string, ns?: string | readonly string[]): string | undefined {
  const found = child(parent, name, ns);
  if (!found || isNil(found)) return undefined;
  const text = found.text.trim();
  return text === '' ? undefined : text;
}

export function isNil(element: XElement): boolean {
  return element.nsAttrs[`{${XSI_NS}}nil`] === 'true';
}

function nsMatches(element: XElement, ns: string | readonly string[] | undefined): boolean {
  if (ns === undefined) return true;
  return typeof ns === 'string' ? element.ns === ns : ns.includes(element.ns);
}

/**
 * Flattens an operation element into `path → value` for the call log: leaf texts by dotted local
 * names, attributes as `path.attr`; repeated paths are joined with ','. Secrets are masked.
 */
export function flattenParams(element: XElement): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (key: string, value: string) => {
    const masked = /password|sifre/i.test(key) ? '***' : value;
    out[key] = key in out ? `${out[key]},${masked}` : masked;
  };
  const walk = (el: XElement, path: string) => {
    for (const [attr, value] of Object.entries(el.attrs)) add(path ? `${path}.${attr}` : attr, value);
    if (el.children.length === 0) {
      const text = el.text.trim();
      if (path && (text !== '' || Object.keys(el.attrs).length === 0)) add(path, text);
      return;
    }
    for (const c of el.children) walk(c, path ? `${path}.${c.name}` : c.name);
  };
  walk(element, '');
  return out;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for element content or a double-quoted attribute. */
export function esc(value: string | number | boolean): string {
  return String(value).replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}
