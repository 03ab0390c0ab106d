import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Personal data never belongs in a log line; the redaction is a safety net
 * for fields that could carry it if a caller slips.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['*.name', '*.email', '*.text', '*.userPrincipalName', 'name', 'email', 'text'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
