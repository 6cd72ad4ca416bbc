import { PG, pgErrorCode } from '../db/pg-error.js'
import { AppError, type FieldErrors } from '../errors.js'

/**
 * The last line of "bad input is a 4xx, never a 500": errors PostgreSQL raises about a value
 * (out of range, NUL byte, impossible date, constraint) become 400/409 naming the column when
 * PostgreSQL names one. Request schemas and services are meant to refuse such input first; this
 * catches what they miss. A database that does not answer becomes 503, so clients retry instead
 * of waiting: PostgreSQL stopped, stalled past the statement timeout, or out of connections.
 */
const DATA_PROBLEMS: Record<string, string> = {
  '22001': 'is too long',
  '22003': 'is out of range',
  '22007': 'is not a valid date or time',
  '22008': 'is not a valid date or time (out of range)',
  '22021': 'contains a character that cannot be stored (NUL byte or invalid UTF-8)',
  '22P05': 'contains a character that cannot be stored (NUL byte)',
  '22P02': 'has the wrong format',
  '22023': 'is not a valid value',
  '22004': 'must not be null',
  '2200D': 'has the wrong format',
  '22018': 'has the wrong format',
  '22019': 'is not a valid value',
  '22025': 'is not a valid value',
  '2201E': 'is out of range',
  '2201F': 'is out of range',
  '2201G': 'is out of range',
}

/** Transient: the statement was cancelled (statement_timeout), or the server is going away or busy. */
const UNAVAILABLE_CODES = new Set(['57014', '57P01', '57P02', '57P03', '53300', '53400', PG.serializationFailure, '40P01'])
// Socket errors while connecting (ENOENT: the Unix socket is gone because PostgreSQL stopped).
const UNAVAILABLE_CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])
const UNAVAILABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connection timeout|Client has encountered a connection error|not queryable/i

interface PgFields {
  code?: unknown
  column?: unknown
  constraint?: unknown
  message?: unknown
  syscall?: unknown
  cause?: unknown
}

function chain(err: unknown): PgFields[] {
  const out: PgFields[] = []
  for (let current = err, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    out.push(current as PgFields)
    current = (current as PgFields).cause
  }
  return out
}

function databaseUnavailable(err: unknown): boolean {
  const code = pgErrorCode(err)
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true
  return chain(err).some((e) =>
    (typeof e.code === 'string' && UNAVAILABLE_CONNECT_CODES.has(e.code) && e.syscall === 'connect')
    || (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)))
}

const column = (err: unknown) => chain(err).map((e) => e.column).find((c): c is string => typeof c === 'string' && c !== '')

function fieldError(status: number, code: string, err: unknown, problem: string): AppError {
  const name = column(err)
  const fields: FieldErrors | undefined = name ? { [name]: problem } : undefined
  return new AppError(status, code, name ? `${name}: ${problem}` : `A value in the request ${problem}`, fields)
}

/** An AppError for a database error caused by the request or by the database being unavailable; null for anything else. */
export function fromDatabaseError(err: unknown): AppError | null {
  if (databaseUnavailable(err)) {
    return new AppError(503, 'database_unavailable', 'The database did not answer in time; try again shortly', undefined, { 'retry-after': '5' })
  }
  const code = pgErrorCode(err)
  if (code === undefined) return null
  const problem = DATA_PROBLEMS[code]
  if (problem) return fieldError(400, 'invalid', err, problem)
  if (code === PG.uniqueViolation) return new AppError(409, 'conflict', 'An object with these values already exists')
  if (code === PG.notNullViolation) return fieldError(400, 'invalid', err, 'This field is required.')
  if (code === PG.checkViolation) return fieldError(400, 'invalid', err, 'is not an allowed value')
  if (code === PG.foreignKeyViolation) {
    // Writing a reference to a missing row is bad input; deleting a row others still point at is a conflict.
    const deleting = chain(err).some((e) => typeof e.message === 'string' && /^update or delete on table/.test(e.message))
    return deleting
      ? new AppError(409, 'conflict', 'Other objects still refer to this one')
      : fieldError(400, 'invalid', err, 'refers to an object that does not exist')
  }
  return null
}
