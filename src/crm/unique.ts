import { PG, pgErrorCode } from '../db/pg-error.js'
import { invalidField, type AppError } from '../errors.js'

/** The constraint a unique violation broke (drizzle wraps the driver's error in `cause`). */
function constraintOf(err: unknown): string | undefined {
  let current: unknown = err
  for (let depth = 0; current && depth < 3; depth++) {
    const name = (current as { constraint?: unknown }).constraint
    if (typeof name === 'string') return name
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Turns a unique violation of one of `known` (constraint → [field, problem]) into a 400 naming the
 * field, as the original answered integrity errors; anything else is rethrown. The pre-checks make
 * these rare: they cover concurrent writers.
 */
export function rethrowUnique(err: unknown, known: Record<string, [string, string]>): never {
  if (pgErrorCode(err) === PG.uniqueViolation) {
    const hit = known[constraintOf(err) ?? '']
    if (hit) throw conflictOn(hit[0], hit[1])
  }
  throw err
}

export function conflictOn(field: string, problem: string): AppError {
  return invalidField(field, problem)
}
