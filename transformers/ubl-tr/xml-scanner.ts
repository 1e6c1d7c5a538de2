/**
 * One strict pass over an XML 1.0 document that checks well-formedness (tags, attributes, references,
 * comments, CDATA, one root, no DOCTYPE), resolves namespaces on every element and builds the tree of
 * the elements in the UBL cac/cbc namespaces only. Everything else (the XAdES signature in
 * UBLExtensions, foreign elements wherever they are declared) is checked but never built, and base64
 * attachments are never copied, so memory follows what the parser reads, not what the document holds.
 *
 * Tree shape: a child key is `cac:<local>` or `cbc:<local>` by namespace URI, whatever the prefix; a
 * text-only element without attributes is its string; repeated children become an array; attributes
 * are `@_<name>`, text is `#text`; references are decoded.
 */
import { ParseError, type ParseErrorCode } from './errors.js';

export const CAC_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
export const CBC_NAMESPACE = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [key: string]: XmlValue | undefined;
}

export const TEXT = '#text';
export const ATTR = '@_';

export interface ScanLimits {
  /** Deepest element nesting accepted (UBL-TR documents nest about 10 deep; the signature a few more). */
  maxDepth: number;
  /** Most elements built into the tree (skipped content not counted): bounds memory per document. */
  maxElements: number;
  /** Longest text kept for one element; longer text is cut there and reported. */
  maxTextChars: number;
}

export interface ScannedRoot {
  /** Raw (prefixed) name, local name and namespace URI of the root element. */
  rawName: string;
  localName: string;
  namespace: string | null;
  element: XmlElement;
  /** Whether the root was written `<Invoice …/>`. */
  selfClosed: boolean;
  /** Texts cut at maxTextChars: the element's raw name and the line where the cut text starts. */
  truncatedTexts: Array<{ name: string; line: number }>;
}

/** Attachments: base64 text nothing reads; never copied out of the document. */
const UNREAD_TEXT = 'EmbeddedDocumentBinaryObject';
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// String.prototype.isWellFormed (Node 20) is newer than the TypeScript lib this project targets.
/** Characters XML 1.0 forbids anywhere (C0 controls except TAB/LF/CR, U+FFFE, U+FFFF). */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/**
 * The namespace bindings in scope: an element's own declarations over its parent's scope. A chain, not
 * a copied map, so thousands of declarations cost their own size once, whatever repeats below them.
 */
interface Scope {
  bindings: Map<string, string>;
  parent: Scope | null;
}

const ROOT_SCOPE: Scope = { bindings: new Map([['xml', XML_NAMESPACE]]), parent: null };

