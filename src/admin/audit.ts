import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { AUDIT_ACTION, type AdminAudit, type AuditAction } from '../db/schema/index.js'
import { CSV_BATCH, sendCsv } from './csv.js'
import { listAudit } from './data/audit.js'
import { formatTime, isoTime } from './format.js'
import { currentUser, requireRole } from './guard.js'
import { html, type SafeHtml } from './html.js'
import { page, scrollTable, send, zoneNote } from './layout.js'
import { listHref, PAGE_SIZE, pageNumber, pager } from './list.js'

const PATH = '/admin/audit'
const ACTION_WORDS: Record<AuditAction, string> = {
  [AUDIT_ACTION.doNotContactAdded]: 'Added to do-not-contact',
  [AUDIT_ACTION.doNotContactRemoved]: 'Removed from do-not-contact',
  [AUDIT_ACTION.alarmCancelled]: 'Cancelled a reminder',
  [AUDIT_ACTION.alarmTriedNow]: 'Tried a reminder again',
  [AUDIT_ACTION.appointmentConfirmed]: 'Marked an appointment confirmed',
  [AUDIT_ACTION.appointmentCancelled]: 'Marked an appointment cancelled',
  [AUDIT_ACTION.appointmentRemindersChanged]: "Changed an appointment's reminders",
  [AUDIT_ACTION.reminderPlanCreated]: 'Created a reminder plan',
  [AUDIT_ACTION.reminderPlanChanged]: 'Changed a reminder plan',
  [AUDIT_ACTION.remindersByDefaultChanged]: 'Turned reminders for new appointments on or off',
}

/** What the change was made to, linked where there is a page for it. */
function targetCell(entry: AdminAudit): SafeHtml {
  if (entry.targetType === 'alarm') {
    const eventId = Number(entry.detail.event_id)
    return Number.isInteger(eventId) && eventId > 0
      ? html`<a href="/admin/events/${eventId}">Reminder ${entry.targetId}</a>` : html`Reminder ${entry.targetId}`
  }
  if (entry.targetType === 'appointment') return html`<a href="/admin/appointments/${entry.targetId}">Appointment</a>`
  if (entry.targetType === 'reminder-plan') return html`<a href="/admin/reminder-plans/${entry.targetId}">Reminder plan</a>`
  return html`${entry.targetId}`
}

const text = (value: unknown) => (typeof value === 'string' ? value : '')
function detailText(entry: AdminAudit): string {
  const d = entry.detail
  if (text(d.reason)) return `Reason: ${text(d.reason)}`
  if (text(d.note)) return `Note: ${text(d.note)}`
  if (text(d.summary)) return text(d.summary)
  return ''
}

/** The audit trail of changes made in this admin UI: who, what, when. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  const Query = Type.Object({ page: Type.Optional(Type.String({ maxLength: 20 })), format: Type.Optional(Type.String({ maxLength: 10 })) })
  app.get<{ Querystring: { page?: string; format?: string } }>('/audit', { schema: { hide: true, querystring: Query } }, async (request, reply) => {
    const user = currentUser(request)
    requireRole(user, ['admin', 'manager'])
    const zone = user.timezone
    if (request.query.format === 'csv') {
      return sendCsv(reply, 'changes', ['when', 'who', 'action', 'target_type', 'target', 'detail'], async (offset) =>
        (await listAudit(db, user, CSV_BATCH, offset)).rows.map((e) => [isoTime(e.createdAt, zone), e.username, e.action, e.targetType, e.targetId, JSON.stringify(e.detail)]))
    }
    const pageNo = pageNumber(request.query.page)
    const { count, rows } = await listAudit(db, user, PAGE_SIZE, (pageNo - 1) * PAGE_SIZE)
    const body = html`<h1>Changes</h1>
<p class="muted">${user.role === 'admin' ? 'Every change made in this admin area by anyone in the organization' : 'The changes you made in this admin area'}, newest first. ${zoneNote(user)}
<a href="${listHref(PATH, { format: 'csv' })}">Download CSV</a></p>
${scrollTable('Changes', html`<table><caption class="sr-only">Changes</caption>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">To what</th><th scope="col">Details</th></tr></thead>
<tbody>${rows.map((e) => html`<tr><td class="nowrap">${formatTime(e.createdAt, zone)}</td><td>${e.username}</td><td>${ACTION_WORDS[e.action] ?? e.action}</td>
<td>${targetCell(e)}</td><td>${detailText(e)}</td></tr>`)}
${rows.length === 0 ? html`<tr><td colspan="5" class="muted">No changes yet.</td></tr>` : ''}</tbody></table>`)}
${pager(PATH, request.query, pageNo, count)}`
    return send(reply, 200, page('Changes', user, body, PATH))
  })
}
