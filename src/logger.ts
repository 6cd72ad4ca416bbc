import pino, { type Logger } from 'pino'
import type { LogLevel } from './config.js'

/** Paths that may carry secrets anywhere they are logged: redacted, never printed. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.password_hash',
  '*.token',
  '*.authToken',
  '*.auth_token',
  '*.secretKey',
  'password',
  'token',
  'authToken',
]

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination)
}
