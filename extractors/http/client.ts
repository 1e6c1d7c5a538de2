/**
 * HTTP for one provider base URL on undici: a keep-alive Pool, connect/header/body timeouts, a response
 * size limit and the caller's AbortSignal on every request. Network failures become TransientError; an
 * oversized body is a ResponseTooLargeError; an abort rethrows the signal's reason. Status codes are left to
 * the caller (a SOAP fault legitimately arrives with HTTP 500).
 */
import { Pool, errors as undiciErrors } from 'undici';
import { ResponseTooLargeError, TransientError, type ErrorContext } from '../errors.js';

export interface HttpOptions {
  connections: number;
  keepAliveTimeoutMs: number;
  connectTimeoutMs: number;
  /** Time allowed from sending the request to receiving all response headers. */
  headersTimeoutMs: number;
  /** Longest pause allowed between two chunks of the response body. */
  bodyTimeoutMs: number;
  maxResponseBytes: number;
}

export const defaultHttpOptions: HttpOptions = {
  connections: 8,
  keepAliveTimeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 60_000,
  bodyTimeoutMs: 60_000,
  maxResponseBytes: 64 * 1024 * 1024,
};

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  context: ErrorContext;
}

const transientCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export class HttpClient {
  private readonly pool: Pool;
  readonly origin: string;
  private readonly basePath: string;

  constructor(baseUrl: string, readonly options: HttpOptions = defaultHttpOptions) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(this.origin, {
      connections: options.connections,
      keepAliveTimeout: options.keepAliveTimeoutMs,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
    });
  }

  /** POST to `path` relative to the base URL ('' = the base URL itself). */
  async post(request: HttpRequest): Promise<HttpResponse> {
    const { signal, context } = request;
    signal.throwIfAborted();
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: this.basePath + request.path || '/',
        headers: request.headers,
        body: request.body,
        signal,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof undiciErrors.ResponseExceededMaxSizeError) {
        throw new ResponseTooLargeError(this.options.maxResponseBytes, context, { cause: error });
      }
      const code = errorCode(error);
      if (code && transientCodes.has(code)) {
        throw new TransientError(`network failure ${code}`, context, { cause: error });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
