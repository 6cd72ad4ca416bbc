import { eq } from 'drizzle-orm'
import type { Db, Tx } from '../db/client.js'
import { appointment, appointmentDrivingTime, type AppointmentDrivingTime } from '../db/schema/index.js'
import { invalidField, notFound } from '../errors.js'
import { parseIsoDateTime as parseDateTime } from '../kit/date-time.js'
import { isSuperuser, objectScope, type CrmScope } from './scope.js'
import { hasChanges } from '../kit/changes.js'
import { isUuid } from '../kit/values.js'

/** The original's AppointmentDrivingTimeSerializer fields; the appointment is its integer id. */
export interface DrivingTimeWrite {
  appointment?: unknown
  distance?: unknown
  time?: unknown
  time_point?: string | null
}

export interface DrivingTimeView {
  row: AppointmentDrivingTime
  appointmentId: number
}

/** decimal(5,2), checked as DRF's DecimalField checks it; answered as "2.50", as DRF does. */
function distanceOf(value: unknown): string {
  if (value === null || value === undefined || value === '') throw invalidField('distance', value === null ? 'This field may not be null.' : 'This field is required.')
  const text = String(value).trim()
  const match = /^-?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw invalidField('distance', 'A valid number is required.')
  if ((match[2] ?? '').length > 2) throw invalidField('distance', 'Ensure that there are no more than 2 decimal places.')
  if (match[1]!.replace(/^0+/, '').length > 3) throw invalidField('distance', 'Ensure that there are no more than 3 digits before the decimal point.')
  return Number(text).toFixed(2)
}

function timeOf(value: unknown): number {
  if (value === null || value === undefined || value === '') throw invalidField('time', value === null ? 'This field may not be null.' : 'This field is required.')
  const n = Number(value)
  if (!Number.isInteger(n)) throw invalidField('time', 'A valid integer is required.')
  if (n < 0) throw invalidField('time', 'Ensure this value is greater than or equal to 0.')
  if (n > 32767) throw invalidField('time', 'Ensure this value is less than or equal to 32767.')
  return n
}

/** An appointment the caller may act on, by id (else 400 in DRF's words, so existence does not leak). */
async function appointmentFor(tx: Tx, scope: CrmScope, value: unknown): Promise<number> {
  if (value === null || value === undefined || value === '') throw invalidField('appointment', value === null ? 'This field may not be null.' : 'This field is required.')
  const id = Number(value)
  const missing = invalidField('appointment', `Invalid pk "${String(value)}" - object does not exist.`)
  if (!Number.isInteger(id) || id < 1 || id > 2147483647) throw missing
  const [row] = await tx.select().from(appointment).where(eq(appointment.id, id)).for('share')
  // The original accepted any appointment: a drive added to another organization's would change its data.
  if (!row || !(row.organizationId === scope.organizationId || row.owner === scope.principal.uuid || isSuperuser(scope.principal))) throw missing
  return row.id
}

/** A driving time, if the caller may act on its appointment (org members, the owner, superusers; else 403). */
async function reach(tx: Tx, scope: CrmScope, uuid: string, lock = false): Promise<AppointmentDrivingTime> {
  if (!isUuid(uuid)) throw notFound('Driving time')
  const query = tx.select({ drive: appointmentDrivingTime, appointment }).from(appointmentDrivingTime)
    .innerJoin(appointment, eq(appointment.id, appointmentDrivingTime.appointmentId))
    .where(eq(appointmentDrivingTime.uuid, uuid.toLowerCase()))
  const [found] = lock ? await query.for('update', { of: appointmentDrivingTime }) : await query
  if (!found) throw notFound('Driving time')
  await objectScope(tx, scope, found.appointment.organizationId, found.appointment.owner)
  return found.drive
}

export const getDrivingTime = (db: Db, scope: CrmScope, uuid: string) => reach(db, scope, uuid)

function timePointOf(value: string | null | undefined): Date | null {
  return value === null || value === undefined || value === '' ? null : parseDateTime('time_point', value, 'UTC')
}

export async function createDrivingTime(db: Db, scope: CrmScope, body: DrivingTimeWrite): Promise<AppointmentDrivingTime> {
  return db.transaction(async (tx) => {
    const appointmentId = await appointmentFor(tx, scope, body.appointment)
    const [row] = await tx.insert(appointmentDrivingTime).values({
      appointmentId, distance: distanceOf(body.distance), time: timeOf(body.time), timePoint: timePointOf(body.time_point),
    }).returning()
    return row!
  })
}

/** PUT and PATCH: the fields given change (PUT requires the appointment, distance and time, as DRF's full update does). */
export async function updateDrivingTime(db: Db, scope: CrmScope, uuid: string, body: DrivingTimeWrite, full: boolean): Promise<AppointmentDrivingTime> {
  return db.transaction(async (tx) => {
    const current = await reach(tx, scope, uuid, true)
    const values: Partial<AppointmentDrivingTime> = {}
    if (body.appointment !== undefined || full) values.appointmentId = await appointmentFor(tx, scope, body.appointment)
    if (body.distance !== undefined || full) values.distance = distanceOf(body.distance)
    if (body.time !== undefined || full) values.time = timeOf(body.time)
    if (body.time_point !== undefined) values.timePoint = timePointOf(body.time_point)
    if (!hasChanges(values)) return current
    const [row] = await tx.update(appointmentDrivingTime).set(values).where(eq(appointmentDrivingTime.uuid, current.uuid)).returning()
    return row!
  })
}

export async function deleteDrivingTime(db: Db, scope: CrmScope, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await reach(tx, scope, uuid, true)
    await tx.delete(appointmentDrivingTime).where(eq(appointmentDrivingTime.uuid, current.uuid))
  })
}
