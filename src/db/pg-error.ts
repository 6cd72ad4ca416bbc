/** The PostgreSQL SQLSTATE of an error, also when drizzle wraps the driver's error in `cause`. */
export function pgErrorCode(err: unknown): string | undefined {
  let current: unknown = err
  for (let depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  notNullViolation: '23502',
  checkViolation: '23514',
  serializationFailure: '40001',
} as const
