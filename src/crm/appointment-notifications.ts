import { and, asc, desc, eq, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import {
  appointment, appointmentNotification, contact, organization, type Appointment, type AppointmentNotification, type NotificationStatus,
} from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { addJob, removeJob } from '../queue/queue.js'
import { parseIsoDateTime } from '../kit/date-time.js'
import { renderNotification } from './notification-template.js'
import { isSuperuser, objectScope, type CrmScope } from './scope.js'

export interface NotificationWrite {
  subject?: string | null
  message?: string | null
  recipient?: string | null
  send_notification?: boolean | null
  send_at?: string | null
  /** appointment UUID (already parsed from a hyperlink) */
  appointment?: string
  org_phone?: string | null
  org_name?: string | null
}

export interface NotificationView {
  row: AppointmentNotification
  appointmentUuid: string
}

const columns = { notification: appointmentNotification, appointment }

/** A notification and the scope to act on it in: as its appointment's (org members, the owner, superusers; else 403). */
async function reachNotification(tx: Tx, scope: CrmScope, id: number, lock = false) {
  const query = tx.select(columns).from(appointmentNotification)
    .innerJoin(appointment, eq(appointment.id, appointmentNotification.appointmentId))
    .where(eq(appointmentNotification.id, id))
  const [found] = lock ? await query.for('update', { of: appointmentNotification }) : await query
  if (!found) throw notFound('AppointmentNotification')
  await objectScope(tx, scope, found.appointment.organizationId, found.appointment.owner)
  return found
}

export async function getNotification(db: Tx, scope: CrmScope, id: number): Promise<NotificationView> {
  const found = await reachNotification(db, scope, id)
  return { row: found.notification, appointmentUuid: found.appointment.uuid }
}

/**
 * The appointment a notification is about: one the caller may act on (its organization's, its own,
 * or any for a superuser). The original took any appointment; an e-mail about another
 * organization's appointment would tell its date and address to anyone, so that is refused — with
 * the words of a missing one, so existence does not leak either.
 */
async function appointmentFor(tx: Tx, scope: CrmScope, uuid: string): Promise<Appointment> {
  const [row] = await tx.select().from(appointment).where(eq(appointment.uuid, uuid)).for('share')
  const reachable = row && (row.organizationId === scope.organizationId || row.owner === scope.principal.uuid || isSuperuser(scope.principal))
  if (!reachable) throw invalidField('appointment', 'Invalid hyperlink - Object does not exist.')
  return row
}

/** Subject and message for a notification, rendering those the client left empty, in the organization's language. */
export async function renderTexts(
  tx: Tx, target: Appointment,
  fields: { subject: string; message: string; subjectGenerated: boolean; messageGenerated: boolean; orgName: string | null; orgPhone: string | null },
): Promise<{ subject: string; message: string }> {
  if (!fields.subjectGenerated && !fields.messageGenerated) return { subject: fields.subject, message: fields.message }
  const [org] = await tx.select().from(organization).where(eq(organization.id, target.organizationId))
  const [owner] = target.contactUuid
    ? await tx.select({ addresses: contact.addresses }).from(contact)
      .where(and(eq(contact.uuid, target.contactUuid), eq(contact.organizationId, target.organizationId)))
    : []
  const generated = renderNotification({
    appointment: target,
    contact: owner?.addresses ? { addresses: owner.addresses } : null,
    orgName: fields.orgName ?? org!.name,
    orgPhone: fields.orgPhone ?? org!.phone,
    language: org!.language,
  })
  return {
    subject: fields.subjectGenerated ? generated.subject : fields.subject,
    message: fields.messageGenerated ? generated.message : fields.message,
  }
}

function statusOf(row: { sentAt: Date | null; sendNotification: boolean }): NotificationStatus {
  if (row.sentAt) return 'sent'
  return row.sendNotification ? 'pending' : 'draft'
}

function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value === '') return null
  if (value.length > max) throw invalidField(field, `Ensure this field has no more than ${max} characters.`)
  return value
}

function recipientOf(value: string | null | undefined): string {
  if (value === null) throw invalidField('recipient', 'This field may not be null.')
  if (value === undefined) throw invalidField('recipient', 'This field is required.')
  if (value.trim() === '') throw invalidField('recipient', 'This field may not be blank.')
  if (!/^[^\s@]+@[^\s@]+$/.test(value.trim()) || value.length > 254) throw invalidField('recipient', 'Enter a valid email address.')
  return value.trim()
}

/**
 * Writes a notification (create when `current` is undefined) and, when it should be sent and has
 * not been, queues the delivery job in the same transaction. The job key makes a repeated request
 * re-use the one queued job. The fields given change, the others are kept (the original's PUT was
 * partial too).
 */
