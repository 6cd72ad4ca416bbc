import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { AppError } from '../errors.js'
import { toE164 } from '../kit/validation.js'
import { csrfInput } from './csrf.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { addDoNotContact, listDoNotContact, removeDoNotContact } from './data/do-not-contact.js'
import { formatTime, isoTime } from './format.js'
import { currentUser, requireRole } from './guard.js'
import { html } from './html.js'
import { page, scrollTable, send, zoneNote } from './layout.js'
import { listHref, ListQuery, PAGE_SIZE, pageNumber, pager, parseList } from './list.js'
import type { AdminPrincipal } from './session.js'

const PATH = '/admin/do-not-contact'
const NOTICES: Record<string, string> = {
  added: 'The number was added.',
  exists: 'That number is already on the list.',
  removed: 'The number was removed.',
}
const SOURCE_WORDS: Record<string, string> = {
  admin: 'Added here', api: 'Added through the API', ivr: 'Pressed opt-out on a call', sms: 'Texted', carrier: 'Opted out at the carrier (21610)',
}
// Organization-wide and it stops calls: configuration, so not for calendar users (as in the API).
const ROLES = ['admin', 'manager'] as const
const MAX_REASON = 500
const NO_OUTCOMES = new Map<never, string>()

interface FormState { phone_number?: string; reason?: string; error?: string; notice?: string }

/** The caller's organization's do-not-contact list, with forms to add and remove numbers (each change audited). */
export async function doNotContactRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  async function render(reply: FastifyReply, user: AdminPrincipal, status: number, query: ListQuery, form: FormState) {
    const pageNo = pageNumber(query.page)
    const { filters } = parseList(query, user.timezone, NO_OUTCOMES)
    const { count, rows } = await listDoNotContact(db, user, filters.search, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Do not contact</h1>
<p class="muted">These numbers are never called or texted, from any calendar. Numbers without a country code are read as ${user.defaultRegion}. ${zoneNote(user)}</p>
${form.error ? html`<div class="error" role="alert">${form.error}</div>` : ''}${form.notice ? html`<div class="notice" role="status">${form.notice}</div>` : ''}
<h2>Add a number</h2>
<form class="add" method="post" action="${PATH}">${csrfInput(user.csrf)}
<label>Phone number<input name="phone_number" required autocomplete="off" inputmode="tel" value="${form.phone_number ?? ''}"></label>
<label>Reason<input name="reason" maxlength="${MAX_REASON}" value="${form.reason ?? ''}"></label>
<button type="submit">Add</button>
</form>
<h2>The list</h2>
<form class="filters" method="get" action="${PATH}" role="search">
<label>Find a number<input type="search" name="q" value="${query.q ?? ''}" maxlength="100"></label>
<button type="submit">Find</button> <a href="${PATH}">Clear</a> <a href="${listHref(PATH, query, { page: undefined, format: 'csv' })}">Download CSV</a>
</form>
${scrollTable('Numbers not to contact', html`<table><caption class="sr-only">Numbers not to contact</caption>
<thead><tr><th scope="col">Number</th><th scope="col">Reason</th><th scope="col">How</th><th scope="col">Added</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td class="nowrap">${r.phoneNumber}</td><td>${r.reason}</td><td>${SOURCE_WORDS[r.source] ?? r.source}${r.keyword ? ` ${r.keyword}` : ''}</td><td>${formatTime(r.createdAt, user.timezone)}</td>
<td><form class="inline" method="post" action="${PATH}/${r.id}/delete">${csrfInput(user.csrf)}<button type="submit" class="secondary" aria-label="Remove ${r.phoneNumber}">Remove</button></form></td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="5" class="muted">The list is empty.</td></tr>` : ''}</tbody></table>`)}
${pager(PATH, query, pageNo, count)}`
    return send(reply, status, page('Do not contact', user, body, PATH))
  }

  app.get<{ Querystring: ListQuery }>('/do-not-contact', { schema: { hide: true, querystring: ListQuery } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ROLES)
    if (request.query.format === 'csv') {
      const { filters } = parseList(request.query, user.timezone, NO_OUTCOMES)
      return sendCsv(reply, 'do-not-contact', ['number', 'reason', 'source', 'added'], async (offset) =>
        (await listDoNotContact(db, user, filters.search, CSV_BATCH, offset)).rows.map((r) => [r.phoneNumber, r.reason, r.source, isoTime(r.createdAt, user.timezone)]))
    }
    return render(reply, user, 200, request.query, { notice: NOTICES[request.query.notice ?? ''] })
  })

  app.post<{ Body: { phone_number?: string; reason?: string } }>('/do-not-contact', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ROLES)
    const phone = String(request.body?.phone_number ?? '')
    const reason = String(request.body?.reason ?? '').trim()
    const again = (error: string) => render(reply, user, 400, {}, { phone_number: phone, reason, error })
    if (phone.trim() === '') return again('phone_number: This field is required.')
    if (reason.length > MAX_REASON) return again(`reason: at most ${MAX_REASON} characters`)
    let number: string
    try {
      number = toE164('phone_number', phone, user.defaultRegion)
    } catch (err) {
      if (err instanceof AppError) return again(err.message)
      throw err
    }
    const added = await addDoNotContact(db, app.deps, user, number, reason)
    return reply.redirect(`${PATH}?notice=${added ? 'added' : 'exists'}`, 303)
  })

  app.post<{ Params: { id: number } }>('/do-not-contact/:id/delete', {
    schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }) },
  }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ROLES)
    // Scoped to the caller's organization: another organization's id removes nothing and is a 404.
    if (!(await removeDoNotContact(db, app.deps, user, request.params.id))) {
      return render(reply, user, 404, {}, { error: 'That entry does not exist (it may have been removed already).' })
    }
    return reply.redirect(`${PATH}?notice=removed`, 303)
  })
}
