/**
 * Reads XML into a tree whose elements and attributes carry their namespace URI, resolved from the
 * xmlns declarations in scope, so callers match by (namespace, local name) and never by prefix
 * (same prefix bound to different URIs, default namespaces, un-declaring with xmlns=""). The parsing
 * itself is tree.ts; this module sets long text runs and opaque content aside first, and looks up.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { utf8Text } from '../../domain/xml-encoding.js';
import { parseTree, type XmlElement } from './tree.js';

export { XmlReadError, type XmlAttribute, type XmlElement } from './tree.js';

export const XMLNS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

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

/** A run's text, or (opaque content) how to decode it when it is first read. */
type Run = string | (() => string);

interface SetAside {
  /** Every token is `${prefix}${index}#`. */
  prefix: string;
  runs: Run[];
  /** Opaque content read from valid UTF-8, by run index: the bytes its text is the UTF-8 of. */
  utf8: Map<number, Uint8Array>;
}

export interface ReadXmlOptions {
  /**
   * Local names of elements whose content is kept as raw XML text, unparsed (an inline UBL document
   * inside a SOAP reply: its exact bytes are what is wanted, and parsing it would cost most of the page).
   * Such an element gets no children; its `text` is its content exactly as received.
   */
  opaque?: readonly string[];
}

/** The text of bytes[start, end) of a reply (see runTexts). */
type RunText = (start: number, end: number) => string;

/**
 * Texts of runs of a reply's bytes. An ASCII run (base64) is a slice of one latin1 copy of the whole
 * reply, made once: V8 keeps such a slice as a reference into it, and a copy of a reply past ~1 MB is
 * held outside the JS heap, so the runs of a page are neither copied one by one nor, while they wait to
 * be decoded, copied again by each young-generation collection (most of the GC time of reading QNB and
 * İşNet pages). A run that is not ASCII is decoded as UTF-8 on its own (utf8Text).
 */
function runTexts(bytes: Buffer): RunText {
  let latin1: string | undefined;
  return (start, end) => {
    const run = bytes.subarray(start, end);
    if (!isAscii(run)) return utf8Text(run);
    latin1 ??= bytes.toString('latin1');
    return latin1.slice(start, end);
  };
}

/**
 * bytes[from, to) as text with each long run replaced by `token(run)`; UTF-8 decoded piece by piece
 * (split only at ASCII bytes).
 */
function textWithRunsAside(bytes: Buffer, from: number, to: number, runText: RunText, token: (run: string) => string): string {
  const parts: string[] = [];
  let copied = from;
  let nextAmp = bytes.indexOf(AMP, from);
  for (let lt = bytes.indexOf(LT, from); lt >= 0 && lt < to; lt = bytes.indexOf(LT, lt + 1)) {
    if (bytes[lt + 1] === BANG && bytes[lt + 2] === BRACKET) return bytes.toString('utf8', from, to); // <![CDATA[
    const gt = bytes.lastIndexOf(GT, lt);
    if (gt < copied || lt - gt - 1 < LONG_RUN_BYTES) continue;
    if (nextAmp >= 0 && nextAmp <= gt) nextAmp = bytes.indexOf(AMP, gt + 1);
    if (nextAmp >= 0 && nextAmp < lt) continue;
    parts.push(bytes.toString('utf8', copied, gt + 1), token(runText(gt + 1, lt)));
    copied = lt;
  }
  parts.push(bytes.toString('utf8', copied, to));
  return parts.join('');
}

const NAME_CHAR = /[\w.-]/;

/**
 * Where the content of each opaque element is, as byte ranges, found with native byte searches: `<name`
 * or `<prefix:name` ending a tag name, an open tag not self-closing, up to the first `</` of the same
 * qualified name. An opaque element inside another one's range is part of it. An element left unclosed
 * is left to the parser, which refuses it.
 */
