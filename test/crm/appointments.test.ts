import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { configureDefaultOrganization, createManager, createOrganization } from './helpers.js'

const SITE = '44444444-4444-4444-8444-444444444444'
const WFL2 = '22222222-2222-4222-8222-222222222222'
const INVITEE = '66666666-6666-4666-8666-666666666666'

t.test('appointments', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const org1 = await configureDefaultOrganization(call, { timezone: 'Europe/Berlin', default_region: 'DE' })
  const me = (await call({ method: 'GET', url: '/rest-api/user/', as: 'manager' })).json().results[0]
  const contact = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'David', last_name: 'Mueller', workflowlevel1_uuids: [] } })).json()
  const stored = async (uuid: string) => (await deps.database.pool.query('select owner, timezone from appointment where uuid = $1', [uuid])).rows[0]

  const minimal = { start_date: '2018-01-01T12:15:00+01:00', end_date: '2018-01-01T13:00:00+01:00', type: ['Checkup'] }

  t.test('create minimal: owner is the caller, zone is the organization\'s, times echo as written', async (t) => {
    const res = await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: minimal })
    t.equal(res.statusCode, 201, res.body)
    const a = res.json()
    t.same(a, {
      id: a.id, contact: null, notes: [], driving_times: [],
      uuid: a.uuid, name: '', start_date: '2018-01-01T12:15:00+01:00', end_date: '2018-01-01T13:00:00+01:00',
      type: ['Checkup'], address: '', siteprofile_uuid: null, invitee_uuids: null, organization_uuid: org1.uuid,
      workflowlevel2_uuids: null, contact_uuid: null, summary: '',
      reminder_plan: null, reminders_enabled: true, confirmation_status: 'unconfirmed', confirmation_changed_at: null,
    }, 'the original serializer\'s fields (lists not given are null, as there) and the reminder fields of issue 13')
    t.match(a.uuid, /^[0-9a-f-]{36}$/)
    t.same(await stored(a.uuid), { owner: me.uuid, timezone: 'Europe/Berlin' }, 'owned by the caller, in the organization\'s zone (kept, not shown)')
    const got = await call({ method: 'GET', url: `/appointment/${a.uuid}/`, as: 'manager' })
    t.same(got.json(), a)
  })

  t.test('create full: notes, invitees, contact (nested), other zone; naive times read in that zone', async (t) => {
    const res = await call({
      method: 'POST', url: '/appointment/', as: 'manager', payload: {
        name: 'Visit', start_date: '2018-07-01 09:00', end_date: '2018-07-01T10:30:00', type: ['Checkup', 'Repair'],
        address: 'Main St 1', siteprofile_uuid: SITE, invitee_uuids: [INVITEE], workflowlevel2_uuids: [WFL2],
        contact_uuid: contact.uuid, summary: 'Done', timezone: 'America/New_York', organization_uuid: org1.uuid,
        notes: [{ type: 1, note: 'first' }, { type: 'OOO Note', note: 'away' }],
      },
    })
    t.equal(res.statusCode, 201, res.body)
    const a = res.json()
    t.match(a, {
      name: 'Visit', start_date: '2018-07-01T09:00:00-04:00', end_date: '2018-07-01T10:30:00-04:00', type: ['Checkup', 'Repair'],
      siteprofile_uuid: SITE, invitee_uuids: [INVITEE], workflowlevel2_uuids: [WFL2], contact_uuid: contact.uuid,
      contact: { uuid: contact.uuid, first_name: 'David', last_name: 'Mueller' },
    })
    t.equal((await stored(a.uuid)).timezone, 'America/New_York')
    t.match(a.notes, [{ id: Number, type: 1, note: 'first' }, { id: Number, type: 4, note: 'away' }])
    const { rows } = await deps.database.pool.query('select start_date from appointment where uuid = $1', [a.uuid])
    t.equal(rows[0].start_date.toISOString(), '2018-07-01T13:00:00.000Z')
  })

  t.test('validation errors name the field; nothing is stored', async (t) => {
    const other = await createOrganization(call, { name: 'Elsewhere' })
    await createManager(call, 'elsewhere', other)
    const foreign = (await call({ method: 'POST', url: '/contact/', as: 'elsewhere', payload: { first_name: 'Foreign', workflowlevel1_uuids: [] } })).json()
    const before = (await deps.database.pool.query('select count(*)::int as n from appointment')).rows[0].n
    const cases: [Record<string, unknown>, string][] = [
      [{ ...minimal, start_date: '2018-01-02T12:00:00+01:00' }, 'non_field_errors'],
      [{ ...minimal, type: [] }, 'type'],
      [{ ...minimal, type: [' '] }, 'type'],
      [{ start_date: minimal.start_date, end_date: minimal.end_date }, 'type'],
      [{ ...minimal, start_date: undefined }, 'start_date'],
      [{ ...minimal, start_date: '' }, 'start_date'],
      [{ ...minimal, end_date: 'tomorrow' }, 'end_date'],
      [{ ...minimal, timezone: 'Mars/Olympus' }, 'timezone'],
      [{ ...minimal, contact_uuid: 'nope' }, 'contact_uuid'],
      [{ ...minimal, organization_uuid: other.uuid }, 'organization_uuid'],
      [{ ...minimal, notes: [{ type: 1, note: 'a' }, { type: 'Primary', note: 'b' }] }, 'notes'],
      [{ ...minimal, notes: [{ type: 9, note: 'a' }] }, 'notes'],
      [{ ...minimal, invitee_uuids: ['x'] }, 'invitee_uuids'],
      [{ ...minimal, siteprofile_uuid: 'x' }, 'siteprofile_uuid'],
    ]
    for (const [payload, field] of cases) {
      const res = await call({ method: 'POST', url: '/appointment/', as: 'manager', payload })
      t.equal(res.statusCode, 400, `${field}: ${res.body}`)
      t.ok(Array.isArray(res.json()[field]), `names ${field}: ${res.body}`)
    }
    t.equal((await deps.database.pool.query('select count(*)::int as n from appointment')).rows[0].n, before)

    // contact_uuid is a soft reference, as in the original: an unknown or another organization's
    // contact is kept as given, but only a contact of the appointment's organization is shown.
    for (const uuid of [foreign.uuid, '77777777-7777-4777-8777-777777777777']) {
      const res = await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: { ...minimal, contact_uuid: uuid } })
      t.equal(res.statusCode, 201, res.body)
      t.match(res.json(), { contact_uuid: uuid, contact: null })
    }
  })

  t.test('PATCH and PUT change what is given (the original forced partial updates); notes not mentioned are kept', async (t) => {
    const created = (await call({
      method: 'POST', url: '/appointment/', as: 'manager', payload: {
        ...minimal, name: 'Orig', address: 'Somewhere', invitee_uuids: [INVITEE], contact_uuid: contact.uuid,
        notes: [{ type: 1, note: 'one' }, { type: 2, note: 'two' }],
      },
    })).json()
    const url = `/appointment/${created.uuid}/`
    const patched = await call({ method: 'PATCH', url, as: 'manager', payload: { name: 'Renamed', notes: [{ type: 1, note: 'ONE' }] } })
    t.equal(patched.statusCode, 200, patched.body)
    t.match(patched.json(), { name: 'Renamed', address: 'Somewhere', invitee_uuids: [INVITEE], start_date: minimal.start_date })
    t.same(patched.json().notes.map((n: { type: number; note: string }) => [n.type, n.note]), [[1, 'ONE'], [2, 'two']])
    t.equal(patched.json().notes[0].id, created.notes[0].id, 'the note of that type is updated in place')

    const late = await call({ method: 'PATCH', url, as: 'manager', payload: { start_date: '2018-01-01T14:00:00+01:00' } })
    t.equal(late.statusCode, 400, 'start after the stored end')
    t.same(late.json(), { non_field_errors: ['Start date cannot be later than end date.'] })

    const put = await call({ method: 'PUT', url, as: 'manager', payload: { type: ['Other'], invitee_uuids: null, notes: [{ type: 3, note: 'ooo' }] } })
    t.equal(put.statusCode, 200, put.body)
    t.match(put.json(), { name: 'Renamed', address: 'Somewhere', invitee_uuids: null, contact_uuid: contact.uuid, type: ['Other'], start_date: minimal.start_date })
    t.same(put.json().notes.map((n: { type: number }) => n.type), [1, 2, 3], 'PUT keeps notes it does not mention')
    t.equal((await stored(created.uuid)).owner, me.uuid)

    const tz = await call({ method: 'PATCH', url, as: 'manager', payload: { timezone: 'UTC' } })
    t.equal(tz.json().start_date, '2018-01-01T11:15:00Z', 'a new zone shows the same instant')
  })

  t.test('delete → 204 and its notifications go too', async (t) => {
    const a = (await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: minimal })).json()
    const n = await call({ method: 'POST', url: '/appointmentnotifications/', as: 'manager', payload: { appointment: a.uuid, recipient: 'x@example.com' } })
    t.equal(n.statusCode, 201)
    t.equal((await call({ method: 'DELETE', url: `/appointment/${a.uuid}/`, as: 'manager' })).statusCode, 204)
    t.equal((await call({ method: 'GET', url: `/appointment/${a.uuid}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: `/appointmentnotifications/${n.json().id}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: '/appointment/not-a-uuid/', as: 'manager' })).statusCode, 404)
  })

  t.test('deleting the contact keeps contact_uuid (a soft reference, as in the original) and stops showing it', async (t) => {
    const c = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'Temp', workflowlevel1_uuids: [] } })).json()
    const a = (await call({ method: 'POST', url: '/appointment/', as: 'manager', payload: { ...minimal, contact_uuid: c.uuid } })).json()
    t.match(a, { contact: { uuid: c.uuid } })
    t.equal((await call({ method: 'DELETE', url: `/contact/${c.id}/`, as: 'manager' })).statusCode, 204)
    t.match((await call({ method: 'GET', url: `/appointment/${a.uuid}/`, as: 'manager' })).json(), { contact_uuid: c.uuid, contact: null })
  })
})

