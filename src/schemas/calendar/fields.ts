import { Type } from 'typebox'
import { Nullable } from '../../kit/nullable.js'

// Request bodies are coerced by Ajv (`"max_concurrent": "1"` → 1, as the seed sends): nullable fields are written with
// Nullable (kit/nullable.ts), which keeps them one schema rather than an anyOf.
export const NullableString = (options: Record<string, unknown> = {}) => Nullable(Type.String(options))
export const NullableInteger = (options: Record<string, unknown> = {}) => Nullable(Type.Integer(options))

/** A relation on input: a hyperlink (`http://host/rest-api/calendar/4/`) or an id. */
export const LinkIn = (description: string) => Type.Union([Type.String(), Type.Integer()], { description: `${description}: hyperlink or id` })
/** An id given as a number is coerced to a string, which parseLink reads. */
export const NullableLinkIn = (description: string) =>
  Nullable(Type.Unsafe<string | number>({ type: 'string', description: `${description}: hyperlink or id, or null` }))

/** A date-time on input: ISO 8601 / `YYYY-MM-DD HH:MM:SS`; without an offset it is read in the event's zone. */
export const DateTimeIn = (description = 'date-time; without an offset, read in the event\'s time zone') =>
  Type.String({ description, maxLength: 40 })

export const HyperlinkOut = Type.String({ description: 'hyperlink' })
export const DateTimeOut = Type.String({ format: 'date-time' })

/** Lists also accept a relation filter as a hyperlink or an id. */
export const LinkFilter = (description: string) => Type.Optional(Type.String({ description: `${description}: hyperlink or id` }))
