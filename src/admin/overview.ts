import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { currentUser } from './guard.js'
import { html } from './html.js'
import { page, send, zoneNote } from './layout.js'
import { OVERVIEW_PANELS } from './overview-panels.js'

/** The periods the outcome figures can cover. */
const PERIODS = [7, 30] as const
const Query = Type.Object({ days: Type.Optional(Type.String({ maxLength: 4 })) })

/** The start page: what is coming up, and how reminders went over the last 7 or 30 days. */
export async function overviewRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app.deps

  app.get<{ Querystring: { days?: string } }>('/', { schema: { hide: true, querystring: Query } }, async (request, reply) => {
    const user = currentUser(request)
    const days = PERIODS.find((d) => String(d) === request.query.days) ?? PERIODS[0]
    const now = new Date()
    const panels = await Promise.all(OVERVIEW_PANELS.map((panel) => panel({ db, user, now, days })))
    const body = html`<h1>Overview</h1>
<p class="muted">${zoneNote(user)} Figures for:
${PERIODS.map((d) => (d === days ? html`<strong aria-current="true">the last ${d} days</strong> ` : html`<a href="/admin?days=${d}">the last ${d} days</a> `))}</p>
${panels}`
    return send(reply, 200, page('Overview', user, body, '/admin'))
  })
}
