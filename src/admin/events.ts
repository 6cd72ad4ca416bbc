import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { EVENT_STATUS } from '../db/schema/index.js'
import { ALARM_NOTICES, alarmTable } from './alarm-panel.js'
import { attemptTable } from './attempt-table.js'
import { listAttempts } from './data/attempts.js'
import { getEvent, listAlarms } from './data/events.js'
import { eventMessages } from './data/messages.js'
import { formatTime } from './format.js'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, send, zoneNote } from './layout.js'
import { messageTable } from './messages.js'
import { patientName } from './patient.js'

const Query = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 40 })) })
const STATUS_WORDS: Record<number, string> = { [EVENT_STATUS.pending]: 'Upcoming', [EVENT_STATUS.completed]: 'Done', [EVENT_STATUS.paused]: 'Paused' }

/**
 * One appointment on a calendar with everything that happened around it: its reminders and where each stands, every
 * attempt, and every text. (A CRM appointment's reminder event links to the appointment's own timeline.)
 */
export async function eventRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Params: { id: number }; Querystring: { notice?: string } }>('/events/:id', {
    schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }), querystring: Query },
  }, async (request, reply) => {
    const user = currentUser(request)
    const ev = await getEvent(db, user, request.params.id)
    const [alarms, attempts, texts] = await Promise.all([
      listAlarms(db, user, { eventId: ev.id }),
      listAttempts(db, user, {}, 200, 0, { eventId: ev.id }),
      eventMessages(db, user, ev.id),
    ])
    const zone = user.timezone
    const who = patientName(ev.data)
    const notice = ALARM_NOTICES[request.query.notice ?? '']
    const self = `/admin/events/${ev.id}`
    const body = html`<h1>${ev.title}</h1>
<p class="muted">${zoneNote(user)}</p>
${ev.appointmentUuid ? html`<p>These are the reminders of <a href="/admin/appointments/${ev.appointmentUuid}">an appointment</a>: its page shows them step by step.</p>` : ''}
${notice ? html`<div class="notice" role="status">${notice}</div>` : ''}
<dl>
<dt>Patient</dt><dd>${who ?? '—'}</dd>
<dt>Starts</dt><dd>${formatTime(ev.start, zone)}</dd>
<dt>Ends</dt><dd>${formatTime(ev.end, zone)}</dd>
<dt>Calendar</dt><dd>${ev.calendarName}</dd>
<dt>Status</dt><dd>${ev.deletedAt ? 'Deleted' : STATUS_WORDS[ev.status] ?? '—'}</dd>
${ev.description ? html`<dt>Notes</dt><dd>${ev.description}</dd>` : ''}
${ev.parentEventId === null ? '' : html`<dt>Series</dt><dd><a href="/admin/events/${ev.parentEventId}">The first appointment of this series</a></dd>`}
</dl>
<h2>Reminders</h2>
${alarmTable(user, alarms, self)}
<h2>Attempts</h2>
${attemptTable(user, attempts.rows, 'Attempts for this appointment')}
<h2>Texts</h2>
${messageTable(user, texts, 'Texts for this appointment')}
<p><a href="/admin/alarm-requests">← All reminders</a></p>`
    return send(reply, 200, page(ev.title, user, body, '/admin/alarm-requests'))
  })
}