async function write(tx: Tx, scope: CrmScope, input: NotificationWrite, current?: AppointmentNotification) {
  const has = (key: keyof NotificationWrite) => input[key] !== undefined
  if (!current && !has('appointment')) throw invalidField('appointment', 'This field is required.')
  const target = has('appointment')
    ? await appointmentFor(tx, scope, input.appointment!)
    : (await tx.select().from(appointment).where(eq(appointment.id, current!.appointmentId)))[0]!
  const recipient = has('recipient') || !current ? recipientOf(input.recipient) : current.recipient
  const orgName = has('org_name') || !current ? optionalText('org_name', input.org_name, 200) : current.orgName
  const orgPhone = has('org_phone') || !current ? optionalText('org_phone', input.org_phone, 50) : current.orgPhone
  const sentAt = current?.sentAt ?? null
  // What was sent stays on record: after sending, an empty text keeps the sent one.
  const subjectGenerated = sentAt ? false : has('subject') || !current ? !input.subject?.trim() : current.subjectGenerated
  const messageGenerated = sentAt ? false : has('message') || !current ? !input.message?.trim() : current.messageGenerated
  const texts = await renderTexts(tx, target, {
    subject: input.subject?.trim() || (has('subject') && !sentAt ? '' : current?.subject ?? ''),
    message: input.message?.trim() ? input.message : (has('message') && !sentAt ? '' : current?.message ?? ''),
    subjectGenerated,
    messageGenerated,
    orgName,
    orgPhone,
  })
  const sendNotification = has('send_notification') ? input.send_notification ?? false : current?.sendNotification ?? false
  const sendAt = has('send_at')
    ? (input.send_at?.trim() ? parseIsoDateTime('send_at', input.send_at, target.timezone) : null)
    : current?.sendAt ?? null
  const values = {
    appointmentId: target.id,
    recipient,
    orgName,
    orgPhone,
    ...texts,
    subjectGenerated,
    messageGenerated,
    sendNotification,
    sendAt,
    status: statusOf({ sentAt, sendNotification }),
    updatedAt: new Date(),
  }
  const [row] = current
    ? await tx.update(appointmentNotification).set(values).where(eq(appointmentNotification.id, current.id)).returning()
    : await tx.insert(appointmentNotification).values(values).returning()
  if (!sentAt) {
    if (sendNotification) await addJob(tx, 'send-appointment-notification', { notificationId: row!.id }, { runAt: sendAt ?? undefined })
    else if (current) await removeJob(tx, 'send-appointment-notification', row!.id)
  }
  return { row: row!, appointmentUuid: target.uuid }
}

export async function createNotification(db: Db, scope: CrmScope, input: NotificationWrite): Promise<NotificationView> {
  return db.transaction((tx) => write(tx, scope, input))
}

/**
 * PUT and PATCH alike. Once sent, a notification is never sent again (edits are kept as a record);
 * a failed or pending one is (re)queued while send_notification is true.
 */
export async function updateNotification(db: Db, scope: CrmScope, id: number, input: NotificationWrite): Promise<NotificationView> {
  return db.transaction(async (tx) => write(tx, scope, input, (await reachNotification(tx, scope, id, true)).notification))
}

export async function deleteNotification(db: Db, scope: CrmScope, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await reachNotification(tx, scope, id, true)
    await tx.delete(appointmentNotification).where(eq(appointmentNotification.id, id))
    await removeJob(tx, 'send-appointment-notification', id)
  })
}

/** Not paginated, as in the original: the organization's notifications, optionally of one appointment. */
export async function listNotifications(
  db: Db, scope: CrmScope, query: { ordering?: string; appointment?: string; status?: NotificationStatus },
): Promise<NotificationView[]> {
  const descending = (query.ordering ?? '').trim() === '-id'
  const where: (SQL | undefined)[] = [
    eq(appointment.organizationId, scope.organizationId),
    query.appointment ? eq(appointment.uuid, query.appointment) : undefined,
    query.status ? eq(appointmentNotification.status, query.status) : undefined,
  ]
  const rows = await db.select({ notification: appointmentNotification, appointmentUuid: appointment.uuid }).from(appointmentNotification)
    .innerJoin(appointment, eq(appointment.id, appointmentNotification.appointmentId))
    .where(and(...where))
    .orderBy(descending ? desc(appointmentNotification.id) : asc(appointmentNotification.id))
  return rows.map((r) => ({ row: r.notification, appointmentUuid: r.appointmentUuid }))
}
