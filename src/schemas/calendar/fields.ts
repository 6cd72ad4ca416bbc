import { Type, type TSchema } from 'typebox'

// Request bodies are coerced by Ajv (`"max_concurrent": "1"` → 1, as the seed sends). A nullable
// field is therefore one type with `nullable: true`: in an anyOf, Ajv would coerce null to 0 or ''.
type Json = 'string' | 'integer'
const nullable = <T>(type: Json, options: Record<string, unknown> = {}) => Type.Unsafe<T | null>({ type, nullable: true, ...options })

export const NullableString = (options: Record<string, unknown> = {}) => nullable<string>('string', options)
export const NullableInteger = (options: Record<string, unknown> = {}) => nullable<number>('integer', options)

/** A relation on input: a hyperlink (`http://host/rest-api/calendar/4/`) or an id. */
export const LinkIn = (description: string) => Type.Union([Type.String(), Type.Integer()], { description: `${description}: hyperlink or id` })
/** An id given as a number is coerced to a string, which parseLink reads. */
export const NullableLinkIn = (description: string) =>
  nullable<string | number>('string', { description: `${description}: hyperlink or id, or null` })

/** A date-time on input: ISO 8601 / `YYYY-MM-DD HH:MM:SS`; without an offset it is read in the event's zone. */
export const DateTimeIn = (description = 'date-time; without an offset, read in the event\'s time zone') =>
  Type.String({ description, maxLength: 40 })

export const HyperlinkOut = Type.String({ description: 'hyperlink' })
export const NullableOut = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
export const DateTimeOut = Type.String({ format: 'date-time' })

/** Lists also accept a relation filter as a hyperlink or an id. */
export const LinkFilter = (description: string) => Type.Optional(Type.String({ description: `${description}: hyperlink or id` }))
