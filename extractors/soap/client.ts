/**
 * One SOAP call with the shared retry policy: build the envelope, POST it, read the reply, and turn
 * every failure into a typed error. Providers supply how to read their faults (auth, session, throttle)
 * and a `read` function that may itself throw typed errors for in-body failures (IsSucceded="false").
 */
import type { ProviderId } from '../../domain/providers.js';
import type { ExtractorLogger } from '../contract.js';
import { ExtractorError, ProtocolError, TransientError, type ErrorContext } from '../errors.js';
import type { HttpClient, HttpResponse } from '../http/client.js';
import { parseRetryAfter, withRetry, type RetryInfo, type RetryPolicy, type Timing } from '../http/retry.js';
import { XmlReadError, type XmlElement } from './reader.js';
import { NotSoapError, readSoap, type SoapFault } from './envelope.js';

/** The provider said the session is gone; the provider client logs in again once and repeats the call. */
export class SessionExpiredError extends ProtocolError {
  override name = 'SessionExpiredError';
}

export interface SoapClientOptions {
  provider: ProviderId;
  http: HttpClient;
  retry: RetryPolicy;
  timing: Timing;
  logger: ExtractorLogger;
  onRetry?: (info: RetryInfo) => void;
  /** Maps a SOAP Fault to the error to throw (AuthError, SessionExpiredError, TransientError, ProtocolError). */
  classifyFault(fault: SoapFault, context: ErrorContext, response: HttpResponse): ExtractorError;
}

export interface SoapRequest<T> {
  path: string;
  soapAction: string;
  /** Built per attempt, so a fresh timestamp or session id goes into each. */
  envelope: () => string;
  headers?: () => Record<string, string>;
  context: ErrorContext;
  signal: AbortSignal;
  /** Reads the Body's first child; throws typed errors for in-body failures. */
  read: (content: XmlElement | undefined, response: HttpResponse) => T;
  /** Elements whose content is kept as raw XML text (ReadXmlOptions.opaque). */
  opaque?: readonly string[];
  /** Sees the bytes of an HTTP 200 reply before they are parsed (a read-ahead may start from them). */
  onReply?: (body: Buffer) => void;
}

const transientStatuses = new Set([408, 425, 429, 500, 502, 503, 504]);

export class SoapClient {
  constructor(private readonly options: SoapClientOptions) {}

  call<T>(request: SoapRequest<T>): Promise<T> {
    const { options } = this;
    return withRetry(() => this.attempt(request), {
      policy: options.retry,
      timing: options.timing,
      signal: request.signal,
      onRetry: (info) => {
        options.logger.warn(
          { ...info.error.context, attempt: info.attempt, delayMs: info.delayMs, reason: info.error.reason },
          'transient provider failure, retrying',
        );
        options.onRetry?.(info);
      },
    });
  }

  private async attempt<T>(request: SoapRequest<T>): Promise<T> {
    const { context } = request;
    const response = await this.options.http.post({
      path: request.path,
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: request.soapAction,
        ...request.headers?.(),
      },
      body: request.envelope(),
      signal: request.signal,
      context,
    });
    if (response.status === 200) request.onReply?.(response.body);
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.options.timing.now());
    let reply: ReturnType<typeof readSoap>;
    try {
      reply = readSoap(response.body, request.opaque ? { opaque: request.opaque } : {});
    } catch (error) {
      if (!(error instanceof XmlReadError || error instanceof NotSoapError)) throw error;
      const what = `HTTP ${response.status} with an unreadable SOAP reply (${error.message})`;
      // Throttling, gateways and half-written replies are worth another try; a steady 4xx is not.
      if (response.status < 400 || transientStatuses.has(response.status)) {
        throw new TransientError(what, context, { cause: error, retryAfterMs });
      }
      throw new ProtocolError(what, context);
    }
    if (reply.kind === 'fault') {
      const classified = this.options.classifyFault(reply.fault, context, response);
      if (classified instanceof TransientError && classified.retryAfterMs === undefined && retryAfterMs !== undefined) {
        throw new TransientError(classified.reason, context, { retryAfterMs });
      }
      throw classified;
    }
    if (response.status === 429 || response.status === 503) {
      throw new TransientError(`HTTP ${response.status}`, context, { retryAfterMs });
    }
    if (response.status >= 300) throw new ProtocolError(`HTTP ${response.status} without a SOAP fault`, context);
    return request.read(reply.content, response);
  }
}
