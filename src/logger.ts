import pino, { type Logger } from 'pino'
import type { LogLevel } from './config.js'
import { redactArguments, serializeError } from './kit/log-redaction.js'

/** Paths that may carry secrets anywhere they are logged: redacted, never printed. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.current_password',
  '*.passwordHash',
  '*.password_hash',
  '*.token',
  '*.tokenHash',
  '*.token_hash',
  '*.authToken',
  '*.auth_token',
  '*.authTokenEncrypted',
  '*.auth_token_encrypted',
  '*.secretKey',
  '*.databaseUrl',
  '*.smtpUrl',
  'password',
  'passwordHash',
  'token',
  'authToken',
  'authTokenEncrypted',
  'secretKey',
  'databaseUrl',
  'smtpUrl',
]

/**
 * Tocsin's logger: secrets named in REDACT_PATHS are censored, errors are serialized without the
 * parameters of failed queries or row values (log-redaction.ts), and message text is cleaned the same way.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError, cause: serializeError },
    hooks: {
      logMethod(args, method) {
        return method.apply(this, redactArguments(args) as Parameters<typeof method>)
      },
    },
  }, destination)
}
