import { Type, type Static, type TSchema } from 'typebox'

/**
 * A schema that also accepts null: THE way to write a nullable field, in requests and responses alike. A single-type
 * schema becomes one multi-type schema (`type: ['string', 'null']`; @fastify/swagger writes it as `nullable: true` in
 * the OpenAPI 3.0 document). Not anyOf where avoidable: with the app's `coerceTypes: 'array'` Ajv coerces the data
 * while trying each branch (a one-element array becomes its element, null becomes "" or 0), so a later branch would
 * see mangled data. Other schemas (objects, unions) become anyOf [null, schema], null first for the same reason.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const type = (schema as { type?: unknown }).type
  if (typeof type !== 'string') return Type.Unsafe<Static<T> | null>(Type.Union([Type.Null(), schema]))
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] })
}
