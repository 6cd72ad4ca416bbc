import { DateTime } from 'luxon'
import { Type, type Static } from 'typebox'
import { html, type SafeHtml } from './html.js'

export const PAGE_SIZE = 50

/** The query string every log accepts: search, outcome, a date range in the organization's zone, page, CSV. */
export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  outcome: Type.Optional(Type.String({ maxLength: 40 })),
  date_from: Type.Optional(Type.String({ maxLength: 20 })),
  date_to: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 20 })),
  format: Type.Optional(Type.String({ maxLength: 10 })),
  notice: Type.Optional(Type.String({ maxLength: 40 })),
})
export type ListQuery = Static<typeof ListQuery>

/** A search box's text, and its digits when it looks like a phone number ("(415) 555-0100" finds +14155550100). */
export interface Search { text: string; digits: string | null }

export interface ListFilters<O extends string> {
  search?: Search
  outcome?: O
  from?: Date
  to?: Date
}

/** Query-string filters → filters, or the problems to show above the table (the page then answers 400). */
export function parseList<O extends string>(query: ListQuery, zone: string, outcomes: ReadonlyMap<O, string>) {
  const filters: ListFilters<O> = {}
  const problems: string[] = []
  const text = (query.q ?? '').trim()
  if (text) {
    const digits = text.replace(/\D/g, '')
    filters.search = { text, digits: /^[\d\s+().-]+$/.test(text) && digits.length >= 3 ? digits : null }
  }
  if (query.outcome) {
    if (outcomes.has(query.outcome as O)) filters.outcome = query.outcome as O
    else problems.push(`outcome: "${query.outcome}" is not one of the outcomes listed`)
  }
  // Whole days in the organization's zone: "to" includes the day it names.
  const day = (field: string, value: string | undefined, endOfDay: boolean) => {
    if (!value) return undefined
    const at = DateTime.fromISO(value, { zone })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !at.isValid) {
      problems.push(`${field}: "${value}" is not a date (YYYY-MM-DD)`)
      return undefined
    }
    return (endOfDay ? at.plus({ days: 1 }) : at).toJSDate()
  }
  filters.from = day('date_from', query.date_from, false)
  filters.to = day('date_to', query.date_to, true)
  return { filters, problems }
}

/** `?page=` as a positive whole number; anything else is page 1. */
export function pageNumber(raw: string | undefined): number {
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1
  return Math.max(n, 1)
}

/** The list's URL with the given query parameters (empty ones dropped). */
export function listHref(path: string, query: Record<string, string | undefined>, overrides: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...query, ...overrides })) if (v && k !== 'notice') params.set(k, v)
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** Previous/next links that keep the other query parameters. */
export function pager(path: string, query: Record<string, string | undefined>, page: number, count: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE))
  const href = (p: number) => listHref(path, query, { page: p > 1 ? String(p) : undefined, format: undefined })
  return html`<nav class="pager" aria-label="Pages">
${page > 1 ? html`<a href="${href(page - 1)}">← Newer</a>` : ''}
<span class="muted">Page ${page} of ${pages} · ${count} in all</span>
${page < pages ? html`<a href="${href(page + 1)}">Older →</a>` : ''}
</nav>`
}

/**
 * The filter form of a log: search, outcome, dates, and the CSV link for exactly what is shown. Every field has a
 * visible label.
 */
export function filterForm<O extends string>(path: string, query: ListQuery, outcomes: ReadonlyMap<O, string>, searchHint: string, outcomeLabel = 'Outcome'): SafeHtml {
  const options = [...outcomes].map(([code, name]) =>
    html`<option value="${code}"${code === query.outcome ? html` selected` : ''}>${name}</option>`)
  return html`<form class="filters" method="get" action="${path}" role="search">
<label>Search<input type="search" name="q" value="${query.q ?? ''}" maxlength="100" placeholder="${searchHint}"></label>
<label>${outcomeLabel}<select name="outcome"><option value="">Any</option>${options}</select></label>
<label>From<input type="date" name="date_from" value="${query.date_from ?? ''}"></label>
<label>To<input type="date" name="date_to" value="${query.date_to ?? ''}"></label>
<button type="submit">Show</button> <a href="${path}">Clear</a>
<a href="${listHref(path, query, { page: undefined, format: 'csv' })}">Download CSV</a>
</form>`
}
