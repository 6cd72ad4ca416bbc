import type { AnyColumn } from 'drizzle-orm'
import { invalidField } from '../errors.js'

export interface OrderTerm<C> {
  name: string
  column: C
  descending: boolean
}

/** `?ordering=-start_date,id` → terms; an unknown field is a 400 listing the allowed ones. */
export function parseOrdering<C extends AnyColumn>(
  value: string | undefined, allowed: Record<string, C>, fallback: string[],
): OrderTerm<C>[] {
  const parts = (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)
  const terms = (parts.length > 0 ? parts : fallback).map((part) => {
    const descending = part.startsWith('-')
    const name = descending ? part.slice(1) : part
    const column = Object.hasOwn(allowed, name) ? allowed[name] : undefined
    if (!column) throw invalidField('ordering', `"${name}" is not an ordering field (${Object.keys(allowed).join(', ')})`)
    return { name, column, descending }
  })
  return terms
}
