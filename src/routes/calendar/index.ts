import type { FastifyInstance } from 'fastify'
import { alarmRequestRoutes } from './alarm-requests.js'
import { alarmRoutes } from './alarms.js'
import { calendarSettingRoutes } from './calendar-settings.js'
import { calendarUserRoutes } from './calendar-users.js'
import { calendarRoutes } from './calendars.js'
import { eventRoutes } from './events.js'
import { gatewayRoutes } from './gateways.js'
import { ruleRoutes } from './rules.js'

/** The Newfies-Dialer compatible calendar and dialer API (docs/ARCHITECTURE.md "Compatibility with Newfies-Dialer"), under /rest-api/. */
export async function calendarApiRoutes(api: FastifyInstance): Promise<void> {
  await api.register(gatewayRoutes)
  await api.register(calendarSettingRoutes)
  await api.register(calendarUserRoutes)
  await api.register(calendarRoutes)
  await api.register(ruleRoutes)
  await api.register(eventRoutes)
  await api.register(alarmRoutes)
  await api.register(alarmRequestRoutes)
}
