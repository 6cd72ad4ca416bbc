import type { FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import type { AppointmentNote, Contact } from '../../db/schema/index.js'
import type { Appointment as AppointmentSchema } from '../../schemas/crm/appointment.js'
import type { AppointmentNote as NoteSchema } from '../../schemas/crm/appointment-note.js'
import type { AppointmentNotification as NotificationSchema } from '../../schemas/crm/appointment-notification.js'
import type { Contact as ContactSchema } from '../../schemas/crm/contact.js'
import type { AppointmentView } from '../../crm/appointments.js'
import type { NotificationView } from '../../crm/appointment-notifications.js'
import { TITLES } from '../../crm/choices.js'
import { formatInZone } from '../../kit/date-time.js'
import { crmLink } from './links.js'

/** Every CRM object shown belongs to the request's organization, hence `organizationUuid`. */
export function presentContact(row: Contact, organizationUuid: string): Static<typeof ContactSchema> {
  return {
    id: row.id,
    uuid: row.uuid,
    core_user_uuid: row.coreUserUuid,
    customer_id: row.customerId,
    first_name: row.firstName,
    middle_name: row.middleName,
    last_name: row.lastName,
    title: row.title,
    title_display: row.title ? TITLES[row.title as keyof typeof TITLES] ?? null : null,
    suffix: row.suffix,
    contact_type: row.contactType,
    customer_type: row.customerType,
    company: row.company,
    addresses: row.addresses,
    siteprofile_uuids: row.siteprofileUuids,
    emails: row.emails,
    phones: row.phones,
    notes: row.notes,
    organization_uuid: organizationUuid,
    workflowlevel1_uuids: row.workflowlevel1Uuids,
    workflowlevel2_uuids: row.workflowlevel2Uuids,
    timezone: row.timezone,
    language: row.language,
    create_date: row.createDate.toISOString(),
    edit_date: row.editDate.toISOString(),
  }
}

/** Times in the appointment's own zone, so `2018-01-01T12:15:00+01:00` comes back as written. */
export function presentAppointment({ row, notes, contact, planUuid }: AppointmentView, organizationUuid: string): Static<typeof AppointmentSchema> {
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    owner: row.owner,
    start_date: formatInZone(row.startDate, row.timezone),
    end_date: formatInZone(row.endDate, row.timezone),
    type: row.type,
    address: row.address,
    siteprofile_uuid: row.siteprofileUuid,
    invitee_uuids: row.inviteeUuids,
    organization_uuid: organizationUuid,
    notes,
    workflowlevel2_uuids: row.workflowlevel2Uuids,
    contact_uuid: row.contactUuid,
    contact: contact ? presentContact(contact, organizationUuid) : null,
    summary: row.summary,
    timezone: row.timezone,
    reminder_plan: planUuid,
    reminders_enabled: row.remindersEnabled,
    confirmation_status: row.confirmationStatus,
    confirmation_changed_at: row.confirmationChangedAt ? formatInZone(row.confirmationChangedAt, row.timezone) : null,
  }
}

export function presentNote(request: FastifyRequest, row: AppointmentNote, appointmentUuids: string[]): Static<typeof NoteSchema> {
  return {
    id: row.id,
    url: crmLink(request, 'appointmentnotes', row.id),
    note: row.note,
    type: row.type,
    appointments: appointmentUuids.map((uuid) => crmLink(request, 'appointment', uuid)),
  }
}

export function presentNotification(request: FastifyRequest, { row, appointmentUuid }: NotificationView): Static<typeof NotificationSchema> {
  return {
    id: row.id,
    url: crmLink(request, 'appointmentnotifications', row.id),
    subject: row.subject,
    message: row.message,
    recipient: row.recipient,
    sent_at: row.sentAt?.toISOString() ?? null,
    send_notification: row.sendNotification,
    send_at: row.sendAt?.toISOString() ?? null,
    appointment: crmLink(request, 'appointment', appointmentUuid),
    org_phone: row.orgPhone,
    org_name: row.orgName,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
  }
}
