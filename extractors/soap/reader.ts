/**
 * Reads XML into a tree whose elements and attributes carry their namespace URI, resolved from the
 * xmlns declarations in scope, so callers match by (namespace, local name) and never by prefix.
 * fast-xml-parser does the tokenizing (preserveOrder keeps declarations on their elements); this module
 * does the namespace resolution that removeNSPrefix alone gets wrong (same prefix bound to different
 * URIs, default namespaces, un-declaring with xmlns="").
 */
import { XMLParser } from 'fast-xml-parser';

export interface XmlAttribute {
  ns: string;
  name: string;
  value: string;
}

export interface XmlElement {
  ns: string;
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Concatenated text content directly inside this element (entities decoded). */
  text: string;
}

export const XMLNS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export class XmlReadError extends Error {
  override name = 'XmlReadError';
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

type OrderedNode = Record<string, unknown>;
type Scope = ReadonlyMap<string, string>;

function splitName(qname: string): [prefix: string, local: string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function resolve(prefix: string, scope: Scope, qname: string): string {
  if (prefix === 'xml') return XML_NAMESPACE;
  const ns = scope.get(prefix);
  if (ns === undefined) {
    if (prefix === '') return '';
    throw new XmlReadError(`undeclared namespace prefix in <${qname}>`);
  }
  return ns;
}

function build(qname: string, rawChildren: unknown, rawAttrs: Record<string, string>, parentScope: Scope, aside: SetAside | undefined): XmlElement {
  let scope: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) {
      scope ??= new Map(parentScope);
      scope.set(key === 'xmlns' ? '' : key.slice(6), value);
    }
  }
  const inScope: Scope = scope ?? parentScope;
  const [prefix, name] = splitName(qname);
  const attributes: XmlAttribute[] = [];
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    const [attrPrefix, attrName] = splitName(key);
    // Unprefixed attributes are in no namespace, whatever the default namespace is.
    attributes.push({ ns: attrPrefix === '' ? '' : resolve(attrPrefix, inScope, key), name: attrName, value });
  }
  const element: XmlElement = { ns: resolve(prefix, inScope, qname), name, attributes, children: [], text: '' };
  for (const node of Array.isArray(rawChildren) ? (rawChildren as OrderedNode[]) : []) {
    const built = fromOrdered(node, inScope, aside);
    if (typeof built === 'string') element.text += built;
    else if (built) element.children.push(built);
  }
  return element;
}

/**
 * Long runs of base64 (invoice content: tens of kilobytes each, a hundred per page) are set aside
 * before parsing and put back into the tree: the parser would otherwise validate, entity-decode and
 * copy every one of them, most of the cost of reading a page. Such a run holds no markup and no
 * entity, so setting it aside changes nothing in the tree; line ends are normalized as XML does.
 */
const LONG_BASE64_RUN = />([A-Za-z0-9+/=\r\n\t ]{512,})</g;

interface SetAside {
  token: RegExp;
  runs: string[];
}

export interface ReadXmlOptions {
  /**
   * Local names of elements whose content is kept as raw XML text, unparsed (an inline UBL document
   * inside a SOAP reply: its exact bytes are what is wanted, and parsing it would cost most of the page).
   * Such an element gets no children; its `text` is its content exactly as received.
   */
  opaque?: readonly string[];
}

function setAside(text: string, opaque: readonly string[]): { text: string; aside: SetAside | undefined } {
  const runs: string[] = [];
  const nonce = Math.random().toString(36).slice(2, 10);
  const token = (run: string) => `#b64-${nonce}-${runs.push(run) - 1}#`;
  let reduced = text;
  for (const name of opaque) {
    // <name …> (not self-closing) … </name>, any prefix; the content holds no closing tag of the same name.
    const pattern = new RegExp(`(<((?:[A-Za-z_][\\w.-]*:)?${name})(?:\\s[^>]*[^/>])?>)([\\s\\S]*?)(</\\2>)`, 'g');
    reduced = reduced.replace(pattern, (_match, open: string, _name: string, inner: string, close: string) => `${open}${token(inner)}${close}`);
  }
  reduced = reduced.replace(LONG_BASE64_RUN, (_match, run: string) => `>${token(run)}<`);
  return runs.length === 0 ? { text, aside: undefined } : { text: reduced, aside: { token: new RegExp(`^#b64-${nonce}-(\\d+)#$`), runs } };
}

function restoreText(text: string, aside: SetAside | undefined): string {
  const index = aside?.token.exec(text)?.[1];
  const run = index === undefined ? undefined : aside?.runs[Number(index)];
  if (run === undefined) return text;
  return run.includes('\r') && !run.includes('<') ? run.replace(/\r\n?/g, '\n') : run;
}

function fromOrdered(node: OrderedNode, scope: Scope, aside?: SetAside): XmlElement | string | undefined {
  const attrs = (node[':@'] ?? {}) as Record<string, string>;
  for (const [key, value] of Object.entries(node)) {
    if (key === ':@') continue;
    if (key === '#text') return restoreText(String(value), aside);
    if (key.startsWith('?') || key === '#comment') return undefined;
    return build(key, value, attrs, scope, aside);
  }
  return undefined;
}

/** Parses a whole document and returns its root element. Refuses DTDs: no entity expansion tricks. */
export function readXml(xml: string, options: ReadXmlOptions = {}): XmlElement {
  const { text, aside } = setAside(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml, options.opaque ?? []);
  if (/<!DOCTYPE/i.test(text)) throw new XmlReadError('DOCTYPE declarations are not accepted');
  let nodes: unknown;
  try {
    nodes = parser.parse(text, true);
  } catch (error) {
    throw new XmlReadError(error instanceof Error ? error.message : String(error));
  }
  const roots = (Array.isArray(nodes) ? (nodes as OrderedNode[]) : [])
    .map((node) => fromOrdered(node, new Map(), aside))
    .filter((n): n is XmlElement => typeof n === 'object');
  if (roots.length !== 1 || !roots[0]) throw new XmlReadError(`expected one root element, found ${roots.length}`);
  return roots[0];
}

type Namespaces = string | readonly string[];

function matches(element: XmlElement, ns: Namespaces, name: string): boolean {
  return element.name === name && (typeof ns === 'string' ? element.ns === ns : ns.includes(element.ns));
}

export function child(element: XmlElement | undefined, ns: Namespaces, name: string): XmlElement | undefined {
  return element?.children.find((c) => matches(c, ns, name));
}

/** All children with that name: a single item comes back as a one-element array. */
export function children(element: XmlElement | undefined, ns: Namespaces, name: string): XmlElement[] {
  return element ? element.children.filter((c) => matches(c, ns, name)) : [];
}

export function childText(element: XmlElement | undefined, ns: Namespaces, name: string): string | undefined {
  const found = child(element, ns, name);
  return found ? found.text.trim() : undefined;
}

export function attr(element: XmlElement | undefined, name: string, ns = ''): string | undefined {
  return element?.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}
