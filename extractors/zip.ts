/**
 * Where a plain zip's entries are: its central directory read straight from the bytes (APPNOTE 4.3),
 * so one entry's compressed data can go to the native inflater without a JavaScript unzip. Only the
 * common shape is read: one disk, no ZIP64, no encryption, stored or deflated entries whose local
 * header agrees with the directory. For anything else the answer is undefined and the caller falls
 * back to the general (slower) unzip, so an unusual archive is read as before, never misread.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** The entry's compressed data (a view into the archive). */
  data: Uint8Array;
  uncompressedSize: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_BYTES = 22;
/** The end record sits within the last 22 bytes plus a comment of at most 65,535. */
const END_SEARCH_BYTES = END_RECORD_BYTES + 0xffff;
const ENCRYPTED = 0x0001;
const ZIP64_MARK = 0xffffffff;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp437ish = new TextDecoder('latin1');

function endOfDirectory(view: DataView): number | undefined {
  const lowest = Math.max(0, view.byteLength - END_SEARCH_BYTES);
  for (let at = view.byteLength - END_RECORD_BYTES; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return undefined;
}

function entryName(bytes: Uint8Array, flags: number): string | undefined {
  try {
    // Bit 11: the name is UTF-8; otherwise legacy code page, read byte for byte (names only choose the entry).
    return (flags & 0x0800 ? utf8 : cp437ish).decode(bytes);
  } catch {
    return undefined;
  }
}

/** One directory entry at `at`: the entry and where the next one starts, or undefined when unusual. */
function directoryEntry(bytes: Uint8Array, view: DataView, at: number): { entry: ZipEntry; next: number } | undefined {
  if (at + 46 > view.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) return undefined;
  const flags = view.getUint16(at + 8, true);
  const method = view.getUint16(at + 10, true);
  const compressedSize = view.getUint32(at + 20, true);
  const uncompressedSize = view.getUint32(at + 24, true);
  const nameLength = view.getUint16(at + 28, true);
  const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  const localAt = view.getUint32(at + 42, true);
  if (flags & ENCRYPTED || (method !== 0 && method !== 8) || [compressedSize, uncompressedSize, localAt].includes(ZIP64_MARK)) return undefined;
  const name = entryName(bytes.subarray(at + 46, at + 46 + nameLength), flags);
  if (name === undefined || localAt + 30 > view.byteLength || view.getUint32(localAt, true) !== LOCAL_HEADER) return undefined;
  if (view.getUint16(localAt + 8, true) !== method) return undefined;
  const dataAt = localAt + 30 + view.getUint16(localAt + 26, true) + view.getUint16(localAt + 28, true);
  if (dataAt + compressedSize > view.byteLength || (method === 0 && compressedSize !== uncompressedSize)) return undefined;
  return { entry: { name, method, data: bytes.subarray(dataAt, dataAt + compressedSize), uncompressedSize }, next };
}

/** Every entry of a plain zip (folders included, as named), or undefined when the archive is not one this reader takes. */
export function plainZipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = endOfDirectory(view);
  if (end === undefined) return undefined;
  const disk = view.getUint16(end + 4, true);
  const count = view.getUint16(end + 10, true);
  if (disk !== 0 || count !== view.getUint16(end + 8, true) || count === 0xffff) return undefined;
  const entries: ZipEntry[] = [];
  let at = view.getUint32(end + 16, true);
  for (let n = 0; n < count; n++) {
    const read = directoryEntry(bytes, view, at);
    if (!read) return undefined;
    entries.push(read.entry);
    at = read.next;
  }
  return entries;
}