function resolve(scope: Scope, prefix: string): string | undefined {
  for (let s: Scope | null = scope; s; s = s.parent) {
    const uri = s.bindings.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
}

/** Attributes of one start tag above which repeated names are found through a set, not a scan. */
const FEW_ATTRIBUTES = 8;

interface Frame {
  rawName: string;
  /** Index of its `<`, for messages. */
  start: number;
  /** null while skipped (not in a UBL namespace, or inside such an element). */
  key: string | null;
  element: XmlElement | null;
  text: string;
  /** Whether its text passed maxTextChars (and was cut there). */
  cut: boolean;
  namespaces: Scope;
}

/** Line and column (1-based) of an index, for messages; only computed when something is wrong. */
function positionOf(xml: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = xml.indexOf('\n'); i >= 0 && i < index; i = xml.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

class Scanner {
  private i = 0;
  private elements = 0;
  private readonly stack: Frame[] = [];
  /** Elements whose text was cut, with the offset of that text (lines are counted once, at the end). */
  private readonly truncated: Array<{ name: string; offset: number }> = [];

  constructor(private readonly xml: string, private readonly limits: ScanLimits) {}

  fail(code: ParseErrorCode, message: string, at = this.i): never {
    const { line, column } = positionOf(this.xml, at);
    throw new ParseError(code, `${message} (line ${line}, column ${column})`, { line, column });
  }

  scan(): ScannedRoot {
    const xml = this.xml;
    if (FORBIDDEN_CHARACTER.test(xml)) {
      const at = xml.search(FORBIDDEN_CHARACTER);
      this.fail('not_xml', `character U+${xml.charCodeAt(at).toString(16).padStart(4, '0')} is not allowed in XML 1.0 (binary data?)`, at);
    }
    if (!(xml as string & { isWellFormed(): boolean }).isWellFormed()) this.fail('not_xml', 'the text holds an unpaired UTF-16 surrogate (undecodable bytes?)', 0);
    if (xml.startsWith('<?xml') && isSpace(xml.charCodeAt(5))) this.i = this.endOf('?>', 5, 'XML declaration');
    this.misc();
    if (this.i >= xml.length) this.fail('not_xml', 'no root element found');
    if (xml.charCodeAt(this.i) !== 60) this.fail('not_xml', `input does not start with an XML element (found "${printable(xml.slice(this.i, this.i + 16))}")`);
    const root = this.startTag(null);
    const selfClosed = root.closed;
    if (!selfClosed) this.content();
    this.misc();
    if (this.i < xml.length) {
      if (xml.charCodeAt(this.i) === 60) this.fail('malformed_xml', `a second root element after </${root.frame.rawName}>: a document has one root`);
      this.fail('malformed_xml', `text after the root element </${root.frame.rawName}>`);
    }
    const colon = root.frame.rawName.indexOf(':');
    return {
      rawName: root.frame.rawName,
      localName: colon < 0 ? root.frame.rawName : root.frame.rawName.slice(colon + 1),
      namespace: resolve(root.frame.namespaces, colon < 0 ? '' : root.frame.rawName.slice(0, colon)) ?? null,
      element: root.frame.element ?? {},
      selfClosed,
      truncatedTexts: this.truncatedLines(),
    };
  }

  /** Lines of the cut texts, in one pass over the document (their offsets grow in document order). */
  private truncatedLines(): ScannedRoot['truncatedTexts'] {
    let line = 1;
    let from = 0;
    return this.truncated.map(({ name, offset }) => {
      for (let nl = this.xml.indexOf('\n', from); nl >= 0 && nl < offset; nl = this.xml.indexOf('\n', nl + 1)) {
        line++;
        from = nl + 1;
      }
      return { name, line };
    });
  }

  /** Index just past `token` searched from `from`; a missing one means the input was cut off. */
  private endOf(token: string, from: number, what: string): number {
    const at = this.xml.indexOf(token, from);
    if (at < 0) this.fail('truncated', `${what} is not closed (truncated?)`, from);
    return at + token.length;
  }

  /** Whitespace, comments and processing instructions outside the root. */
  private misc(): void {
    const xml = this.xml;
    for (;;) {
      while (isSpace(xml.charCodeAt(this.i))) this.i++;
      if (xml.startsWith('<!--', this.i)) this.comment();
      else if (xml.startsWith('<?', this.i)) this.processingInstruction();
      else if (xml.startsWith('<!', this.i)) this.markupDeclaration();
      else return;
    }
  }

  private comment(): void {
    const start = this.i;
    const end = this.endOf('-->', start + 4, 'comment');
    const dashes = this.xml.indexOf('--', start + 4);
    if (dashes < end - 3 || (end - 4 >= start + 4 && this.xml.charCodeAt(end - 4) === 45)) this.fail('malformed_xml', '"--" inside a comment', dashes);
    this.i = end;
  }

  private processingInstruction(): void {
    const start = this.i;
    const target = this.xml.slice(start + 2, start + 6);
    if (/^xml[\s?]/i.test(target)) this.fail('malformed_xml', 'an XML declaration is only allowed at the very start of the document', start);
    this.i = this.endOf('?>', start + 2, 'processing instruction');
  }

  private markupDeclaration(): never {
    const rest = this.xml.slice(this.i);
    if (['<!--', '<![CDATA[', '<!DOCTYPE'].some((opening) => opening.startsWith(rest))) this.fail('truncated', 'document ends inside markup (truncated?)');
    // DOCTYPE (and with it ENTITY declarations): UBL never has one; refusing it rules out entity expansion.
    if (this.xml.startsWith('<!DOCTYPE', this.i)) {
      this.fail('doctype_forbidden', 'DOCTYPE declarations are not accepted (entity expansion risk); UBL-TR documents have none');
    }
    this.fail('malformed_xml', `unexpected markup "${printable(this.xml.slice(this.i, this.i + 12))}"`);
  }

  /** Content of the open elements until the stack is empty again. */
  private content(): void {
    const xml = this.xml;
    const stack = this.stack;
    while (stack.length > 0) {
      const lt = xml.indexOf('<', this.i);
      if (lt < 0) {
        const open = stack[stack.length - 1]!;
        this.fail('truncated', `document ends inside <${open.rawName}> opened at line ${positionOf(xml, open.start).line} (truncated?)`, xml.length);
      }
      if (lt > this.i) this.text(this.i, lt);
      this.i = lt;
      const next = xml.charCodeAt(lt + 1);
      if (next === 47) this.endTag();
      else if (next === 33) {
        if (xml.startsWith('<!--', lt)) this.comment();
        else if (xml.startsWith('<![CDATA[', lt)) {
          const end = this.endOf(']]>', lt + 9, 'CDATA section');
          this.appendText(xml.slice(lt + 9, end - 3), lt);
          this.i = end;
        } else this.markupDeclaration();
      } else if (next === 63) this.processingInstruction();
      else this.startTag(stack[stack.length - 1]!);
    }
  }

  private text(from: number, to: number): void {
    const xml = this.xml;
    let i = from;
    while (i < to && isSpace(xml.charCodeAt(i))) i++;
    if (i === to) return;
    const raw = xml.slice(from, to);
    if (raw.includes(']]>')) this.fail('malformed_xml', '"]]>" in text must be escaped', from + raw.indexOf(']]>'));
    this.appendText(raw.includes('&') ? this.decode(raw, from) : raw, from);
  }

  private appendText(text: string, at: number): void {
    const frame = this.stack[this.stack.length - 1]!;
    // Past the limit the text is cut already: later pieces (between comments, say) are dropped unread.
    if (frame.key === null || frame.key.endsWith(UNREAD_TEXT) || frame.cut) return;
    const combined = frame.text + text;
    if (combined.length > this.limits.maxTextChars) {
      frame.cut = true;
      this.truncated.push({ name: frame.rawName, offset: at });
      frame.text = combined.slice(0, this.limits.maxTextChars);
      return;
    }
    frame.text = combined;
  }

  /** Decodes the predefined entities and character references; any other `&` is an error. */
  private decode(raw: string, offset: number): string {
    let out = '';
    let copied = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', copied)) {
      const semi = raw.indexOf(';', amp);
      const ref = semi < 0 ? '' : raw.slice(amp + 1, semi);
      let char: string | undefined;
      if (ref.startsWith('#x') && /^#x[0-9a-fA-F]{1,6}$/.test(ref)) char = charFromCode(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#') && /^#\d{1,7}$/.test(ref)) char = charFromCode(parseInt(ref.slice(1), 10));
      else char = PREDEFINED[ref];
      if (char === undefined) {
        const shown = semi < 0 || semi - amp > 12 ? raw.slice(amp, amp + 12) : raw.slice(amp, semi + 1);
        this.fail('malformed_xml', `"${printable(shown)}" is not a predefined entity or character reference (a raw "&" must be written &amp;)`, offset + amp);
      }
      out += raw.slice(copied, amp) + char;
      copied = semi + 1;
    }
    return out + raw.slice(copied);
  }

  private name(): string {
    const xml = this.xml;
    const start = this.i;
    if (!isNameStart(xml.charCodeAt(start))) {
      if (start >= xml.length) this.fail('truncated', 'document ends inside a tag (truncated?)');
      this.fail('malformed_xml', `"${printable(xml.slice(start, start + 12))}" does not start a name`);
    }
    let i = start + 1;
    while (isNameChar(xml.charCodeAt(i))) i++;
    this.i = i;
    return xml.slice(start, i);
  }

  private startTag(parent: Frame | null): { frame: Frame; closed: boolean } {
    const xml = this.xml;
    const start = this.i;
    this.i++;
    const rawName = this.name();
    if (this.stack.length >= this.limits.maxDepth) this.fail('too_deep', `elements nest deeper than ${this.limits.maxDepth} levels at <${rawName}>`, start);
    let attributes: Array<[string, string]> | null = null;
    const inherited = parent?.namespaces ?? ROOT_SCOPE;
    let namespaces = inherited;
    let attributeNames: Set<string> | null = null;
    let closed = false;
    for (;;) {
      const before = this.i;
      while (isSpace(xml.charCodeAt(this.i))) this.i++;
      const c = xml.charCodeAt(this.i);
      if (c === 62) {
        this.i++;
        break;
      }
      if (c === 47) {
        if (xml.charCodeAt(this.i + 1) !== 62) this.fail('malformed_xml', `"/" not followed by ">" in <${rawName}>`);
        this.i += 2;
        closed = true;
        break;
      }
      if (this.i >= xml.length) this.fail('truncated', `document ends inside the start tag <${rawName}> (truncated?)`, start);
      if (this.i === before) this.fail('malformed_xml', `attributes of <${rawName}> must be separated by whitespace`);
      const attrName = this.name();
      const value = this.attributeValue(rawName, attrName);
      attributes ??= [];
      const twice = attributeNames ? attributeNames.has(attrName) : attributes.some(([seen]) => seen === attrName);
      if (twice) this.fail('malformed_xml', `attribute ${attrName} appears twice on <${rawName}>`, before);
      attributes.push([attrName, value]);
      if (attributeNames) attributeNames.add(attrName);
      else if (attributes.length > FEW_ATTRIBUTES) attributeNames = new Set(attributes.map(([seen]) => seen));
      if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) {
        if (namespaces === inherited) namespaces = { bindings: new Map(), parent: inherited };
        namespaces.bindings.set(attrName.slice(6), value);
      }
    }
    const colon = rawName.indexOf(':');
    const prefix = colon < 0 ? '' : rawName.slice(0, colon);
    const local = colon < 0 ? rawName : rawName.slice(colon + 1);
    if (colon === 0 || local.length === 0 || local.includes(':')) this.fail('malformed_xml', `<${rawName}> is not a valid qualified name`, start);
    const uri = resolve(namespaces, prefix);
    if (prefix && uri === undefined) this.fail('malformed_xml', `prefix "${prefix}" of <${rawName}> is not declared`, start);
    const key = parent === null ? rawName : parent.key === null ? null : keyOf(uri, local);
    const built = key !== null;
    let element: XmlElement | null = null;
    if (built) {
      if (++this.elements > this.limits.maxElements) this.fail('too_large', `more than ${this.limits.maxElements} elements: larger than any invoice this service reads`, start);
      if (attributes) {
        element = {};
        for (const [attrName, value] of attributes) if (!attrName.includes(':') && attrName !== 'xmlns') element[ATTR + attrName] = value;
      }
    }
    const frame: Frame = { rawName, start, key, element, text: '', cut: false, namespaces };
    if (closed) {
      if (parent) this.attach(parent, frame);
      else frame.element ??= {};
    } else this.stack.push(frame);
    return { frame, closed };
  }

  private attributeValue(tag: string, attrName: string): string {
    const xml = this.xml;
    const atEnd = (): void => {
      if (this.i >= xml.length) this.fail('truncated', `document ends inside the start tag <${tag}> (truncated?)`);
    };
    while (isSpace(xml.charCodeAt(this.i))) this.i++;
    atEnd();
    if (xml.charCodeAt(this.i) !== 61) this.fail('malformed_xml', `attribute ${attrName} of <${tag}> has no value (expected =)`);
    this.i++;
    while (isSpace(xml.charCodeAt(this.i))) this.i++;
    atEnd();
    const quote = xml.charCodeAt(this.i);
    if (quote !== 34 && quote !== 39) this.fail('malformed_xml', `the value of attribute ${attrName} of <${tag}> is not quoted`);
    const from = this.i + 1;
    const end = xml.indexOf(quote === 34 ? '"' : "'", from);
    if (end < 0) this.fail('truncated', `the value of attribute ${attrName} of <${tag}> is not closed (truncated?)`);
    let value = xml.slice(from, end);
    const lt = value.indexOf('<');
    if (lt >= 0) this.fail('malformed_xml', `"<" in the value of attribute ${attrName} of <${tag}>`, from + lt);
    if (value.includes('&')) value = this.decode(value, from);
    this.i = end + 1;
    return /[\t\n\r]/.test(value) ? value.replace(/[\t\n\r]/g, ' ') : value;
  }

  private endTag(): void {
    const xml = this.xml;
    const frame = this.stack[this.stack.length - 1]!;
    const start = this.i;
    this.i += 2;
    const name = this.name();
    while (isSpace(xml.charCodeAt(this.i))) this.i++;
    if (xml.charCodeAt(this.i) !== 62) {
      if (this.i >= xml.length) this.fail('truncated', `document ends inside </${name}> (truncated?)`, start);
      this.fail('malformed_xml', `end tag </${name}> is not closed by ">"`);
    }
    if (name !== frame.rawName) {
      this.fail('malformed_xml', `end tag </${name}> does not match <${frame.rawName}> opened at line ${positionOf(xml, frame.start).line}`, start);
    }
    this.i++;
    this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    if (parent) this.attach(parent, frame);
    else if (frame.element === null) frame.element = frame.text ? { [TEXT]: frame.text.trim() } : {};
  }

  /** Adds a closed element to its parent's tree (nothing when it is skipped). */
  private attach(parent: Frame, frame: Frame): void {
    if (frame.key === null || parent.key === null) return;
    const text = frame.text.trim();
    let value: XmlValue;
    if (frame.element === null) value = text;
    else {
      value = frame.element;
      if (text) frame.element[TEXT] = text;
    }
    const into = (parent.element ??= {});
    const existing = into[frame.key];
    if (existing === undefined) into[frame.key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else into[frame.key] = [existing, value];
  }
}

/** The tree key of an element below the root: by namespace URI for cac/cbc; null = skipped. */
function keyOf(uri: string | undefined, local: string): string | null {
  if (uri === CBC_NAMESPACE) return `cbc:${local}`;
  if (uri === CAC_NAMESPACE) return `cac:${local}`;
  return null;
}

function charFromCode(code: number): string | undefined {
  const legal = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return legal ? String.fromCodePoint(code) : undefined;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}

/** Scans a whole document (BOM already removed) into its root element, or throws ParseError with the position. */
export function scanXml(xml: string, limits: ScanLimits): ScannedRoot {
  return new Scanner(xml, limits).scan();
}
