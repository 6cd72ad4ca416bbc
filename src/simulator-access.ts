import { and, inArray, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { alarm, alarmRequest, calendar, call, event, smsMessage } from './db/schema/index.js'
import { createAuthenticate } from './plugins/authenticate.js'
import { calendarUserScope } from './calendar/scope.js'
import { visibleCalls } from './dialer/call-requests.js'
import type { SidFilter, SimulatorAccess } from './simulator/simulator.js'

/**
 * The simulator mounted in `serve` (README, "The built-in simulator"): its carrier API takes the credentials of
 * Tocsin's own simulator gateways (telephony/simulator-auth.ts) and requests only Tocsin's own webhook URLs; changing what it
 * does (callee scripts, faults, answering as a callee) is for admins; reading calls and messages needs a Tocsin login
 * and shows only what the call request API would (a call's transcript holds a patient's name and appointment).
 */
export function simulatorAccess(app: FastifyInstance): SimulatorAccess {
  const { db, outbound } = app.deps
  const asAdmin = createAuthenticate(app, ['admin'])
  const asUser = createAuthenticate(app)
  return {
    control: asAdmin,
    async inspect(request): Promise<SidFilter> {
      await asUser(request)
      const principal = request.principal
      if (principal.role === 'admin') return async (_kind, sids) => new Set(sids)
      return async (kind, sids) => {
        if (sids.length === 0) return new Set()
        const rows = kind === 'call'
          ? await db.select({ sid: call.providerSid }).from(call).where(and(inArray(call.providerSid, sids), visibleCalls(principal)))
          // Messages Tocsin sent for alarms, on calendars the caller sees (replies and the like are for admins).
          : await db.select({ sid: smsMessage.providerSid }).from(smsMessage)
            .innerJoin(alarmRequest, sql`${alarmRequest.id} = ${smsMessage.alarmRequestId}`)
            .innerJoin(alarm, sql`${alarm.id} = ${alarmRequest.alarmId}`)
            .innerJoin(event, sql`${event.id} = ${alarm.eventId}`)
            .innerJoin(calendar, sql`${calendar.id} = ${event.calendarId}`)
            .where(and(inArray(smsMessage.providerSid, sids), calendarUserScope(principal, calendar.userId)))
        return new Set(rows.map((r) => r.sid).filter((sid): sid is string => sid !== null))
      }
    },
    allowUrl: (url) => outbound.isOwn(url, '/twilio/'),
  }
}
