import { index, pgTable } from 'drizzle-orm/pg-core'
import { gatewayColumns } from './gateway.js'

/** An SMS gateway: a Twilio account (Messages API) or the built-in carrier simulator. */
export const smsGateway = pgTable('sms_gateway', gatewayColumns('from_number'), (t) => [index('sms_gateway_user').on(t.userId), index('sms_gateway_organization').on(t.organizationId)])

export type SmsGateway = typeof smsGateway.$inferSelect
