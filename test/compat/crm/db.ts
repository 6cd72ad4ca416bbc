import type pg from 'pg'

/**
 * `Contact.objects.get(pk=…).__dict__`: the stored contact under the original model's field names
 * (its organization as the uuid, as the original stored it).
 */
export async function storedContact(pool: pg.Pool, id: number): Promise<Record<string, unknown> | undefined> {
  const { rows } = await pool.query(
    `select c.id, c.uuid, c.core_user_uuid, c.customer_id, c.first_name, c.middle_name, c.last_name, c.title, c.suffix,
       c.contact_type_uuid as contact_type_id, c.customer_type, c.company, c.addresses, c.siteprofile_uuids, c.emails, c.phones,
       c.notes, o.uuid as organization_uuid, c.workflowlevel1_uuids, c.workflowlevel2_uuids
     from contact c join organization o on o.id = c.organization_id where c.id = $1`, [id])
  return rows[0]
}

/** `Appointment.objects.get(id=…)` with its notes (`appointment.notes.all()`) and organization uuid. */
export async function storedAppointment(pool: pg.Pool, id: number) {
  const { rows: [row] } = await pool.query(
    'select a.*, o.uuid as organization_uuid from appointment a join organization o on o.id = a.organization_id where a.id = $1', [id])
  const { rows: notes } = await pool.query(
    `select n.id, n.note, n.type from appointment_note n join appointment_note_link l on l.note_id = n.id
     where l.appointment_id = $1 order by n.id`, [id])
  return { ...row, notes } as Record<string, any> & { notes: { id: number; note: string; type: number }[] }
}

/** assertDictContainsSubset(expected, actual): every key of `expected` is in `actual` with an equal value. */
export function subset(expected: Record<string, unknown>, actual: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, actual?.[key]]))
}
