import { eq } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { calendar, organization, users, type Event } from '../db/schema/index.js'
import { DEFAULT_CONTACT_HOURS, type ContactHours } from './contact-hours.js'

/** The contact hours of the organization an event's calendar belongs to (the defaults when it has none). */
export async function contactHoursOf(tx: Tx, ev: Pick<Event, 'calendarId'>): Promise<ContactHours> {
  const [row] = await tx.select({ start: organization.contactHoursStart, end: organization.contactHoursEnd }).from(calendar)
    .innerJoin(users, eq(users.id, calendar.userId))
    .innerJoin(organization, eq(organization.id, users.organizationId))
    .where(eq(calendar.id, ev.calendarId))
  return row ?? DEFAULT_CONTACT_HOURS
}
