/**
 * What every extractor does with a reply over the response limit (ResponseTooLargeError): ask for the
 * same items again in smaller pages, and when a single document is still too large, hand it on as a
 * FailedDocument so the loader quarantines it and the sync goes past it. Retrying the same request
 * would fail the same way on every run.
 */
import type { ExtractedDocument, ExtractorLogger, FailedDocument, Json } from './contract.js';
import { ResponseTooLargeError } from './errors.js';

/** What a listing says about a document whose own reply is too large. */
export interface DocumentIdentity {
  ettn: string;
  receivedAt: string;
  providerRef: Json;
}

export function oversizedDocument(identity: DocumentIdentity, error: ResponseTooLargeError): FailedDocument {
  return { ...identity, reason: `reply for document ${identity.ettn || '(no ETTN)'} larger than ${error.limitBytes} bytes`, raw: '' };
}

/** The next smaller page size: the largest divisor of `pageSize` at most half of `size` that `offset` is a multiple of. */
export function smallerPageSize(pageSize: number, size: number, offset: number): number {
  for (let candidate = Math.floor(size / 2); candidate > 1; candidate--) {
    if (pageSize % candidate === 0 && offset % candidate === 0) return candidate;
  }
  return 1;
}

export interface IndexedPage {
  documents: ExtractedDocument[];
  /** Pages of the size asked for. */
  totalPages: number;
}

export interface ShrinkingRead {
  /** 0-based page index of the logical page, in pages of `pageSize`. */
  pageIndex: number;
  pageSize: number;
  /** Reads page `index` in pages of `size` (index counted in that size). */
  read(index: number, size: number): Promise<IndexedPage>;
  /** Names the document at item `offset` from a header-only listing, as an oversized FailedDocument (page of 1). */
  identify(offset: number, error: ResponseTooLargeError): Promise<IndexedPage>;
  logger: ExtractorLogger;
  /** For logs: provider, window. */
  where: object;
}

/**
 * One logical page (`pageIndex` of `pageSize`) of a provider that pages by index and lets the client
 * choose the size. Normally one call; when its reply is too large, the same items are read as
 * sub-pages whose size divides `pageSize` (so their indices line up with the logical page), halving
 * on every oversized reply down to single documents, which are identified and failed. The result is
 * exactly the items of the logical page, so the checkpoint (a logical page index) stays exact. The
 * next logical page starts again at `pageSize`: an oversized document is rare, and one small page
 * costs little while a run kept small would cost many round trips.
 */
export async function readPageShrinking(request: ShrinkingRead): Promise<IndexedPage> {
  const { pageIndex, pageSize, read, identify, logger, where } = request;
  try {
    return await read(pageIndex, pageSize);
  } catch (error) {
    if (!(error instanceof ResponseTooLargeError)) throw error;
  }
  const first = pageIndex * pageSize;
  const documents: ExtractedDocument[] = [];
  let size = smallerPageSize(pageSize, pageSize, 0);
  let totalPages = 0;
  for (let offset = 0; offset < pageSize;) {
    logger.info({ ...where, pageIndex, pageSize, offset, size }, 'reply over the response limit, reading the page in smaller pages');
    let page: IndexedPage;
    try {
      page = await read((first + offset) / size, size);
    } catch (error) {
      if (!(error instanceof ResponseTooLargeError)) throw error;
      if (size > 1) {
        size = smallerPageSize(pageSize, size, offset);
        continue;
      }
      page = await identify(first + offset, error);
    }
    documents.push(...page.documents);
    // ceil(ceil(n / size) / (pageSize / size)) = ceil(n / pageSize): the logical page count.
    totalPages = Math.ceil(page.totalPages / (pageSize / size));
    if (page.documents.length < size) break;
    offset += size;
  }
  return { documents, totalPages };
}
