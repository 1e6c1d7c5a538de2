/**
 * Simulator-side XML reading: the namespace-resolved element tree of xml-reader.ts and lookups on it.
 * Providers match request elements by namespace URI + local name (never by prefix), and İşNet needs
 * document order to mimic WCF's DataContract reader.
 */
import type { XElement } from './xml-reader.js';

export { readXml, XmlReadError, type XElement } from './xml-reader.js';
/** One XML escaper for the simulators: the dataset's fast one. */
export { esc } from '../dataset/xml-text.js';

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

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
