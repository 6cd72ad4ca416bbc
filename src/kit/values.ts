import { invalidField } from '../errors.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value)
}

export function checkUuid(field: string, value: string): string {
  const trimmed = value.trim()
  if (!isUuid(trimmed)) throw invalidField(field, "Must be a valid UUID.")
  return trimmed.toLowerCase()
}

/** null/'' → null, else a UUID. */
export function optionalUuid(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : checkUuid(field, value)
}

/** A list of UUIDs, de-duplicated, keeping order; each bad entry is named by its index. */
export function uuidList(field: string, values: readonly string[] | null | undefined): string[] {
  const out: string[] = []
  for (const [i, value] of (values ?? []).entries()) {
    const id = checkUuid(`${field}.${i}`, value)
    if (!out.includes(id)) out.push(id)
  }
  return out
}

/** `a,b` (or a repeated parameter) from a query string → UUIDs. */
export function uuidQueryList(field: string, value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
  return parts.map((part) => checkUuid(field, part))
}

/** Escapes LIKE wildcards so user input matches literally. */
export function likeEscape(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}
