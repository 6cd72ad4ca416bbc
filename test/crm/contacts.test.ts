import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { configureDefaultOrganization, createManager, createOrganization } from './helpers.js'

const WFL1 = '11111111-1111-4111-8111-111111111111'
const WFL2A = '22222222-2222-4222-8222-222222222222'
const WFL2B = '33333333-3333-4333-8333-333333333333'
const SITE = '44444444-4444-4444-8444-444444444444'

t.test('contacts', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const org1 = await configureDefaultOrganization(call, { default_region: 'DE', timezone: 'Europe/Berlin' })

  const full = {
    first_name: 'David',
    middle_name: 'M',
    last_name: 'Mueller',
    title: 'Mr.',
    suffix: 'Dr.',
    contact_type: 'Customer',
    customer_type: 'company',
    company: 'Humanitec',
    addresses: [{ type: 'home', street: 'Hauptstraße', house_number: '1', postal_code: '10115', city: 'Berlin', country: 'Germany' }],
    siteprofile_uuids: [SITE],
    emails: [{ type: 'office', email: 'david@example.com' }],
    phones: [{ type: 'mobile', number: '030 1234567' }],
    notes: 'VIP',
    workflowlevel1_uuids: [WFL1],
    workflowlevel2_uuids: [WFL2A],
    timezone: 'Europe/Vienna',
    language: 'de-at',
  }

  t.test('create with every seed field; round trip; defaults', async (t) => {
    const res = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { ...full, organization_uuid: 'ignore_this' } })
    t.equal(res.statusCode, 201, res.body)
    const c = res.json()
    t.match(c, {
      id: Number, uuid: /^[0-9a-f-]{36}$/, core_user_uuid: null, customer_id: 10001,
      first_name: 'David', middle_name: 'M', last_name: 'Mueller', title: 'mr', title_display: 'Mr.', suffix: 'Dr.',
      contact_type: 'customer', customer_type: 'company', company: 'Humanitec', notes: 'VIP',
      organization_uuid: org1.uuid, workflowlevel1_uuids: [WFL1], workflowlevel2_uuids: [WFL2A], siteprofile_uuids: [SITE],
    })
    t.same(c.addresses, full.addresses)
    t.same(c.emails, [{ type: 'office', email: 'david@example.com' }])
    t.same(c.phones, [{ type: 'mobile', number: '+49301234567' }], 'phone stored in E.164, read in the organization region')
    t.same(Object.keys(c).sort(), [
      'addresses', 'company', 'contact_type', 'core_user_uuid', 'create_date', 'customer_id', 'customer_type', 'edit_date',
      'emails', 'first_name', 'id', 'language', 'last_name', 'middle_name', 'notes', 'organization_uuid', 'phones', 'siteprofile_uuids',
      'suffix', 'timezone', 'title', 'title_display', 'uuid', 'workflowlevel1_uuids', 'workflowlevel2_uuids',
    ])
    t.match(c, { timezone: 'Europe/Vienna', language: 'de-AT' }, 'the language tag in its canonical form')
    const got = await call({ method: 'GET', url: `/contact/${c.id}/`, as: 'manager' })
    t.equal(got.statusCode, 200)
    t.same(got.json(), c)

    const minimal = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'Ann' } })
    t.equal(minimal.statusCode, 201)
    t.match(minimal.json(), {
      customer_id: 10002, last_name: '', title: null, title_display: null, contact_type: null, customer_type: null,
      addresses: [], emails: [], phones: [], workflowlevel1_uuids: [],
    })
  })

  t.test('validation errors name the field', async (t) => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'first_name'],
      [{ first_name: '   ' }, 'first_name'],
      [{ first_name: 'x'.repeat(51) }, 'first_name'],
      [{ first_name: 'A', title: 'Sir' }, 'title'],
      [{ first_name: 'A', contact_type: 'Alien' }, 'contact_type'],
      [{ first_name: 'A', customer_type: 'x' }, 'customer_type'],
      [{ first_name: 'A', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ first_name: 'A', language: 'not a language' }, 'language'],
      [{ first_name: 'A', emails: [{ type: 'office', email: 'not-an-email' }] }, 'emails.0.email'],
      [{ first_name: 'A', emails: [{ type: 'work', email: 'a@example.com' }] }, 'emails.0.type'],
      [{ first_name: 'A', emails: [{ type: 'office' }] }, 'emails.0.email'],
      [{ first_name: 'A', phones: [{ type: 'mobile', number: '12' }] }, 'phones.0.number'],
      [{ first_name: 'A', phones: [{ type: 'pager', number: '+4930123456' }] }, 'phones.0.type'],
      [{ first_name: 'A', addresses: [{ type: 'home', planet: 'Mars' }] }, 'addresses.0.planet'],
      [{ first_name: 'A', addresses: [{ type: 'castle', city: 'Berlin' }] }, 'addresses.0.type'],
      [{ first_name: 'A', addresses: [{ city: 'x'.repeat(86) }] }, 'addresses.0.city'],
      [{ first_name: 'A', workflowlevel2_uuids: ['nope'] }, 'workflowlevel2_uuids.0'],
      [{ first_name: 'A', core_user_uuid: 'nope' }, 'core_user_uuid'],
      [{ first_name: 'A', customer_id: -5 }, 'customer_id'],
    ]
    const before = await deps.database.pool.query('select count(*)::int as n from contact')
    for (const [payload, field] of cases) {
      const res = await call({ method: 'POST', url: '/contact/', as: 'manager', payload })
      t.equal(res.statusCode, 400, `${JSON.stringify(payload)} → 400`)
      t.ok(res.json().error.fields?.[field], `${JSON.stringify(payload)} names ${field}: ${res.body}`)
    }
    const after = await deps.database.pool.query('select count(*)::int as n from contact')
    t.equal(after.rows[0].n, before.rows[0].n, 'nothing stored')
  })

  t.test('customer_id: chosen when free, 409 when taken, numbering continues from the max', async (t) => {
    const chosen = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'C', customer_id: 20000 } })
    t.equal(chosen.statusCode, 201)
    t.equal(chosen.json().customer_id, 20000)
    const taken = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'D', customer_id: 20000 } })
    t.equal(taken.statusCode, 409)
    t.ok(taken.json().error.fields.customer_id)
    const low = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'E', customer_id: 123 } })
    t.equal(low.json().customer_id, 123, 'a lower free number is accepted')
    const next = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'F' } })
    t.equal(next.json().customer_id, 20001)
    const moved = await call({ method: 'PATCH', url: `/contact/${low.json().id}/`, as: 'manager', payload: { customer_id: 20000 } })
    t.equal(moved.statusCode, 409)
    t.ok(moved.json().error.fields.customer_id)
    const self = await call({ method: 'PATCH', url: `/contact/${chosen.json().id}/`, as: 'manager', payload: { customer_id: 20000, last_name: 'Same' } })
    t.equal(self.statusCode, 200, 'keeping its own number is no conflict')
  })

  t.test('core_user_uuid: one contact per core user and organization', async (t) => {
    const core = '55555555-5555-4555-8555-555555555555'
    t.equal((await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'G', core_user_uuid: core } })).statusCode, 201)
    const dup = await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'H', core_user_uuid: core } })
    t.equal(dup.statusCode, 409)
    t.ok(dup.json().error.fields.core_user_uuid)
  })

  t.test('PUT replaces, PATCH changes only what is given', async (t) => {
    const created = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: full })).json()
    const patched = await call({ method: 'PATCH', url: `/contact/${created.id}/`, as: 'manager', payload: { last_name: '' } })
    t.equal(patched.statusCode, 200)
    t.match(patched.json(), { first_name: 'David', last_name: '', company: 'Humanitec', customer_id: created.customer_id })
    t.same(patched.json().emails, created.emails)

    const putMissing = await call({ method: 'PUT', url: `/contact/${created.id}/`, as: 'manager', payload: { last_name: 'X' } })
    t.equal(putMissing.statusCode, 400, 'PUT needs the required fields')
    t.ok(putMissing.json().error.fields.first_name)

    const put = await call({ method: 'PUT', url: `/contact/${created.id}/`, as: 'manager', payload: { first_name: 'Dave' } })
    t.equal(put.statusCode, 200)
    t.match(put.json(), {
      first_name: 'Dave', last_name: '', company: '', title: null, emails: [], phones: [], addresses: [],
      workflowlevel1_uuids: [], customer_id: created.customer_id, uuid: created.uuid,
    })
    t.ok(new Date(put.json().edit_date) >= new Date(created.edit_date))
    const invalid = await call({ method: 'PATCH', url: `/contact/${created.id}/`, as: 'manager', payload: { phones: [{ number: 'abc' }] } })
    t.equal(invalid.statusCode, 400)
    t.ok(invalid.json().error.fields['phones.0.number'])
    t.equal((await call({ method: 'GET', url: `/contact/${created.id}/`, as: 'manager' })).json().first_name, 'Dave', 'unchanged by the bad PATCH')
  })

  t.test('delete → 204, then 404', async (t) => {
    const { id } = (await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: 'Gone' } })).json()
    t.equal((await call({ method: 'DELETE', url: `/contact/${id}/`, as: 'manager' })).statusCode, 204)
    t.equal((await call({ method: 'GET', url: `/contact/${id}/`, as: 'manager' })).statusCode, 404)
    t.equal((await call({ method: 'DELETE', url: `/contact/${id}/`, as: 'manager' })).statusCode, 404)
  })

  t.test('unauthenticated → 401', async (t) => {
    t.equal((await call({ method: 'GET', url: '/contact/' })).statusCode, 401)
    t.equal((await call({ method: 'POST', url: '/contact/', payload: { first_name: 'x' } })).statusCode, 401)
  })

  t.test('customer ids are per organization', async (t) => {
    const org2 = await createOrganization(call, { name: 'Other' })
    await createManager(call, 'other', org2)
    const res = await call({ method: 'POST', url: '/contact/', as: 'other', payload: { first_name: 'Zed' } })
    t.equal(res.json().customer_id, 10001)
    t.equal(res.json().organization_uuid, org2.uuid)
  })
})

