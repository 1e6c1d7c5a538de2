/**
 * Structured JSON logging (pino). Every logger redacts secrets by key name wherever they appear, so a
 * credentials object passed by mistake prints as "[redacted]".
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, at the top level and one or two levels down. */
const secretKeys = [
  'password', 'passwd', 'secret', 'secretKey', 'token', 'apiKey', 'authorization', 'cookie',
  'credentials', 'encryptionKeys', 'ENCRYPTION_KEYS', 'TRIGGER_SECRET_KEY', 'databaseUrl', 'DATABASE_URL',
  'sessionId', 'SESSION_ID', 'plaintext',
];
export const redactPaths = secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export function createLogger(options: { level?: string; name?: string } = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      ...(options.name ? { name: options.name } : {}),
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
