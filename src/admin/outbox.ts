import { count, desc } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { emailMessage } from '../db/schema/index.js'
import { formatTime } from './format.js'
import { currentUser, requireRole } from './guard.js'
import { html } from './html.js'
import { page, PAGE_SIZE, pageNumber, pager, send } from './layout.js'

/**
 * The e-mail outbox / delivery log. email_message rows carry no owner or organization, so only
 * admins see them. The HTML part is never rendered (it would run in this origin); the text is shown.
 */
export async function outboxRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: { page?: string } }>('/outbox', { schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ['admin'])
    const pageNo = pageNumber(request.query.page)
    const [total] = await db.select({ n: count() }).from(emailMessage)
    const rows = await db.select().from(emailMessage).orderBy(desc(emailMessage.createdAt), desc(emailMessage.id))
      .limit(PAGE_SIZE).offset((pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>E-mail outbox</h1>
<p class="muted">${app.deps.config.smtpUrl
    ? 'SMTP is configured: this is the delivery log.'
    : 'SMTP_URL is not set: mail is kept here (status "stored") instead of being sent.'} Times in ${user.timezone}.</p>
<table><thead><tr><th>#</th><th>Created</th><th>Status</th><th>To</th><th>From</th><th>Subject</th><th>Sent</th><th>Error</th></tr></thead>
<tbody>${rows.map((m) => html`<tr>
<td>${m.id}</td><td>${formatTime(m.createdAt, user.timezone)}</td><td>${m.status}</td><td>${m.to}</td><td>${m.from}</td>
<td><details><summary>${m.subject}</summary><pre>${m.text}</pre>${m.html ? html`<p class="muted">(also has an HTML part)</p>` : ''}</details></td>
<td>${formatTime(m.sentAt, user.timezone)}</td><td>${m.error ?? ''}</td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="8" class="muted">No e-mail.</td></tr>` : ''}</tbody></table>
${pager('/admin/outbox', request.query, pageNo, Number(total?.n ?? 0))}`
    return send(reply, 200, page('Outbox', user, body))
  })
}