t.test('appointment lists: filters, whole days in the organization zone, ordering, cursor pages', async (t) => {
  const { call } = await buildTestApp(t)
  await configureDefaultOrganization(call, { timezone: 'Europe/Berlin' })
  const me = (await call({ method: 'GET', url: '/rest-api/user/', as: 'manager' })).json().results[0]
  const admin = (await call({ method: 'GET', url: '/rest-api/user/1/', as: 'admin' })).json()
  const contact = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'C', workflowlevel1_uuids: [] } })).json()
  const make = async (as: string, payload: Record<string, unknown>) => {
    const res = await call({ method: 'POST', url: '/appointment/', as, payload: { type: ['T'], ...payload } })
    t.equal(res.statusCode, 201, res.body)
    return res.json()
  }
  // 23:30 Berlin on the 28th, and 00:30 Berlin on the 29th (still the 28th in UTC)
  const late28 = await make('manager', { name: 'late28', start_date: '2018-01-28T23:30:00+01:00', end_date: '2018-01-28T23:45:00+01:00', contact_uuid: contact.uuid })
  const early29 = await make('manager', { name: 'early29', start_date: '2018-01-28T23:30:00Z', end_date: '2018-01-29T01:00:00Z', invitee_uuids: [me.uuid] })
  const byAdmin = await make('admin', { name: 'admin', start_date: '2018-01-10T10:00:00+01:00', end_date: '2018-01-10T11:00:00+01:00', workflowlevel2_uuids: [WFL2], siteprofile_uuid: SITE })

  const names = async (query: string) => {
    const res = await call({ method: 'GET', url: `/appointment/${query}`, as: 'manager' })
    t.equal(res.statusCode, 200, `${query}: ${res.body}`)
    return res.json().results.map((a: { name: string }) => a.name)
  }
  t.same(Object.keys((await call({ method: 'GET', url: '/appointment/', as: 'manager' })).json()), ['next', 'previous', 'results'])
  t.same(await names(''), ['late28', 'early29', 'admin'], 'every appointment of the organization, by id')
  t.same(await names('?ordering=-id'), ['admin', 'early29', 'late28'])
  t.same(await names('?ordering=start_date'), ['admin', 'late28', 'early29'])
  t.same(await names(`?contact_uuid=${contact.uuid}`), ['late28'])
  t.same(await names('?owner=me'), ['late28', 'early29'])
  t.same(await names(`?owner=${admin.uuid}`), ['admin'])
  t.same(await names('?invitee=me'), ['early29'])
  t.same(await names(`?invitee=${me.uuid}`), ['early29'])
  t.same(await names(`?workflowlevel2_uuid=${WFL2}`), ['admin'])
  t.same(await names('?workflowlevel2_uuid=99999999-9999-4999-8999-999999999999'), [])
  t.same(await names(`?siteprofile_uuid=${SITE}`), ['admin'])
  t.same(await names('?start_date_lte=2018-1-28'), ['late28', 'admin'], 'lte includes the whole Berlin day')
  t.same(await names('?start_date_lte=2018-1-27'), ['admin'])
  t.same(await names('?start_date_gte=2018-01-29'), ['early29'])
  t.same(await names('?start_date_gte=2018-01-28&start_date_lte=2018-01-28'), ['late28'])
  t.same(await names('?paginate=true'), ['late28', 'early29', 'admin'], 'the original\'s paginate parameter is ignored')
  t.same(await names('?ordering=name'), ['late28', 'early29', 'admin'], 'an unknown ordering field is ignored, as DRF does')
  t.ok(late28 && early29 && byAdmin)

  // The original's filters answered a bare list of messages.
  for (const [query, body] of [
    ['?owner=someone', ['owner field can only have value "me" or a valid User UUID']],
    ['?invitee=42', ['invitee field can only have value "me" or a valid User UUID']],
    ['?workflowlevel2_uuid=nope', ['workflowlevel2_uuids field can only have a valid UUID']],
  ] as const) {
    const res = await call({ method: 'GET', url: `/appointment/${query}`, as: 'manager' })
    t.equal(res.statusCode, 400, query)
    t.same(res.json(), body, query)
  }
  for (const [query, field, message] of [
    ['?contact_uuid=nope', 'contact_uuid', /UUID/],
    ['?start_date_gte=28.01.2018', 'start_date_gte', /date/],
    ['?start_date_lte=2018-02-30', 'start_date_lte', /date/],
    ['?cursor=garbage', 'cursor', /cursor/i],
    ['?page_size=0', 'page_size', /./],
  ] as const) {
    const res = await call({ method: 'GET', url: `/appointment/${query}`, as: 'manager' })
    t.equal(res.statusCode, 400, query)
    t.match(res.json()[field]?.[0], message, `${query}: ${res.body}`)
  }

  // cursor pages of one, forwards and back
  const walk: string[] = []
  let url: string | null = '/appointment/?page_size=1&ordering=-start_date'
  let last: { previous: string | null } | undefined
  while (url) {
    const page: { next: string | null; previous: string | null; results: { name: string }[] } =
      (await call({ method: 'GET', url: url.replace('http://localhost', ''), as: 'manager' })).json()
    walk.push(...page.results.map((a) => a.name))
    if (walk.length === 1) t.equal(page.previous, null, 'the first page has no previous')
    url = page.next
    last = page
  }
  t.same(walk, ['early29', 'late28', 'admin'])
  const back: string[] = []
  url = last!.previous
  while (url) {
    const page: { previous: string | null; results: { name: string }[] } =
      (await call({ method: 'GET', url: url.replace('http://localhost', ''), as: 'manager' })).json()
    back.unshift(...page.results.map((a) => a.name))
    url = page.previous
  }
  t.same(back, ['early29', 'late28'], 'previous links walk back to the start')

  // 32 more rows: 30 by default, then the rest; page_size is capped, not refused
  for (let i = 0; i < 29; i++) await make('manager', { name: `n${i}`, start_date: '2019-01-01T10:00:00Z', end_date: '2019-01-01T11:00:00Z' })
  const first = (await call({ method: 'GET', url: '/appointment/', as: 'manager' })).json()
  t.equal(first.results.length, 30)
  t.match(first.next, /^http:\/\/localhost\/appointment\/\?cursor=[^&]+$/)
  const sorted = (await call({ method: 'GET', url: '/appointment/?paginate=true&page_size=30', as: 'manager' })).json()
  t.match(sorted.next, /^http:\/\/localhost\/appointment\/\?cursor=[^&]+&page_size=30&paginate=true$/, 'parameters sorted, cursor first, as DRF writes them')
  const second = (await call({ method: 'GET', url: first.next.replace('http://localhost', ''), as: 'manager' })).json()
  t.equal(second.results.length, 2)
  t.equal(second.next, null)
  t.equal((await call({ method: 'GET', url: '/appointment/?page_size=2002', as: 'manager' })).json().results.length, 32)
})
