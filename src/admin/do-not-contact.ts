import { count, desc, eq } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { doNotContact } from '../db/schema/index.js'
import { optInById, optOut } from '../dialer/do-not-contact.js'
import { AppError } from '../errors.js'
import { toE164 } from '../kit/validation.js'
import { formatTime } from './format.js'
import { currentUser, requireRole } from './guard.js'
import { html } from './html.js'
import { page, PAGE_SIZE, pageNumber, pager, send } from './layout.js'
import type { AdminPrincipal } from './session.js'

const NOTICES: Record<string, string> = {
  added: 'The number was added.',
  exists: 'That number is already on the list.',
  removed: 'The number was removed.',
}
// Organization-wide and it stops calls: configuration, so not for calendar users (as in the API).
const ROLES = ['admin', 'manager'] as const
const MAX_REASON = 500

interface FormState { phone_number?: string; reason?: string; error?: string; notice?: string }

/** The caller's organization's do-not-contact list, with forms to add and remove numbers. */
export async function doNotContactRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  const { db } = deps

  async function render(reply: FastifyReply, user: AdminPrincipal, status: number, pageNo: number, form: FormState) {
    const mine = eq(doNotContact.organizationId, user.organizationId)
    const [total] = await db.select({ n: count() }).from(doNotContact).where(mine)
    const rows = await db.select().from(doNotContact).where(mine)
      .orderBy(desc(doNotContact.createdAt), desc(doNotContact.id)).limit(PAGE_SIZE).offset((pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Do not contact</h1>
<p class="muted">These numbers are never called or texted. Numbers without a country code are read as ${user.defaultRegion}. Times in ${user.timezone}.</p>
${form.error ? html`<div class="error">${form.error}</div>` : ''}${form.notice ? html`<div class="notice">${form.notice}</div>` : ''}
<form class="add" method="post" action="/admin/do-not-contact">
<label>Phone number<input name="phone_number" required value="${form.phone_number ?? ''}"></label>
<label>Reason<input name="reason" maxlength="${MAX_REASON}" value="${form.reason ?? ''}"></label>
<button type="submit">Add</button>
</form>
<table><thead><tr><th>Number</th><th>Reason</th><th>Source</th><th>Keyword</th><th>Added</th><th></th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.phoneNumber}</td><td>${r.reason}</td><td>${r.source}</td><td>${r.keyword ?? ''}</td><td>${formatTime(r.createdAt, user.timezone)}</td>
<td><form class="inline" method="post" action="/admin/do-not-contact/${r.id}/delete"><button type="submit">Remove</button></form></td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="6" class="muted">The list is empty.</td></tr>` : ''}</tbody></table>
${pager('/admin/do-not-contact', {}, pageNo, Number(total?.n ?? 0))}`
    return send(reply, status, page('Do not contact', user, body))
  }

  app.get<{ Querystring: { page?: string; notice?: string } }>('/do-not-contact', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ROLES)
    return render(reply, user, 200, pageNumber(request.query.page), { notice: NOTICES[request.query.notice ?? ''] })
  })

  app.post<{ Body: { phone_number?: string; reason?: string } }>('/do-not-contact', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ROLES)
    const phone = String(request.body?.phone_number ?? '')
    const reason = String(request.body?.reason ?? '').trim()
    const again = (error: string) => render(reply, user, 400, 1, { phone_number: phone, reason, error })
    if (phone.trim() === '') return again('phone_number: This field is required.')
    if (reason.length > MAX_REASON) return again(`reason: at most ${MAX_REASON} characters`)
    let number: string
    try {
      number = toE164('phone_number', phone, user.defaultRegion)
    } catch (err) {
      if (err instanceof AppError) return again(err.message)
      throw err
    }
    const { created } = await db.transaction((tx) =>
      optOut(tx, deps, { organizationId: user.organizationId, phoneNumber: number, reason, source: 'admin', userId: user.id }))
    return reply.redirect(`/admin/do-not-contact?notice=${created ? 'added' : 'exists'}`, 303)
  })

  app.post<{ Params: { id: number } }>('/do-not-contact/:id/delete', {
    schema: { hide: true, params: { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } }, required: ['id'] } },
  }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ROLES)
    // Scoped to the caller's organization: another organization's id removes nothing and is a 404.
    const removed = await db.transaction((tx) =>
      optInById(tx, { organizationId: user.organizationId, id: request.params.id, source: 'admin', userId: user.id }))
    if (!removed) return render(reply, user, 404, 1, { error: 'That entry does not exist (it may have been removed already).' })
    return reply.redirect('/admin/do-not-contact?notice=removed', 303)
  })
}
