import t from 'tap'
import { alarm, calendar, calendarSetting, event, gateway, surveyResult } from '../../src/db/schema/index.js'
import { notFound } from '../../src/errors.js'
import { createUser } from '../../src/accounts/users.js'
import { templates } from '../../ivr/index.js'
import { findUsableSealedSurvey } from '../../src/surveys/surveys.js'
import type { Principal } from '../../src/accounts/auth.js'
import { buildTestApp } from '../helpers/build.js'
import { addManager, simpleDefinition, surveyBody } from './fixtures.js'

const BUILTIN_COUNT = templates.length
const BUILTIN_IDS = templates.map((_, i) => i + 1)

t.test('sealing makes an immutable copy', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const survey = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ tts_voice: 'Polly.Joanna' }) })).json()

  const sealed = await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager' })
  t.equal(sealed.statusCode, 201, sealed.body)
  const copy = sealed.json()
  t.equal(copy.id, BUILTIN_COUNT + 1, 'after the built-in ones')
  t.equal(copy.url, `http://localhost:80/rest-api/sealed-survey/${copy.id}/`)
  t.equal(sealed.headers.location, copy.url)
  t.same(Object.keys(copy).sort(), ['builtin', 'created_date', 'definition', 'description', 'id', 'name', 'survey', 'tts_language', 'tts_voice', 'url'])
  t.match(copy, {
    name: 'Dentist reminder',
    description: 'asks to confirm',
    tts_language: 'en-US',
    tts_voice: 'Polly.Joanna',
    definition: simpleDefinition(),
    survey: survey.url,
    builtin: false,
  })
  const [row] = (await deps.database.pool.query('select user_id, survey_id, builtin, template_key from sealed_survey where id = $1', [copy.id])).rows
  t.same(row, { user_id: 2, survey_id: survey.id, builtin: false, template_key: null })

  t.test('later edits of the survey do not reach the sealed copy', async (t) => {
    const definition = simpleDefinition()
    definition.nodes[1].prompt.script = 'Changed.'
    const edited = await call({ method: 'PATCH', url: `/rest-api/survey/${survey.id}/`, as: 'manager', payload: { name: 'Edited', definition } })
    t.equal(edited.statusCode, 200)
    const again = await call({ method: 'GET', url: `/rest-api/sealed-survey/${copy.id}/`, as: 'manager' })
    t.equal(again.statusCode, 200)
    t.same(again.json(), copy)
    const second = (await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager' })).json()
    t.equal(second.id, copy.id + 1, 'sealing again makes a new copy')
    t.equal(second.name, 'Edited')
    t.equal(second.definition.nodes[1].prompt.script, 'Changed.')
  })

  t.test('writes to a sealed survey → 405, nothing changes', async (t) => {
    for (const method of ['PUT', 'PATCH', 'POST'] as const) {
      const res = await call({ method, url: `/rest-api/sealed-survey/${copy.id}/`, as: 'manager', payload: { name: 'hacked' } })
      t.equal(res.statusCode, 405, method)
      t.same(res.json(), { detail: `Method "${method}" not allowed.` }, 'in DRF\'s words (a Newfies resource)')
      t.match(res.headers.allow, /GET/)
    }
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await call({ method, url: '/rest-api/sealed-survey/', as: 'manager', payload: surveyBody() })
      t.equal(res.statusCode, 405, `${method} on the list`)
    }
    t.equal((await call({ method: 'PUT', url: '/rest-api/sealed-survey/1/', as: 'manager' })).statusCode, 405)
    t.equal((await call({ method: 'PATCH', url: `/rest-api/sealed-survey/${copy.id}/` })).statusCode, 403, 'still needs credentials (403, as DRF answers)')
    t.same((await call({ method: 'GET', url: `/rest-api/sealed-survey/${copy.id}/`, as: 'manager' })).json(), copy)
  })

  t.test('deleting the survey keeps its sealed copies, with survey: null', async (t) => {
    t.equal((await call({ method: 'DELETE', url: `/rest-api/survey/${survey.id}/`, as: 'manager' })).statusCode, 204)
    const orphan = (await call({ method: 'GET', url: `/rest-api/sealed-survey/${copy.id}/`, as: 'manager' })).json()
    t.equal(orphan.survey, null)
    t.same(orphan.definition, copy.definition)
  })

  t.test('seal accepts an empty body sent as JSON (as curl -H "Content-Type: application/json" does)', async (t) => {
    const headers = { 'content-type': 'application/json' }
    const survey = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody() })).json()
    const res = await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager', headers, payload: '' })
    t.equal(res.statusCode, 201, res.body)
    t.equal((await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager', headers, payload: '{}' })).statusCode, 201)
    const bad = await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager', headers, payload: '{nope' })
    t.equal(bad.statusCode, 400)
    t.equal(bad.json().error.code, 'malformed_json')
    const empty = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', headers, payload: '' })
    t.equal(empty.statusCode, 400, 'other routes keep the strict parser')
  })

  t.test('sealing an unknown survey → 404; a stored definition the engine now rejects → 400', async (t) => {
    t.equal((await call({ method: 'POST', url: '/rest-api/survey/999/seal/', as: 'manager' })).statusCode, 404)
    const other = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody() })).json()
    const broken = simpleDefinition()
    broken.nodes[0].branches['1'] = 'gone'
    // As if written before a stricter engine: the API itself would refuse it.
    await deps.database.pool.query('update survey set definition = $1 where id = $2', [JSON.stringify(broken), other.id])
    const before = (await deps.database.pool.query('select count(*)::int as n from sealed_survey')).rows[0].n
    const res = await call({ method: 'POST', url: `/rest-api/survey/${other.id}/seal/`, as: 'manager' })
    t.equal(res.statusCode, 400)
    t.match(res.json().error.fields['definition.nodes.ask.branches.1'], /missing node "gone"/)
    t.equal((await deps.database.pool.query('select count(*)::int as n from sealed_survey')).rows[0].n, before)
  })
})