t.test('contact lists: search, starts_with, ordering, filters, limit/offset', async (t) => {
  const { call } = await buildTestApp(t)
  const people = [
    { first_name: 'David', last_name: 'Mueller', workflowlevel2_uuids: [WFL2A] },
    { first_name: 'Anna', last_name: 'Mueller', workflowlevel2_uuids: [WFL2B], siteprofile_uuids: [SITE] },
    { first_name: 'Zoe', last_name: 'Adams', workflowlevel2_uuids: [WFL2A, WFL2B] },
    { first_name: 'Bob', last_name: 'Smith', contact_type: 'supplier' },
  ]
  for (const p of people) t.equal((await call({ method: 'POST', url: '/contact/', as: 'manager', payload: p })).statusCode, 201)
  const names = async (query: string) => {
    const res = await call({ method: 'GET', url: `/contact/${query}`, as: 'manager' })
    t.equal(res.statusCode, 200, `${query}: ${res.body}`)
    return res.json().results.map((c: { first_name: string }) => c.first_name)
  }
  t.same(await names(''), ['Anna', 'Bob', 'David', 'Zoe'], 'default ordering first_name')
  t.same(await names('?ordering=-first_name'), ['Zoe', 'David', 'Bob', 'Anna'])
  t.same(await names('?ordering=last_name,-first_name'), ['Zoe', 'David', 'Anna', 'Bob'])
  t.same(await names('?search=Avi'), ['David'])
  t.same(await names('?search=ELLER'), ['Anna', 'David'])
  t.same(await names('?search=%25'), [], 'wildcards match literally')
  t.same(await names('?starts_with=dA'), ['David'])
  t.same(await names('?starts_with=mueller'), ['Anna', 'David'])
  t.same(await names('?starts_with=ueller'), [])
  t.same(await names(`?workflowlevel2_uuids=${WFL2A}`), ['David', 'Zoe'])
  t.same(await names(`?workflowlevel2_uuids=${WFL2A},${WFL2B}`), ['Anna', 'David', 'Zoe'])
  t.same(await names(`?siteprofile_uuids=${SITE}`), ['Anna'])
  t.same(await names('?contact_type=Supplier'), ['Bob'])
  t.same(await names('?customer_id=10002'), ['Anna'])

  for (const [query, field] of [
    ['?ordering=password', 'ordering'],
    ['?workflowlevel2_uuids=nope', 'workflowlevel2_uuids'],
    ['?limit=abc', 'limit'],
    ['?offset=-1', 'offset'],
    ['?contact_type=alien', 'contact_type'],
    ['?core_user_uuid=xyz', 'core_user_uuid'],
  ] as const) {
    const res = await call({ method: 'GET', url: `/contact/${query}`, as: 'manager' })
    t.equal(res.statusCode, 400, query)
    t.ok(res.json().error.fields?.[field], `${query} names ${field}: ${res.body}`)
  }

  const page = (await call({ method: 'GET', url: '/contact/?limit=2', as: 'manager' })).json()
  t.equal(page.count, 4)
  t.same(page.results.map((c: { first_name: string }) => c.first_name), ['Anna', 'Bob'])
  t.equal(page.next, 'http://localhost:80/contact/?limit=2&offset=2'.replace(':80', ''))
  t.equal(page.previous, null)
  const second = (await call({ method: 'GET', url: page.next.replace('http://localhost', ''), as: 'manager' })).json()
  t.same(second.results.map((c: { first_name: string }) => c.first_name), ['David', 'Zoe'])
  t.equal(second.next, null)
  t.equal(second.previous, 'http://localhost/contact/?limit=2')

  // 51 contacts: the default page is 50 and points at the rest
  for (let i = 0; i < 47; i++) await call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: `P${i}` } })
  const big = (await call({ method: 'GET', url: '/contact/', as: 'manager' })).json()
  t.equal(big.count, 51)
  t.equal(big.results.length, 50)
  t.equal(big.next, 'http://localhost/contact/?limit=50&offset=50')
  t.equal((await call({ method: 'GET', url: '/contact/?limit=100000', as: 'manager' })).json().results.length, 51, 'limit capped, not refused')
})

t.test('50 concurrent creates in one organization get distinct consecutive numbers', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    call({ method: 'POST', url: '/contact/', as: 'manager', payload: { first_name: `Racer${i}` } })))
  t.same(results.map((r) => r.statusCode), Array(50).fill(201), 'no errors')
  const ids = results.map((r) => r.json().customer_id).sort((a, b) => a - b)
  t.same(ids, Array.from({ length: 50 }, (_, i) => 10001 + i))
  const { rows } = await deps.database.pool.query('select count(distinct customer_id)::int as n from contact')
  t.equal(rows[0].n, 50)
})
