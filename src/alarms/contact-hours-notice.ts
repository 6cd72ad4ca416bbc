// What a one-off call request is told about contact hours: it is a person's explicit "call now" and goes at once, but
// the answer says whether that is outside the callee's contact hours and when they open. The callee has no contact or
// appointment here, so their zone is their number's country's (when it keeps one clock), else the organization's
// (kit/callee-zone.ts).
import { eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { organization } from '../db/schema/index.js'
import { calleeZone } from '../kit/callee-zone.js'
import { nextContactOpening, withinContactHours } from './contact-hours.js'

export interface ContactHoursNotice {
  /** the callee's zone the hours were read in */
  timezone: string
  start: string
  end: string
  within: boolean
  /** the next opening when outside; null inside */
  nextOpening: Date | null
}

export async function contactHoursNotice(db: Db, organizationId: number, phoneNumber: string, at: Date): Promise<ContactHoursNotice | null> {
  const [org] = await db.select({ timezone: organization.timezone, start: organization.contactHoursStart, end: organization.contactHoursEnd })
    .from(organization).where(eq(organization.id, organizationId))
  if (!org) return null
  const timezone = calleeZone({ phoneNumber, organizationZone: org.timezone })
  const hours = { start: org.start, end: org.end }
  const within = withinContactHours(at, hours, timezone)
  return { timezone, start: org.start, end: org.end, within, nextOpening: within ? null : nextContactOpening(at, hours, timezone, null) }
}