t.test('visibility: own and built-in sealed surveys; admins see all', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const otherId = await addManager(call, 'other')
  const seal = async (as: string) => {
    const survey = (await call({ method: 'POST', url: '/rest-api/survey/', as, payload: surveyBody({ name: `${as}'s` }) })).json()
    return (await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as })).json()
  }
  const mine = await seal('manager')
  const theirs = await seal('other')

  const list = (await call({ method: 'GET', url: '/rest-api/sealed-survey/?page_size=100', as: 'manager' })).json()
  t.equal(list.count, BUILTIN_COUNT + 1)
  t.same(list.results.map((s: { id: number }) => s.id), [...BUILTIN_IDS, mine.id])
  t.ok(list.results.slice(0, BUILTIN_COUNT).every((s: { builtin: boolean; survey: unknown }) => s.builtin && s.survey === null))
  t.equal((await call({ method: 'GET', url: `/rest-api/sealed-survey/${theirs.id}/`, as: 'manager' })).statusCode, 404)
  t.equal((await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${theirs.id}/`, as: 'manager' })).statusCode, 404)
  t.equal((await call({ method: 'GET', url: `/rest-api/sealed-survey/${theirs.id}/`, as: 'other' })).statusCode, 200)

  for (const as of ['manager', 'other']) {
    const one = await call({ method: 'GET', url: '/rest-api/sealed-survey/1/', as })
    t.equal(one.statusCode, 200, `${as} reads the built-in appointment reminder`)
    t.match(one.json(), { name: 'Appointment reminder', builtin: true, survey: null })
  }

  const all = (await call({ method: 'GET', url: '/rest-api/sealed-survey/?page_size=100', as: 'admin' })).json()
  t.same(all.results.map((s: { id: number }) => s.id), [...BUILTIN_IDS, mine.id, theirs.id])

  t.test('findUsableSealedSurvey', async (t) => {
    const [manager, other, admin] = await Promise.all(['manager', 'other', 'admin'].map(async (username) => {
      const { rows } = await deps.database.pool.query('select id, role, manager_id from users where username = $1', [username])
      return { id: rows[0].id, role: rows[0].role, managerId: rows[0].manager_id } as Principal
    }))
    t.equal((await findUsableSealedSurvey(deps.db, manager!, 1)).templateKey, 'appointment-reminder')
    t.equal((await findUsableSealedSurvey(deps.db, manager!, mine.id)).id, mine.id)
    await t.rejects(findUsableSealedSurvey(deps.db, manager!, theirs.id), notFound('Sealed survey'))
    await t.rejects(findUsableSealedSurvey(deps.db, manager!, 999), notFound('Sealed survey'))
    t.equal((await findUsableSealedSurvey(deps.db, other!, theirs.id)).userId, otherId)
    t.equal((await findUsableSealedSurvey(deps.db, admin!, theirs.id)).id, theirs.id)
  })

  t.test('calendar users read their manager\'s and the built-in ones, and do not edit surveys', async (t) => {
    await createUser(deps.db, { username: 'patient', password: 'patient', role: 'calendar_user', organizationId: 1, managerId: 2 })
    const list = (await call({ method: 'GET', url: '/rest-api/sealed-survey/?page_size=100', as: 'patient' })).json()
    t.same(list.results.map((s: { id: number }) => s.id), [...BUILTIN_IDS, mine.id])
    t.equal((await call({ method: 'GET', url: `/rest-api/sealed-survey/${theirs.id}/`, as: 'patient' })).statusCode, 404)
    t.equal((await call({ method: 'GET', url: '/rest-api/survey/', as: 'patient' })).statusCode, 403)
    t.equal((await call({ method: 'POST', url: '/rest-api/survey/', as: 'patient', payload: surveyBody() })).statusCode, 403)
    t.equal((await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${mine.id}/`, as: 'patient' })).statusCode, 403)
  })
})

