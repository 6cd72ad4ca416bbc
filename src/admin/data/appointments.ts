import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.js'
import {
  ALARM_STATUS, alarm, appointment, contact, doNotContact, reminder, reminderPlan, smsMessage, type ConfirmationStatus,
} from '../../db/schema/index.js'
import { notFound } from '../../errors.js'
import { isUuid } from '../../kit/values.js'
import type { ListFilters } from '../list.js'
import type { AdminPrincipal } from '../session.js'
import { searchCondition } from './search.js'

/**
 * CRM appointments as the CRM API scopes them: every user sees the appointments of their own organization
 * (crm/scope.ts; an admin of the UI works in their own organization only).
 */
const inOrganization = (user: AdminPrincipal) => eq(appointment.organizationId, user.organizationId)

const contactName = sql<string>`concat_ws(' ', ${contact.firstName}, ${contact.lastName})`

/** The next step still to go: its due time (a retry's own time is on the attempt; the step's is close enough here). */
const nextDue = sql<Date | null>`(select min(r.due_at) from ${reminder} r join ${alarm} a on a.id = r.alarm_id
  where r.appointment_id = ${appointment.id} and r.state is null
  and a.status in (${ALARM_STATUS.pending}, ${ALARM_STATUS.retry}) and a.deleted_at is null)`

const columns = {
  id: appointment.id, uuid: appointment.uuid, name: appointment.name, type: appointment.type, start: appointment.startDate,
  end: appointment.endDate, timezone: appointment.timezone, status: appointment.confirmationStatus,
  statusChangedAt: appointment.confirmationChangedAt, remindersEnabled: appointment.remindersEnabled,
  contactName, phones: contact.phones, emails: contact.emails, planName: reminderPlan.name,
  nextDue: sql<Date | null>`${nextDue}`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
}

function where(user: AdminPrincipal, filters: ListFilters<ConfirmationStatus>, withStatus: boolean): SQL | undefined {
  return and(
    inOrganization(user),
    withStatus && filters.outcome !== undefined ? eq(appointment.confirmationStatus, filters.outcome) : undefined,
    filters.from === undefined ? undefined : gte(appointment.startDate, filters.from),
    filters.to === undefined ? undefined : lt(appointment.startDate, filters.to),
    searchCondition(filters.search, [contactName, appointment.name, appointment.summary, sql`array_to_string(${appointment.type}, ' ')`],
      [sql`${contact.phones}::text`]),
  )
}

/** Appointments, the latest start first, with the patient and where the reminders stand. */
export async function listAppointments(db: Db, user: AdminPrincipal, filters: ListFilters<ConfirmationStatus>, limit: number, offset: number) {
  const condition = where(user, filters, true)
  const [total] = await db.select({ n: count() }).from(appointment)
    .leftJoin(contact, eq(contact.uuid, appointment.contactUuid)).where(condition)
  const rows = await db.select(columns).from(appointment)
    .leftJoin(contact, eq(contact.uuid, appointment.contactUuid))
    .leftJoin(reminderPlan, eq(reminderPlan.id, appointment.reminderPlanId))
    .where(condition).orderBy(desc(appointment.startDate), desc(appointment.id)).limit(limit).offset(offset)
  return { count: Number(total?.n ?? 0), rows }
}
export type AppointmentRow = Awaited<ReturnType<typeof listAppointments>>['rows'][number]

/** How many appointments of the list (its search and dates, any status) have each confirmation status. */
export async function confirmationCounts(db: Db, user: AdminPrincipal, filters: ListFilters<ConfirmationStatus>) {
  const rows = await db.select({ status: appointment.confirmationStatus, n: count() }).from(appointment)
    .leftJoin(contact, eq(contact.uuid, appointment.contactUuid)).where(where(user, filters, false))
    .groupBy(appointment.confirmationStatus)
  return new Map(rows.map((r) => [r.status, Number(r.n)]))
}

/** Answers given in a period: how many appointments changed to each status since `since`. */
export async function answersSince(db: Db, user: AdminPrincipal, since: Date) {
  const rows = await db.select({ status: appointment.confirmationStatus, n: count() }).from(appointment)
    .where(and(inOrganization(user), gte(appointment.confirmationChangedAt, since))).groupBy(appointment.confirmationStatus)
  return new Map(rows.map((r) => [r.status, Number(r.n)]))
}

/** One appointment with its patient and plan; 404 outside the organization. */
export async function getAppointmentDetail(db: Db, user: AdminPrincipal, uuid: string) {
  if (!isUuid(uuid)) throw notFound('Appointment')
  const [row] = await db.select({ appointment, contact, planName: reminderPlan.name }).from(appointment)
    .leftJoin(contact, eq(contact.uuid, appointment.contactUuid))
    .leftJoin(reminderPlan, eq(reminderPlan.id, appointment.reminderPlanId))
    .where(and(eq(appointment.uuid, uuid.toLowerCase()), inOrganization(user)))
  if (!row) throw notFound('Appointment')
  return row
}

/** The organization's reminder plans, the default first, for choosing one. */
export async function planChoices(db: Db, user: AdminPrincipal) {
  return db.select({ id: reminderPlan.id, uuid: reminderPlan.uuid, name: reminderPlan.name, isDefault: reminderPlan.isDefault })
    .from(reminderPlan).where(eq(reminderPlan.organizationId, user.organizationId))
    .orderBy(desc(reminderPlan.isDefault), asc(reminderPlan.name), asc(reminderPlan.id))
}

/**
 * What the organization knows about the patient's numbers besides the reminders: do-not-contact entries (how and
 * when each number opted out) and the texts received from them.
 */
export async function numberHistory(db: Db, user: AdminPrincipal, numbers: string[]) {
  if (numbers.length === 0) return { optOuts: [], received: [] }
  const [optOuts, received] = await Promise.all([
    db.select().from(doNotContact)
      .where(and(eq(doNotContact.organizationId, user.organizationId), inArray(doNotContact.phoneNumber, numbers)))
      .orderBy(asc(doNotContact.createdAt)),
    db.select().from(smsMessage)
      .where(and(eq(smsMessage.organizationId, user.organizationId), eq(smsMessage.direction, 'inbound'), inArray(smsMessage.fromNumber, numbers)))
      .orderBy(desc(smsMessage.createdAt)).limit(50),
  ])
  return { optOuts, received }
}
