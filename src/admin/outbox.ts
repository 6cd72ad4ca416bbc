import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { EmailStatus } from '../db/schema/index.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { listMail } from './data/outbox.js'
import { formatTime, isoTime } from './format.js'
import { currentUser, requireRole } from './guard.js'
import { html } from './html.js'
import { page, scrollTable, send, zoneNote } from './layout.js'
import { listHref, PAGE_SIZE, pageNumber, pager } from './list.js'

const PATH = '/admin/outbox'
const STATUS_WORDS: Record<EmailStatus, string> = { stored: 'Kept here (no mail server set up)', sent: 'Sent', failed: 'Could not be sent' }

/**
 * The e-mail outbox / delivery log. email_message rows carry no owner or organization, so only
 * admins see them. The HTML part is never rendered (it would run in this origin); the text is shown.
 */
export async function outboxRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps
  const Query = Type.Object({ page: Type.Optional(Type.String({ maxLength: 20 })), format: Type.Optional(Type.String({ maxLength: 10 })) })

  app.get<{ Querystring: { page?: string; format?: string } }>('/outbox', { schema: { hide: true, querystring: Query } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ['admin'])
    const zone = user.timezone
    if (request.query.format === 'csv') {
      return sendCsv(reply, 'e-mail', ['id', 'created', 'status', 'to', 'from', 'subject', 'sent', 'error'], async (offset) =>
        (await listMail(db, CSV_BATCH, offset)).rows.map((m) => [m.id, isoTime(m.createdAt, zone), m.status, m.to, m.from, m.subject, isoTime(m.sentAt, zone), m.error ?? '']))
    }
    const pageNo = pageNumber(request.query.page)
    const { count, rows } = await listMail(db, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>E-mail outbox</h1>
<p class="muted">${app.deps.config.smtpUrl
    ? 'A mail server is set up (SMTP_URL): this is the delivery log.'
    : 'SMTP_URL is not set: mail is kept here (status "stored") instead of being sent.'} ${zoneNote(user)}
<a href="${listHref(PATH, { format: 'csv' })}">Download CSV</a></p>
${scrollTable('E-mail', html`<table><caption class="sr-only">E-mail</caption>
<thead><tr><th scope="col">Created</th><th scope="col">Status</th><th scope="col">To</th><th scope="col">Subject and text</th><th scope="col">Sent</th><th scope="col">Error</th></tr></thead>
<tbody>${rows.map((m) => html`<tr>
<td class="nowrap">${formatTime(m.createdAt, zone)}</td><td>${STATUS_WORDS[m.status] ?? m.status}</td><td>${m.to}</td>
<td><details><summary>${m.subject}</summary><pre>${m.text}</pre>${m.html ? html`<p class="muted">(also has an HTML part)</p>` : ''}</details></td>
<td>${formatTime(m.sentAt, zone)}</td><td>${m.error ?? ''}</td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="6" class="muted">No e-mail.</td></tr>` : ''}</tbody></table>`)}
${pager(PATH, request.query, pageNo, count)}`
    return send(reply, 200, page('E-mail outbox', user, body, PATH))
  })
}
