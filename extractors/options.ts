/** What every extractor factory accepts besides its base URL, with the defaults filled in. */
import type { ProviderId } from '../domain/providers.js';
import type { ExtractorLogger } from './contract.js';
import { silentLogger } from './contract.js';
import type { ExtractorError, ErrorContext } from './errors.js';
import { defaultHttpOptions, HttpClient, type HttpOptions, type HttpResponse } from './http/client.js';
import { defaultRetryPolicy, realTiming, type RetryInfo, type RetryPolicy, type Timing } from './http/retry.js';
import { SoapClient } from './soap/client.js';
import type { SoapFault } from './soap/envelope.js';
import type { WindowPlan } from './windows.js';

export interface ExtractorOptions {
  /** The provider's service URL (its endpoint, or the host root: the usual endpoint path is appended). */
  baseUrl: string;
  pageSize?: number;
  http?: Partial<HttpOptions>;
  retry?: Partial<RetryPolicy>;
  window?: Partial<WindowPlan>;
  timing?: Timing;
  logger?: ExtractorLogger;
  onRetry?: (info: RetryInfo) => void;
}

export interface ResolvedOptions {
  baseUrl: string;
  pageSize: number;
  window: WindowPlan;
  timing: Timing;
  logger: ExtractorLogger;
  soap: SoapClient;
  http: HttpClient;
}

/** `https://host` + `/Services/X` unless the URL already names an endpoint path. */
export function endpointUrl(baseUrl: string, defaultPath: string): string {
  const url = new URL(baseUrl);
  if (url.pathname === '' || url.pathname === '/') url.pathname = defaultPath;
  return url.toString().replace(/\?$/, '');
}

export function resolveOptions(
  provider: ProviderId,
  options: ExtractorOptions,
  defaults: { pageSize: number; window: WindowPlan; endpointPath: string },
  classifyFault: (fault: SoapFault, context: ErrorContext, response: HttpResponse) => ExtractorError,
): ResolvedOptions {
  const timing = options.timing ?? realTiming;
  const logger = options.logger ?? silentLogger;
  const baseUrl = endpointUrl(options.baseUrl, defaults.endpointPath);
  const http = new HttpClient(baseUrl, { ...defaultHttpOptions, ...options.http });
  const soap = new SoapClient({
    provider,
    http,
    retry: { ...defaultRetryPolicy, ...options.retry },
    timing,
    logger,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    classifyFault,
  });
  return { baseUrl, pageSize: options.pageSize ?? defaults.pageSize, window: { ...defaults.window, ...options.window }, timing, logger, soap, http };
}