function opaqueRanges(bytes: Buffer, names: readonly string[]): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const name of names) {
    const needle = Buffer.from(name, 'utf8');
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) {
      const after = bytes[at + needle.length];
      if (after !== GT && after !== 0x2f && after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0x0d) continue;
      let lt = at - 1;
      if (bytes[lt] === 0x3a /* : */) {
        do lt--; while (lt >= 0 && NAME_CHAR.test(String.fromCharCode(bytes[lt] ?? 0)));
        if (!/[A-Za-z_]/.test(String.fromCharCode(bytes[lt + 1] ?? 0))) continue;
      }
      if (bytes[lt] !== LT) continue;
      const gt = bytes.indexOf(GT, at + needle.length);
      if (gt < 0) break;
      if (bytes[gt - 1] === 0x2f) continue; // <name …/>: nothing inside
      const close = bytes.indexOf(`</${bytes.toString('latin1', lt + 1, at + needle.length)}>`, gt + 1, 'latin1');
      if (close < 0) break;
      ranges.push({ start: gt + 1, end: close });
      at = close;
    }
  }
  ranges.sort((x, y) => x.start - y.start);
  return ranges.filter((range, i) => i === 0 || range.start >= ranges[i - 1]!.end);
}

/**
 * The reply as text for the parser: each opaque element's content and each long run elsewhere replaced
 * by a token that restoreText gives back as received. Opaque content is cut from the bytes before the
 * runs are looked for, so the inline documents it holds (thousands of tags each) are never scanned.
 */
function setAside(bytes: Buffer, opaque: readonly string[]): { text: string; aside: SetAside | undefined } {
  const runs: Run[] = [];
  const utf8 = new Map<number, Uint8Array>();
  const nonce = Math.random().toString(36).slice(2, 10);
  const prefix = `#b64-${nonce}-`;
  const token = (run: Run) => `${prefix}${runs.push(run) - 1}#`;
  const runText = runTexts(bytes);
  const parts: string[] = [];
  let copied = 0;
  for (const { start, end } of opaque.length > 0 ? opaqueRanges(bytes, opaque) : []) {
    parts.push(textWithRunsAside(bytes, copied, start, runText, token));
    // Kept beside the text, so that a digest of an inline document can be taken from its bytes (digest.ts).
    if (isUtf8(bytes.subarray(start, end))) utf8.set(runs.length, bytes.subarray(start, end));
    // Decoded when the element's text is first read, not now: an inline document waits (read ahead,
    // tens of kilobytes) as bytes off the JS heap instead of as a string the young generation copies.
    // Text without markup whose line ends XML normalizes is decoded now (restoreText changes it).
    const content = bytes.subarray(start, end);
    const normalized = content.includes(0x0d) && !content.includes(LT);
    parts.push(token(normalized ? runText(start, end) : () => runText(start, end)));
    copied = end;
  }
  parts.push(textWithRunsAside(bytes, copied, bytes.length, runText, token));
  let text = parts.length === 1 ? parts[0]! : parts.join('');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, aside: runs.length === 0 ? undefined : { prefix, runs, utf8 } };
}

/**
 * What was set aside in place of `text` when it is a token (opaque content: how to decode it), else
 * undefined (the parser decodes it); opaque content given back as received also gives `element` its bytes.
 */
function restoreText(text: string, aside: SetAside | undefined, element: XmlElement): Run | undefined {
  if (aside === undefined || !text.startsWith(aside.prefix) || !text.endsWith('#')) return undefined;
  // A string test and a number, not a regular expression: one text node per document carries a token.
  const digits = text.slice(aside.prefix.length, -1);
  const index = Number(digits);
  const run = String(index) === digits ? aside.runs[index] : undefined;
  if (run === undefined) return undefined;
  if (typeof run === 'string' && run.includes('\r') && !run.includes('<')) return run.replace(/\r\n?/g, '\n');
  const utf8 = aside.utf8.get(index);
  if (utf8) element.utf8 = utf8;
  return run;
}

/**
 * Parses a whole document (UTF-8 bytes, or text) and returns its root element. Refuses DTDs: no entity
 * expansion tricks.
 */
export function readXml(xml: Buffer | string, options: ReadXmlOptions = {}): XmlElement {
  const { text, aside } = setAside(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, options.opaque ?? []);
  return parseTree(text, (raw, element) => restoreText(raw, aside, element));
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

/**
 * childText of every child name at once, in one pass: the trimmed text of the first child with each
 * local name in `ns` (an item read field by field would otherwise search its children once per field).
 */
export function childTexts(element: XmlElement | undefined, ns: Namespaces): Map<string, string> {
  const texts = new Map<string, string>();
  for (const c of element?.children ?? []) {
    if (!texts.has(c.name) && (typeof ns === 'string' ? c.ns === ns : ns.includes(c.ns))) texts.set(c.name, c.text.trim());
  }
  return texts;
}

export function attr(element: XmlElement | undefined, name: string, ns = ''): string | undefined {
  return element?.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}
