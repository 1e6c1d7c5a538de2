/**
 * Reads XML into a tree whose elements and attributes carry their namespace URI, resolved from the
 * xmlns declarations in scope, so callers match by (namespace, local name) and never by prefix.
 * fast-xml-parser does the tokenizing (preserveOrder keeps declarations on their elements); this module
 * does the namespace resolution that removeNSPrefix alone gets wrong (same prefix bound to different
 * URIs, default namespaces, un-declaring with xmlns="").
 */
import { isAscii } from 'node:buffer';
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
 * Long runs of text (invoice content: base64, tens of kilobytes each, a hundred per page) are set
 * aside before parsing and put back into the tree: the parser would otherwise scan, validate and copy
 * every one of them, most of the cost of reading a page. They are found in the reply's bytes (a '>', at
 * least LONG_RUN_BYTES bytes holding no markup and no entity, a '<') and decoded on their own: an
 * ASCII run is a one-byte copy rather than part of a UTF-8 decode of the whole reply. A run holds no
 * '<', '>' or '&', so setting it aside changes nothing in the tree; line ends are normalized as XML
 * does. A reply with CDATA is read whole (a run inside one would not be a text node of its own).
 */
const LONG_RUN_BYTES = 512;
const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const BANG = 0x21;
const BRACKET = 0x5b;

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

/** The bytes as text with each long run replaced by `token(run)`; UTF-8 decoded piece by piece (split only at ASCII bytes). */
function textWithRunsAside(bytes: Buffer, token: (run: string) => string): string {
  const parts: string[] = [];
  let copied = 0;
  let nextAmp = bytes.indexOf(AMP);
  for (let lt = bytes.indexOf(LT); lt >= 0; lt = bytes.indexOf(LT, lt + 1)) {
    if (bytes[lt + 1] === BANG && bytes[lt + 2] === BRACKET) return bytes.toString('utf8'); // <![CDATA[
    const gt = bytes.lastIndexOf(GT, lt);
    if (gt < copied || lt - gt - 1 < LONG_RUN_BYTES) continue;
    if (nextAmp >= 0 && nextAmp <= gt) nextAmp = bytes.indexOf(AMP, gt + 1);
    if (nextAmp >= 0 && nextAmp < lt) continue;
    const run = bytes.subarray(gt + 1, lt);
    parts.push(bytes.toString('utf8', copied, gt + 1), token(isAscii(run) ? run.toString('latin1') : run.toString('utf8')));
    copied = lt;
  }
  parts.push(bytes.toString('utf8', copied));
  return parts.join('');
}

function setAside(bytes: Buffer, opaque: readonly string[]): { text: string; aside: SetAside | undefined } {
  const runs: string[] = [];
  const nonce = Math.random().toString(36).slice(2, 10);
  const token = (run: string) => `#b64-${nonce}-${runs.push(run) - 1}#`;
  let text = textWithRunsAside(bytes, token);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // An opaque element's content comes back as received, runs inside it included.
  const inRuns = new RegExp(`#b64-${nonce}-(\\d+)#`, 'g');
  const received = (inner: string) => inner.replace(inRuns, (found, index: string) => runs[Number(index)] ?? found);
  for (const name of opaque) {
    // <name …> (not self-closing) … </name>, any prefix; the content holds no closing tag of the same name.
    const pattern = new RegExp(`(<((?:[A-Za-z_][\\w.-]*:)?${name})(?:\\s[^>]*[^/>])?>)([\\s\\S]*?)(</\\2>)`, 'g');
    text = text.replace(pattern, (_match, open: string, _name: string, inner: string, close: string) => `${open}${token(received(inner))}${close}`);
  }
  return { text, aside: runs.length === 0 ? undefined : { token: new RegExp(`^#b64-${nonce}-(\\d+)#$`), runs } };
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

/**
 * Parses a whole document (UTF-8 bytes, or text) and returns its root element. Refuses DTDs: no entity
 * expansion tricks.
 */
export function readXml(xml: Buffer | string, options: ReadXmlOptions = {}): XmlElement {
  const { text, aside } = setAside(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, options.opaque ?? []);
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
