/**
 * Typed extractor errors. Each carries where it happened (provider, operation, window or page, ETTN)
 * and never the credentials: messages are built from provider replies and our own context only.
 */
import { providerNames, type ProviderId } from '../domain/providers.js';

export interface ErrorContext {
  provider: ProviderId;
  operation?: string;
  /** Window being read, as ISO instants [from, to). */
  window?: { from: string; to: string };
  page?: string | number;
  ettn?: string;
}

function describe(context: ErrorContext): string {
  const parts: string[] = [];
  if (context.operation) parts.push(`operation ${context.operation}`);
  if (context.window) parts.push(`window ${context.window.from}..${context.window.to}`);
  if (context.page !== undefined) parts.push(`page ${context.page}`);
  if (context.ettn) parts.push(`ETTN ${context.ettn}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export abstract class ExtractorError extends Error {
  abstract readonly kind: 'auth' | 'transient' | 'protocol';
  constructor(
    /** The message without the context suffix. */
    readonly reason: string,
    readonly context: ErrorContext,
    options?: { cause?: unknown },
  ) {
    super(reason + describe(context), options);
  }
}

/** The provider refused the credentials (or the source IP). Never retried; the message is for the person who typed them. */
export class AuthError extends ExtractorError {
  override name = 'AuthError';
  readonly kind = 'auth';
  constructor(
    readonly providerMessage: string,
    context: ErrorContext,
    what = 'the username or password',
  ) {
    super(`${providerNames[context.provider]} rejected ${what}${providerMessage ? `: ${providerMessage}` : ''}`, context);
  }
}

/** A failure worth retrying later: timeouts, resets, 5xx, 429/503, provider throttling replies. */
export class TransientError extends ExtractorError {
  override name = 'TransientError';
  readonly kind = 'transient';
  constructor(
    message: string,
    context: ErrorContext,
    options: { cause?: unknown; retryAfterMs?: number; attempts?: number } = {},
  ) {
    super(message, context, { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts;
  }
  readonly retryAfterMs: number | undefined;
  /** Set when the retry policy gave up: how many attempts were made. */
  readonly attempts: number | undefined;
}

/** The provider answered something we cannot use; keeps the provider's own message when there is one. */
export class ProtocolError extends ExtractorError {
  override name = 'ProtocolError';
  readonly kind = 'protocol';
  constructor(
    message: string,
    context: ErrorContext,
    readonly providerMessage?: string,
    options?: { cause?: unknown },
  ) {
    super(providerMessage ? `${message}: ${providerMessage}` : message, context, options);
  }
}

/**
 * The reply was larger than the client's response limit (HttpOptions.maxResponseBytes). Retrying the
 * same request cannot help: the paging code asks for less (extractors/oversize.ts) or quarantines.
 */
export class ResponseTooLargeError extends ProtocolError {
  override name = 'ResponseTooLargeError';
  constructor(readonly limitBytes: number, context: ErrorContext, options?: { cause?: unknown }) {
    super(`response larger than ${limitBytes} bytes`, context, undefined, options);
  }
}