t.test('deleting sealed surveys', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const { db, database } = deps
  const sealOne = async () => {
    const survey = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody() })).json()
    return (await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager' })).json().id as number
  }
  const exists = async (id: number) => (await database.pool.query('select 1 from sealed_survey where id = $1', [id])).rowCount === 1

  t.test('an unused one is deleted', async (t) => {
    const id = await sealOne()
    t.equal((await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })).statusCode, 204)
    t.notOk(await exists(id))
    t.equal((await call({ method: 'GET', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })).statusCode, 404)
  })

  t.test('built-in ones cannot be deleted, not even by an admin', async (t) => {
    for (const as of ['manager', 'admin']) {
      const res = await call({ method: 'DELETE', url: '/rest-api/sealed-survey/1/', as })
      t.equal(res.statusCode, 403, as)
      t.match(res.json().detail, /Built-in/)
    }
    t.ok(await exists(1))
  })

  t.test('one used by a calendar setting → 409', async (t) => {
    const id = await sealOne()
    let [gw] = await db.select({ id: gateway.id }).from(gateway).limit(1)
    gw ??= (await db.insert(gateway).values({ name: 'gw', provider: 'simulator', accountSid: 'AC1', authTokenEncrypted: 'x' }).returning({ id: gateway.id }))[0]
    const [setting] = await db.insert(calendarSetting).values({ label: 'uses it', userId: 2, surveyId: id, alegGatewayId: gw!.id }).returning()
    const res = await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })
    t.equal(res.statusCode, 409, res.body)
    t.match(res.json().detail, /1 calendar setting/)
    t.ok(await exists(id))
    await database.pool.query('delete from calendar_setting where id = $1', [setting!.id])
    t.equal((await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })).statusCode, 204)
  })

  t.test('one used by an alarm → 409, a deleted alarm still holds it (FK → 409)', async (t) => {
    const id = await sealOne()
    const patient = await createUser(db, { username: 'patient', password: 'patient', role: 'calendar_user', organizationId: 1, managerId: 2 })
    const [cal] = await db.insert(calendar).values({ name: 'cal', userId: patient.id }).returning()
    const start = new Date(Date.now() + 86_400_000)
    const [ev] = await db.insert(event).values({
      title: 'checkup', start, end: new Date(start.getTime() + 3_600_000), timezone: 'UTC', creatorId: patient.id, calendarId: cal!.id,
    }).returning()
    const [al] = await db.insert(alarm).values({ eventId: ev!.id, dateStartNotice: start, surveyId: id, timezone: 'UTC' }).returning()
    const res = await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })
    t.equal(res.statusCode, 409, res.body)
    t.match(res.json().detail, /1 alarm/)

    await database.pool.query('update alarm set deleted_at = now() where id = $1', [al!.id])
    const held = await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })
    t.equal(held.statusCode, 409, 'the foreign key from the soft-deleted alarm maps to 409, not 500')
    t.match(held.json().detail, /alarms/)
    t.ok(await exists(id))
  })

  t.test('one with call results → 409', async (t) => {
    const id = await sealOne()
    await db.insert(surveyResult).values({ callId: 1, sealedSurveyId: id, nodeId: 'ask', response: '1' })
    const res = await call({ method: 'DELETE', url: `/rest-api/sealed-survey/${id}/`, as: 'manager' })
    t.equal(res.statusCode, 409)
    t.match(res.json().detail, /call results/)
    t.ok(await exists(id))
  })
})
