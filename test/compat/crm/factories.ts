/**
 * The upstream factories (contact/tests/model_factories.py, appointment/tests/model_factories.py)
 * writing straight into Tocsin's tables, with the same defaults. factory_boy evaluates
 * `uuid.uuid4()` in a class body once per run: those are the FACTORY_* constants.
 */
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { JWT_ORGANIZATION_DEFAULTS } from '../../../src/accounts/jwt-auth.js'
import { PyDateTime, utc } from './python.js'

export const FACTORY_CONTACT_ORG = randomUUID()
export const FACTORY_CONTACT_CORE_USER = randomUUID()
export const FACTORY_CONTACT_WORKFLOWLEVEL1 = randomUUID()
export const FACTORY_APPOINTMENT_ORG = randomUUID()
export const FACTORY_OWNER = randomUUID()

type Row = Record<string, any>
type Attrs = Record<string, unknown>

/** factory.Iterator: cycles through the values, one per object made. */
function iterator<T>(values: T[]) {
  let i = 0
  return () => values[i++ % values.length]!
}

const dateOf = (value: unknown): unknown => (value instanceof PyDateTime ? value.toDate() : value)

export function createFactories(pool: pg.Pool) {
  const contactNames = { first: iterator(['David', 'Nina']), last: iterator(['Bowie', 'Simone']), title: iterator(['mr', 'ms']),
    customerType: iterator(['customer', 'public']), company: iterator(['RCA', 'Motown']),
    emails: iterator([
      [{ type: 'private', email: 'contact@bowie.co.uk' }, { type: 'office', email: 'bowie@label.co.uk' }],
      [{ type: 'private', email: 'contact@ninasimone.com' }, { type: 'office', email: 'simone@label.com' }],
    ]),
    notes: iterator(["Bowie's notes", "Nina's notes"]) }
  const appointmentNames = iterator(['David', 'Nina'])

  /** The organization with this uuid, as Tocsin creates it when a token first names it. */
  async function organization(uuid: string): Promise<number> {
    await pool.query(
      `insert into organization (uuid, name, timezone, language, default_region) values ($1, $2, $3, $4, $5) on conflict (uuid) do nothing`,
      [uuid, `Organization ${uuid}`, JWT_ORGANIZATION_DEFAULTS.timezone, JWT_ORGANIZATION_DEFAULTS.language, JWT_ORGANIZATION_DEFAULTS.defaultRegion],
    )
    return (await pool.query('select id from organization where uuid = $1', [uuid])).rows[0].id as number
  }

  /** contact.Type: `organization_uuid = LazyFunction(uuid4)` (a new one each time), name '' unless given. */
  async function type(attrs: Attrs = {}): Promise<Row> {
    const orgId = await organization(String(attrs.organization_uuid ?? randomUUID()))
    const { rows } = await pool.query(
      'insert into contact_type (name, organization_id, is_global) values ($1, $2, $3) returning *',
      [attrs.name ?? '', orgId, attrs.is_global ?? false],
    )
    return rows[0]
  }

  /** contact.Contact; customer_id as Contact.save() allots it (the organization's highest + 1, from 10001). */
  async function contact(attrs: Attrs = {}): Promise<Row> {
    const a = {
      core_user_uuid: FACTORY_CONTACT_CORE_USER, first_name: contactNames.first(), last_name: contactNames.last(),
      title: contactNames.title(), customer_type: contactNames.customerType(), company: contactNames.company(),
      addresses: [], emails: contactNames.emails(), phones: [], notes: contactNames.notes(),
      organization_uuid: FACTORY_CONTACT_ORG, workflowlevel1_uuids: [FACTORY_CONTACT_WORKFLOWLEVEL1], ...attrs,
    } as Attrs
    const orgId = await organization(String(a.organization_uuid))
    const customerId = a.customer_id ?? (await pool.query(
      'select coalesce(max(customer_id) + 1, 10001) as n from contact where organization_id = $1', [orgId])).rows[0].n
    const { rows } = await pool.query(
      `insert into contact (organization_id, core_user_uuid, customer_id, first_name, middle_name, last_name, title, suffix,
         contact_type_uuid, customer_type, company, addresses, siteprofile_uuids, emails, phones, notes, workflowlevel1_uuids, workflowlevel2_uuids)
       values ($1, $2, $3, $4, '', $5, $6, '', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning *`,
      [orgId, a.core_user_uuid, customerId, a.first_name ?? '', a.last_name ?? '', a.title ?? null, (a.contact_type as Row | undefined)?.uuid ?? null,
        a.customer_type ?? null, a.company ?? null, json(a.addresses), a.siteprofile_uuids ?? null, json(a.emails), json(a.phones),
        a.notes ?? null, a.workflowlevel1_uuids, a.workflowlevel2_uuids ?? null],
    )
    return rows[0]
  }

  async function contacts(size: number, attrs: Attrs = {}): Promise<Row[]> {
    const made: Row[] = []
    for (let i = 0; i < size; i++) made.push(await contact(attrs))
    return made
  }

  /** appointment.AppointmentNote (note '' and type 1 unless given), in `organizationId`. */
  async function note(organizationId: number, attrs: Attrs = {}): Promise<Row> {
    const { rows } = await pool.query(
      'insert into appointment_note (id, organization_id, note, type) values (coalesce($1, nextval(pg_get_serial_sequence(\'appointment_note\', \'id\'))), $2, $3, $4) returning *',
      [attrs.id ?? null, organizationId, attrs.note ?? '', attrs.type ?? 1],
    )
    if (attrs.id !== undefined) await pool.query(`select setval(pg_get_serial_sequence('appointment_note', 'id'), (select max(id) from appointment_note))`)
    return rows[0]
  }

  /** appointment.notes.add(note) */
  async function link(appointmentRow: Row, noteRow: Row): Promise<void> {
    await pool.query('insert into appointment_note_link (appointment_id, note_id, note_type) values ($1, $2, $3)', [appointmentRow.id, noteRow.id, noteRow.type])
  }

  /**
   * appointment.Appointment. Its `notes = RelatedFactory(AppointmentNote)` makes one note that is
   * linked to nothing (unless `notes` is given, as `notes=[]` is).
   */
  async function appointment(attrs: Attrs = {}): Promise<Row> {
    const a = {
      owner: FACTORY_OWNER, name: appointmentNames(), start_date: utc(2018, 1, 1, 12, 30), end_date: utc(2018, 1, 1, 15, 15),
      type: ['Testtype1', 'Testtype2'], address: 'Teststreet 1', organization_uuid: FACTORY_APPOINTMENT_ORG, ...attrs,
    } as Attrs
    const orgId = await organization(String(a.organization_uuid))
    const { rows } = await pool.query(
      `insert into appointment (organization_id, owner, name, start_date, end_date, type, address, siteprofile_uuid, invitee_uuids,
         workflowlevel2_uuids, contact_uuid, summary, timezone)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', (select timezone from organization where id = $1)) returning *`,
      [orgId, String(a.owner), a.name, dateOf(a.start_date), dateOf(a.end_date), a.type, a.address, a.siteprofile_uuid ?? null,
        (a.invitee_uuids as unknown[] | undefined)?.map(String) ?? null, (a.workflowlevel2_uuids as unknown[] | undefined)?.map(String) ?? null,
        a.contact_uuid === undefined ? null : String(a.contact_uuid)],
    )
    if (attrs.notes === undefined) await note(orgId)
    return rows[0]
  }

  /** `size` factory appointments in one statement each for the rows and their unlinked notes (for the 2002-row test). */
  async function appointments(size: number, attrs: Attrs & { organization_uuid: string; contact_uuid: string }): Promise<void> {
    const orgId = await organization(attrs.organization_uuid)
    const start = utc(2018, 1, 1, 12, 30).toDate()
    const end = utc(2018, 1, 1, 15, 15).toDate()
    await pool.query(
      `insert into appointment (organization_id, owner, name, start_date, end_date, type, address, workflowlevel2_uuids, contact_uuid, summary, timezone)
       select $1, $2, $3, $4, $5, array['Testtype1', 'Testtype2'], 'Teststreet 1', array[gen_random_uuid()], $6, '',
         (select timezone from organization where id = $1)
       from generate_series(1, $7)`,
      [orgId, FACTORY_OWNER, attrs.name ?? 'John Tester', start, end, attrs.contact_uuid, size],
    )
    await pool.query(`insert into appointment_note (organization_id, note, type) select $1, '', 1 from generate_series(1, $2)`, [orgId, size])
  }

  /** appointment.AppointmentNotification (its appointment: the given one, or a new factory one). */
  async function notification(attrs: Attrs = {}): Promise<Row> {
    const target = (attrs.appointment as Row | undefined) ?? await appointment()
    const { rows } = await pool.query(
      `insert into appointment_notification (appointment_id, subject, message, recipient, sent_at, send_notification, org_phone, org_name, status)
       values ($1, $2, $3, $4, $5, false, $6, $7, case when $5::timestamptz is null then 'draft' else 'sent' end) returning *`,
      [target.id, attrs.subject ?? 'Test Subject', attrs.message ?? 'Test Message body', attrs.recipient ?? 'test@example.org',
        attrs.sent_at ?? null, attrs.org_phone ?? null, attrs.org_name ?? null],
    )
    return rows[0]
  }

  /** appointment.AppointmentDrivingTime: random distance (0–99.99) and minutes (0–119) unless given. */
  async function drivingTime(attrs: Attrs & { appointment: Row }): Promise<Row> {
    const distance = attrs.distance ?? Math.floor(Math.random() * 10000) / 100
    const time = attrs.time ?? Math.floor(Math.random() * 120)
    const { rows } = await pool.query(
      'insert into appointment_driving_time (appointment_id, distance, time) values ($1, $2, $3) returning *',
      [attrs.appointment.id, distance, time],
    )
    return rows[0]
  }

  return { organization, type, contact, contacts, note, link, appointment, appointments, notification, drivingTime }
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

export type Factories = ReturnType<typeof createFactories>
