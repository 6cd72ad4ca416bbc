import pino from 'pino'
import t from 'tap'
import { templates, validateDefinition } from '../../ivr/index.js'
import { seedDatabase } from '../../src/seed.js'
import { buildTestApp } from '../helpers/build.js'

const sealedRows = async (pool: import('pg').Pool) =>
  (await pool.query('select id, name, template_key, builtin, user_id, survey_id, definition, created_at from sealed_survey order by id')).rows

t.test('built-in templates are sealed at first start, in order, once', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const { database, config } = deps
  const logger = pino({ level: 'silent' })

  const seeded = await sealedRows(database.pool)
  t.same(seeded.map((r) => r.template_key), templates.map((tpl) => tpl.key))
  t.same(seeded.map((r) => r.id), templates.map((_, i) => i + 1))
  t.equal(seeded[0].template_key, 'appointment-reminder', 'sealed-survey 1 is the appointment reminder (README calendar walkthrough)')
  for (const [i, row] of seeded.entries()) {
    t.match(row, { name: templates[i]!.name, builtin: true, user_id: null, survey_id: null })
    t.same(row.definition, templates[i]!.definition)
    t.ok(validateDefinition(row.definition).ok)
  }
  const every = (await call({ method: 'GET', url: '/rest-api/sealed-survey/4/', as: 'manager' })).json()
  t.match(every, { tts_language: 'en-GB', tts_voice: 'Polly.Amy' }, 'voice settings come from the template')
  const german = (await call({ method: 'GET', url: '/rest-api/sealed-survey/5/', as: 'manager' })).json()
  t.match(german, { name: 'Appointment reminder (German)', tts_language: 'de-DE', tts_voice: 'Polly.Vicki' }, 'the German reminder, sealed last, speaks German')

  t.test('seeding again changes nothing', async (t) => {
    await seedDatabase(database, config, logger)
    await seedDatabase(database, config, logger)
    t.same(await sealedRows(database.pool), seeded)
  })

  t.test('concurrent starts seal each template once', async (t) => {
    await Promise.all([1, 2, 3].map(() => seedDatabase(database, config, logger)))
    t.same(await sealedRows(database.pool), seeded)
  })

  t.test('a fresh database gets ids 1.. in template order', async (t) => {
    await database.pool.query('truncate sealed_survey restart identity cascade')
    await seedDatabase(database, config, logger)
    const fresh = await sealedRows(database.pool)
    t.same(fresh.map((r) => [r.id, r.template_key]), templates.map((tpl, i) => [i + 1, tpl.key]))
    const one = await call({ method: 'GET', url: '/rest-api/sealed-survey/1/', as: 'manager' })
    t.equal(one.statusCode, 200)
    t.match(one.json(), { id: 1, name: 'Appointment reminder', builtin: true, survey: null })
  })

  t.test('a user\'s sealed surveys do not disturb it; a missing template is sealed again', async (t) => {
    const survey = (await call({
      method: 'POST', url: '/rest-api/survey/', as: 'manager',
      payload: { name: 'mine', definition: templates[0]!.definition },
    })).json()
    const mine = (await call({ method: 'POST', url: `/rest-api/survey/${survey.id}/seal/`, as: 'manager' })).json()
    await database.pool.query("delete from sealed_survey where template_key = 'every-node'")
    await seedDatabase(database, config, logger)
    const rows = await sealedRows(database.pool)
    // every-node was sealed 4th; sealed again it comes after the user's survey, and the others keep their ids.
    const others = templates.filter((tpl) => tpl.key !== 'every-node').map((tpl) => tpl.key)
    t.same(rows.map((r) => r.template_key), [...others, null, 'every-node'])
    t.equal(rows[others.length].id, mine.id)
    t.equal(rows.filter((r) => r.builtin).length, templates.length)
  })
})
