import type { FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import type { AppointmentDrivingTime, AppointmentNote, ContactType } from '../../db/schema/index.js'
import type { Appointment as AppointmentSchema, DrivingTime as DrivingTimeSchema } from '../../schemas/crm/appointment.js'
import type { AppointmentNote as NoteSchema } from '../../schemas/crm/appointment-note.js'
import type { AppointmentNotification as NotificationSchema } from '../../schemas/crm/appointment-notification.js'
import type { Contact as ContactSchema, ContactType as ContactTypeSchema } from '../../schemas/crm/contact.js'
import type { AppointmentView } from '../../crm/appointments.js'
import type { NotificationView } from '../../crm/appointment-notifications.js'
import type { ContactView } from '../../crm/contacts.js'
import { TITLES } from '../../crm/choices.js'
import { formatInZone } from '../../kit/date-time.js'
import { crmLink } from './links.js'

// The original serializers' fields, in their order; `contact_type_name` only when there is a type.
export function presentContact({ row, organizationUuid, contactTypeName }: ContactView): Static<typeof ContactSchema> {
  return {
    id: row.id,
    uuid: row.uuid,
    customer_id: row.customerId,
    first_name: row.firstName,
    middle_name: row.middleName,
    last_name: row.lastName,
    title: row.title,
    title_display: row.title ? TITLES[row.title as keyof typeof TITLES] ?? row.title : null,
    suffix: row.suffix,
    contact_type: row.contactTypeUuid,
    ...(contactTypeName === null ? {} : { contact_type_name: contactTypeName }),
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

export function presentContactType(row: ContactType): Static<typeof ContactTypeSchema> {
  return { uuid: row.uuid, name: row.name, is_global: row.isGlobal }
}

export function presentDrivingTime(row: AppointmentDrivingTime): Static<typeof DrivingTimeSchema> {
  return {
    uuid: row.uuid,
    distance: row.distance,
    time: row.time,
    appointment: row.appointmentId,
    time_point: row.timePoint?.toISOString() ?? null,
  }
}

/** Times in the appointment's own zone, so `2018-01-01T12:15:00+01:00` comes back as written. */
export function presentAppointment({ row, organizationUuid, notes, drivingTimes, contact, planUuid }: AppointmentView): Static<typeof AppointmentSchema> {
  return {
    id: row.id,
    contact: contact ? presentContact(contact) : null,
    notes,
    driving_times: drivingTimes.map(presentDrivingTime),
    uuid: row.uuid,
    name: row.name,
    start_date: formatInZone(row.startDate, row.timezone),
    end_date: formatInZone(row.endDate, row.timezone),
    type: row.type,
    address: row.address,
    siteprofile_uuid: row.siteprofileUuid,
    invitee_uuids: row.inviteeUuids,
    organization_uuid: organizationUuid,
    workflowlevel2_uuids: row.workflowlevel2Uuids,
    contact_uuid: row.contactUuid,
    summary: row.summary,
    // Tocsin's reminders (issue 13 puts them on the appointment; docs/compatibility.md lists the upstream test that
    // asserts the original's exact key set).
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
    url: crmLink(request, 'appointmentnotifications', row.id),
    id: row.id,
    subject: row.subject,
    message: row.message,
    recipient: row.recipient,
    sent_at: row.sentAt?.toISOString() ?? null,
    send_notification: row.sendNotification,
    appointment: crmLink(request, 'appointment', appointmentUuid),
    org_phone: row.orgPhone,
    org_name: row.orgName,
    send_at: row.sendAt?.toISOString() ?? null,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
  }
}
