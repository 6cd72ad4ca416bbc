/**
 * Typed errors with stable codes. Services throw these; the error handler (plugins/errors.ts)
 * turns them into `{"error": {"code", "message", "fields"}}`.
 */
export type FieldErrors = Record<string, string>

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers?: Record<string, string>,
    /** the body a Django REST framework surface answers instead (kit/drf-errors.ts), when not derived */
    readonly drfBody?: unknown,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, fields?: FieldErrors) => new AppError(400, 'invalid', message, fields)
/** One bad field: the message names it. */
export const invalidField = (field: string, problem: string) =>
  new AppError(400, 'invalid', `${field}: ${problem}`, { [field]: problem })
/** A problem with the request as a whole (DRF: `{"non_field_errors": [message]}`). */
export const nonFieldError = (message: string) => new AppError(400, 'invalid', message, { non_field_errors: message })
/** A list filter's bad value; DRF answers these with a bare list of messages, as the originals' filters do. */
export const filterError = (field: string, message: string) =>
  new AppError(400, 'invalid', message, { [field]: message }, undefined, [message])
export const unauthorized = (message = 'Authentication credentials were not provided.') =>
  new AppError(401, 'unauthorized', message, undefined, { 'www-authenticate': 'Basic realm="tocsin"' })
export const forbidden = (message = 'You do not have permission to perform this action.', fields?: FieldErrors) =>
  new AppError(403, 'forbidden', message, fields)
export const notFound = (what = 'Object') => new AppError(404, 'not_found', `${what} not found`)
export const methodNotAllowed = (message: string) => new AppError(405, 'method_not_allowed', message)
export const conflict = (message: string, fields?: FieldErrors) => new AppError(409, 'conflict', message, fields)
export const tooManyRequests = (retryAfter: number) =>
  new AppError(429, 'rate_limited', 'Too many failed attempts; try again later', undefined, {
    'retry-after': String(retryAfter),
  })
