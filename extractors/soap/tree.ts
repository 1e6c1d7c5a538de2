/**
 * The element tree of a SOAP reply, parsed in one pass: tags matched by sticky regular expressions,
 * text found with indexOf, namespaces resolved as each start tag opens. It replaced fast-xml-parser's
 * validation pass, parse and tree conversion, which together were most of the CPU of reading a page
 * of invoice headers (QNB, İşNet, EDM).
 *
 * Strict where a malformed or half-written reply must fail: matching end tags, one root element,
 * quoted and unique attributes, no bare '&', no markup inside text, undeclared prefixes refused,
 * DTDs refused. Kept as the previous reader had it: text after the root element is ignored, an
 * unknown named entity stays as written, line ends become '\n'. Comments and processing
 * instructions are skipped; CDATA becomes text.
 */

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
  /** An opaque element (reader.ts) read from valid UTF-8: the very bytes its `text` is the UTF-8 of. */
  utf8?: Uint8Array;
}

export class XmlReadError extends Error {
  override name = 'XmlReadError';
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const NAME = String.raw`[^\s!?/<>="'&]+`;
const START_TAG = new RegExp(String.raw`<(${NAME})((?:\s+${NAME}\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(/?)>`, 'y');
const ATTRIBUTE = new RegExp(String.raw`(${NAME})\s*=\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const END_TAG = new RegExp(String.raw`</(${NAME})\s*>`, 'y');
const REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos)|[A-Za-z_][\w.-]*);|&/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

type Scope = ReadonlyMap<string, string>;

interface Open {
  element: XmlElement;
  qname: string;
  scope: Scope;
}

function allowedCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Entity and character references decoded, line ends normalized; a bare '&' or a forbidden character is an error. */
function decodeText(raw: string): string {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (found, hex: string | undefined, decimal: string | undefined, predefined: string | undefined) => {
    if (predefined) return PREDEFINED[predefined] ?? found;
    if (hex !== undefined || decimal !== undefined) {
      const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
      if (!allowedCodePoint(cp)) throw new XmlReadError(`character reference ${found} is not an XML character`);
      return String.fromCodePoint(cp);
    }
    if (found === '&') throw new XmlReadError("char '&' is not expected: a bare ampersand in text");
    return found;
  });
}

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

/** The element a start tag opens, its attributes decoded and namespaces resolved in the scope it declares. */
function openElement(qname: string, rawAttributes: string, parentScope: Scope): Open {
  const pairs: Array<[string, string]> = [];
  let scope: Map<string, string> | undefined;
  if (rawAttributes) {
    const seen = new Set<string>();
    for (const match of rawAttributes.matchAll(ATTRIBUTE)) {
      const key = match[1] ?? '';
      if (seen.has(key)) throw new XmlReadError(`Attribute '${key}' is repeated in <${qname}>`);
      seen.add(key);
      const value = decodeText(match[2] ?? match[3] ?? '');
      if (key === 'xmlns' || key.startsWith('xmlns:')) (scope ??= new Map(parentScope)).set(key === 'xmlns' ? '' : key.slice(6), value);
      else pairs.push([key, value]);
    }
  }
  const inScope: Scope = scope ?? parentScope;
  // Unprefixed attributes are in no namespace, whatever the default namespace is.
  const attributes = pairs.map(([key, value]): XmlAttribute => {
    const [prefix, name] = splitName(key);
    return { ns: prefix === '' ? '' : resolve(prefix, inScope, key), name, value };
  });
  const [prefix, name] = splitName(qname);
  return { element: { ns: resolve(prefix, inScope, qname), name, attributes, children: [], text: '' }, qname, scope: inScope };
}

/** Where the construct starting with `<!` or `<?` at `lt` ends; CDATA's content goes to `open`. */
function skipMarkup(text: string, lt: number, open: Open | undefined): number {
  const closeAt = (terminator: string, from: number, what: string) => {
    const at = text.indexOf(terminator, from);
    if (at < 0) throw new XmlReadError(`unterminated ${what}`);
    return at;
  };
  if (text.startsWith('<?', lt)) {
    if (lt > 0 && /^<\?xml[\s?]/.test(text.slice(lt, lt + 6))) throw new XmlReadError('XML declaration allowed only at the start of the document');
    return closeAt('?>', lt + 2, 'processing instruction') + 2;
  }
  if (text.startsWith('<!--', lt)) return closeAt('-->', lt + 4, 'comment') + 3;
  if (text.startsWith('<![CDATA[', lt)) {
    if (!open) throw new XmlReadError('CDATA outside the root element');
    const end = closeAt(']]>', lt + 9, 'CDATA section');
    const content = text.slice(lt + 9, end);
    open.element.text += content.includes('\r') ? content.replace(/\r\n?/g, '\n') : content;
    return end + 3;
  }
  if (text.startsWith('<!DOCTYPE', lt)) throw new XmlReadError('DOCTYPE declarations are not accepted');
  throw new XmlReadError(`unexpected markup at ${lt}`);
}

/** `element.text` made by `text` when first read, and kept: content that may never be read is not decoded before it is. */
function setLazyText(element: XmlElement, text: () => string): void {
  let value: string | undefined;
  Object.defineProperty(element, 'text', {
    configurable: true,
    enumerable: true,
    get: () => (value ??= text()),
    set: (next: string) => {
      value = next;
    },
  });
}

/**
 * Parses a document's text into its root element. `restore` maps a text node back to what was set
 * aside in its place before parsing (reader.ts), or to how to decode it when it is read (the
 * element's only text then waits undecoded); it receives the text exactly as found.
 */
export function parseTree(text: string, restore: (raw: string, element: XmlElement) => string | (() => string) | undefined): XmlElement {
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const rootScope: Scope = new Map();
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const open = stack[stack.length - 1];
    if (lt !== pos) {
      const raw = text.slice(pos, lt < 0 ? text.length : lt);
      if (open) {
        const restored = restore(raw, open.element);
        if (typeof restored !== 'function') open.element.text += restored ?? decodeText(raw);
        else if (open.element.text === '') setLazyText(open.element, restored);
        else open.element.text += restored();
      } else if (!root && raw.trim() !== '') throw new XmlReadError('text before the root element');
      if (lt < 0) break;
    }
    const next = text.charCodeAt(lt + 1);
    if (next === 0x2f /* / */) {
      END_TAG.lastIndex = lt;
      const end = END_TAG.exec(text);
      if (!end) throw new XmlReadError(`malformed end tag at ${lt}`);
      if (!open || open.qname !== end[1]) throw new XmlReadError(`end tag </${end[1]}> does not match <${open?.qname ?? '(none)'}>`);
      stack.pop();
      pos = END_TAG.lastIndex;
    } else if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      pos = skipMarkup(text, lt, open);
    } else {
      START_TAG.lastIndex = lt;
      const start = START_TAG.exec(text);
      if (!start) throw new XmlReadError(`malformed start tag at ${lt}: ${JSON.stringify(text.slice(lt, lt + 40))}`);
      const opened = openElement(start[1] ?? '', start[2] ?? '', open?.scope ?? rootScope);
      if (open) open.element.children.push(opened.element);
      else if (root) throw new XmlReadError('expected one root element, found 2');
      else root = opened.element;
      if (start[3] !== '/') stack.push(opened);
      pos = START_TAG.lastIndex;
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw new XmlReadError(`unclosed tag <${unclosed.qname}>`);
  if (!root) throw new XmlReadError('expected one root element, found 0');
  return root;
}
