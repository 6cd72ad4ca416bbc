import { and, asc, desc, eq, type SQL } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import {
  appointment, appointmentNotification, contact, type Appointment, type AppointmentNotification, type NotificationStatus,
} from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { addJob, removeJob } from '../queue/queue.js'
import { checkEmail } from '../kit/validation.js'
import { parseIsoDateTime } from '../kit/date-time.js'
import { renderNotification } from './notification-template.js'
import type { CrmScope } from './scope.js'

export interface NotificationWrite {
  subject?: string | null
  message?: string | null
  recipient?: string
  send_notification?: boolean
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

const columns = { notification: appointmentNotification, appointmentUuid: appointment.uuid }

function inScope(scope: CrmScope, id: number): SQL | undefined {
  return and(eq(appointmentNotification.id, id), eq(appointment.organizationId, scope.organizationId))
}

export async function getNotification(db: Tx, scope: CrmScope, id: number): Promise<NotificationView> {
  const [found] = await db.select(columns).from(appointmentNotification)
    .innerJoin(appointment, eq(appointment.id, appointmentNotification.appointmentId))
    .where(inScope(scope, id))
  if (!found) throw notFound('AppointmentNotification')
  return { row: found.notification, appointmentUuid: found.appointmentUuid }
}

/** The appointment a notification is about: it must be in the caller's organization (the original never checked). */
async function appointmentFor(tx: Tx, scope: CrmScope, uuid: string): Promise<Appointment> {
  const [row] = await tx.select().from(appointment)
    .where(and(eq(appointment.uuid, uuid), eq(appointment.organizationId, scope.organizationId)))
    .for('share')
  if (!row) throw invalidField('appointment', 'No appointment with this UUID in your organization.')
  return row
}

/** Subject and message for a notification, re-rendering those the client left empty. */
export async function renderTexts(
  tx: Tx, target: Appointment, fields: { subject: string; message: string; subjectGenerated: boolean; messageGenerated: boolean; orgName: string; orgPhone: string },
): Promise<{ subject: string; message: string }> {
  if (!fields.subjectGenerated && !fields.messageGenerated) return { subject: fields.subject, message: fields.message }
  const [owner] = target.contactUuid
    ? await tx.select({ addresses: contact.addresses }).from(contact).where(eq(contact.uuid, target.contactUuid))
    : []
  const generated = renderNotification({ appointment: target, contact: owner ?? null, orgName: fields.orgName, orgPhone: fields.orgPhone })
  return {
    subject: fields.subjectGenerated ? generated.subject : fields.subject,
    message: fields.messageGenerated ? generated.message : fields.message,
  }
}

function statusOf(row: { sentAt: Date | null; sendNotification: boolean }): NotificationStatus {
  if (row.sentAt) return 'sent'
  return row.sendNotification ? 'pending' : 'draft'
}

/**
 * Writes a notification (create when `current` is undefined; `full` = POST/PUT semantics) and, when
 * it should be sent and has not been, queues the delivery job in the same transaction. The job
 * key makes a repeated request re-use the one queued job.
 */
async function write(tx: Tx, scope: CrmScope, input: NotificationWrite, full: boolean, current?: AppointmentNotification) {
  const has = (key: keyof NotificationWrite) => full || input[key] !== undefined
  const target = input.appointment !== undefined
    ? await appointmentFor(tx, scope, input.appointment)
    : (await tx.select().from(appointment).where(eq(appointment.id, current!.appointmentId)))[0]!
  const recipient = input.recipient !== undefined ? checkEmail('recipient', input.recipient) : current!.recipient
  const orgName = has('org_name') ? input.org_name?.trim() || scope.name : current!.orgName
  const orgPhone = has('org_phone') ? input.org_phone?.trim() || scope.phone : current!.orgPhone
  const sentAt = current?.sentAt ?? null
  // What was sent stays on record: after sending, an empty text keeps the sent one.
  const subjectGenerated = sentAt ? false : has('subject') ? !input.subject?.trim() : current!.subjectGenerated
  const messageGenerated = sentAt ? false : has('message') ? !input.message?.trim() : current!.messageGenerated
  const texts = await renderTexts(tx, target, {
    subject: input.subject?.trim() || (has('subject') && !sentAt ? '' : current?.subject ?? ''),
    message: input.message?.trim() ? input.message : (has('message') && !sentAt ? '' : current?.message ?? ''),
    subjectGenerated,
    messageGenerated,
    orgName,
    orgPhone,
  })
  const sendNotification = has('send_notification') ? input.send_notification ?? false : current!.sendNotification
  const sendAt = has('send_at')
    ? (input.send_at?.trim() ? parseIsoDateTime('send_at', input.send_at, target.timezone) : null)
    : current!.sendAt
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
  return db.transaction((tx) => write(tx, scope, input, true))
}

/**
 * PUT (`full`) or PATCH. Once sent, a notification is never sent again (edits are kept as a
 * record); a failed or pending one is (re)queued while send_notification is true.
 */
export async function updateNotification(db: Db, scope: CrmScope, id: number, input: NotificationWrite, full: boolean): Promise<NotificationView> {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ notification: appointmentNotification }).from(appointmentNotification)
      .innerJoin(appointment, eq(appointment.id, appointmentNotification.appointmentId))
      .where(inScope(scope, id))
      .for('update', { of: appointmentNotification })
    if (!found) throw notFound('AppointmentNotification')
    return write(tx, scope, input, full, found.notification)
  })
}

export async function deleteNotification(db: Db, scope: CrmScope, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    await getNotification(tx, scope, id)
    await tx.delete(appointmentNotification).where(eq(appointmentNotification.id, id))
    await removeJob(tx, 'send-appointment-notification', id)
  })
}

/** Not paginated, as in the original: the organization's notifications, optionally of one appointment. */
export async function listNotifications(
  db: Db, scope: CrmScope, query: { ordering?: string; appointment?: string; status?: NotificationStatus },
): Promise<NotificationView[]> {
  const ordering = (query.ordering ?? 'id').trim()
  if (ordering !== 'id' && ordering !== '-id') throw invalidField('ordering', `"${ordering}" is not an ordering field (id, -id)`)
  const rows = await db.select(columns).from(appointmentNotification)
    .innerJoin(appointment, eq(appointment.id, appointmentNotification.appointmentId))
    .where(and(
      eq(appointment.organizationId, scope.organizationId),
      query.appointment ? eq(appointment.uuid, query.appointment) : undefined,
      query.status ? eq(appointmentNotification.status, query.status) : undefined,
    ))
    .orderBy(ordering === 'id' ? asc(appointmentNotification.id) : desc(appointmentNotification.id))
  return rows.map((r) => ({ row: r.notification, appointmentUuid: r.appointmentUuid }))
}
