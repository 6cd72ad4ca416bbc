import type { AnyColumn } from 'drizzle-orm'

export interface OrderTerm<C> {
  name: string
  column: C
  descending: boolean
}

/**
 * `?ordering=-start_date,id` → terms. As Django REST framework's OrderingFilter does, terms that
 * name no ordering field are ignored, and with none left the default order applies.
 */
export function parseOrdering<C extends AnyColumn>(
  value: string | undefined, allowed: Record<string, C>, fallback: string[],
): OrderTerm<C>[] {
  const read = (parts: string[]) => parts.flatMap((part) => {
    const descending = part.startsWith('-')
    const name = descending ? part.slice(1) : part
    const column = Object.hasOwn(allowed, name) ? allowed[name] : undefined
    return column ? [{ name, column, descending }] : []
  })
  const given = read((value ?? '').split(',').map((p) => p.trim()).filter(Boolean))
  return given.length > 0 ? given : read(fallback)
}
