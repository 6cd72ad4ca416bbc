/**
 * A page of rows that carry `total` (count(*) over ()), as { count, rows }. A page past the end has no row to carry
 * it, so then the first row is read for it instead.
 */
export async function withTotal<R extends { total: number }>(rows: R[], offset: number, first: () => Promise<R[]>): Promise<{ count: number; rows: R[] }> {
  if (rows.length > 0 || offset === 0) return { count: rows[0]?.total ?? 0, rows }
  return { count: (await first())[0]?.total ?? 0, rows }
}
