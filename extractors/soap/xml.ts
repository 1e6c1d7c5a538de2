/**
 * A tiny XML writer for request envelopes: `el(name, attrs, ...children)` returns a serialized fragment;
 * plain strings and numbers among the children are escaped text, fragments are inserted as they are.
 * Attributes with an undefined value are left out, so optional members read naturally at call sites.
 */
export interface XmlFragment {
  readonly xml: string;
}

export type XmlChild = XmlFragment | string | number | boolean | null | undefined;
export type XmlAttrs = Record<string, string | number | boolean | undefined>;

const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => textEscapes[c] ?? c);
}

function isFragment(child: XmlChild): child is XmlFragment {
  return typeof child === 'object' && child !== null;
}

export function el(name: string, attrs: XmlAttrs | null, ...children: XmlChild[]): XmlFragment {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined) open += ` ${key}="${escapeXml(String(value))}"`;
  }
  const inner = children
    .map((child) => (child === null || child === undefined ? '' : isFragment(child) ? child.xml : escapeXml(String(child))))
    .join('');
  return { xml: inner === '' ? `${open}/>` : `${open}>${inner}</${name}>` };
}

/** Several fragments as one (for optional groups of members). */
export function fragments(...children: XmlChild[]): XmlFragment {
  return { xml: children.map((c) => (c === null || c === undefined ? '' : isFragment(c) ? c.xml : escapeXml(String(c)))).join('') };
}
