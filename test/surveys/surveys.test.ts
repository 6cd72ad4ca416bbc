import t from 'tap'
import { buildTestApp } from '../helpers/build.js'
import { addManager, simpleDefinition, surveyBody } from './fixtures.js'

t.test('survey CRUD', async (t) => {
  const { call, deps } = await buildTestApp(t)

  const created = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody() })
  t.equal(created.statusCode, 201, created.body)
  const survey = created.json()
  t.match(survey, {
    id: Number,
    url: `http://localhost:80/rest-api/survey/${survey.id}/`,
    name: 'Dentist reminder',
    description: 'asks to confirm',
    tts_language: 'en-US',
    tts_voice: 'Polly.Joanna',
    definition: simpleDefinition(),
  })
  t.same(Object.keys(survey).sort(), ['created_date', 'definition', 'description', 'id', 'name', 'tts_language', 'tts_voice', 'updated_date', 'url'])
  t.equal(created.headers.location, survey.url)
  t.match(survey.created_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/)
  const [stored] = (await deps.database.pool.query('select user_id, definition from survey where id = $1', [survey.id])).rows
  t.equal(stored.user_id, 2, 'owned by the manager who created it')
  t.same(stored.definition, simpleDefinition())

  t.test('list and retrieve', async (t) => {
    const list = await call({ method: 'GET', url: '/rest-api/survey/', as: 'manager' })
    t.equal(list.statusCode, 200)
    t.same(Object.keys(list.json()), ['count', 'next', 'previous', 'results'])
    t.equal(list.json().count, 1)
    t.same(list.json().results[0], survey)
    const one = await call({ method: 'GET', url: `/rest-api/survey/${survey.id}/`, as: 'manager' })
    t.equal(one.statusCode, 200)
    t.same(one.json(), survey)
  })

  t.test('PATCH changes only what it names; PUT replaces', async (t) => {
    const patched = await call({ method: 'PATCH', url: `/rest-api/survey/${survey.id}/`, as: 'manager', payload: { name: 'Renamed', tts_voice: 'Polly.Joanna' } })
    t.equal(patched.statusCode, 200, patched.body)
    t.match(patched.json(), { name: 'Renamed', tts_voice: 'Polly.Joanna', tts_language: 'en-US', description: 'asks to confirm', definition: simpleDefinition() })
    t.ok(Date.parse(patched.json().updated_date) >= Date.parse(survey.updated_date))

    const definition = simpleDefinition()
    definition.nodes[1].prompt.script = 'Thanks a lot.'
    const put = await call({ method: 'PUT', url: `/rest-api/survey/${survey.id}/`, as: 'manager', payload: { name: 'Put', definition, tts_language: 'fr-FR', tts_voice: 'Polly.Lea' } })
    t.equal(put.statusCode, 200, put.body)
    t.match(put.json(), { name: 'Put', tts_language: 'fr-FR', definition })
    const missing = await call({ method: 'PUT', url: `/rest-api/survey/${survey.id}/`, as: 'manager', payload: { name: 'No definition' } })
    t.equal(missing.statusCode, 400)
    t.equal(missing.json().error.fields.definition, 'This field is required.')
  })

  t.test('TTS settings default to the definition\'s own tts, and are validated', async (t) => {
    const definition = { ...simpleDefinition(), tts: { language: 'en-GB', voice: 'Polly.Amy' } }
    const res = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ definition }) })
    t.equal(res.statusCode, 201)
    t.match(res.json(), { tts_language: 'en-GB', tts_voice: 'Polly.Amy' })
    const bad = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ tts_language: 'english please', tts_voice: '' }) })
    t.equal(bad.statusCode, 400)
    t.ok(bad.json().error.fields.tts_language)
    t.ok(bad.json().error.fields.tts_voice)
    const noName = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: { definition: simpleDefinition() } })
    t.equal(noName.statusCode, 400)
    t.equal(noName.json().error.fields.name, 'This field is required.')
  })

  t.test('voice and language must go together; the default voice speaks the language', async (t) => {
    const post = (extra: Record<string, unknown>) => call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody(extra) })
    t.match((await post({})).json(), { tts_language: 'en-US', tts_voice: 'Polly.Joanna' }, 'a current default voice')
    t.match((await post({ tts_language: 'de-DE' })).json(), { tts_language: 'de-DE', tts_voice: 'Polly.Vicki' }, 'a German voice for German')
    for (const [voice, language] of [['Polly.Joanna-Neural', 'en-US'], ['woman', 'fr-FR'], ['Google.en-GB-Standard-A', 'en-GB'], ['Polly.Amy', 'en-gb']]) {
      t.equal((await post({ tts_voice: voice, tts_language: language })).statusCode, 201, `${voice} speaks ${language}`)
    }
    const cases: Array<[string, string, RegExp]> = [
      ['alice', 'en-US', /alice is not a Twilio voice \(alice is no longer offered\); use e\.g\. Polly\.Joanna/],
      ['Polly.Joanna', 'de-DE', /Polly\.Joanna does not speak de-DE \(it speaks en-US\); Polly\.Vicki does/],
      ['Google.en-US-Standard-C', 'fr-FR', /does not speak fr-FR/],
      ['Polly.Nobody', 'en-US', /not a Twilio voice/],
      ['man', 'ja-JP', /man does not speak ja-JP/],
    ]
    for (const [voice, language, problem] of cases) {
      const bad = await post({ tts_voice: voice, tts_language: language })
      t.equal(bad.statusCode, 400, `${voice} / ${language}`)
      t.match(bad.json().error.fields.tts_voice, problem)
    }
    const survey = (await post({})).json()
    const patch = (payload: Record<string, unknown>) => call({ method: 'PATCH', url: `/rest-api/survey/${survey.id}/`, as: 'manager', payload })
    t.equal((await patch({ tts_language: 'fr-FR' })).statusCode, 400, 'the language alone cannot leave the voice behind')
    t.match((await patch({ tts_language: 'fr-FR', tts_voice: 'Polly.Lea' })).json(), { tts_language: 'fr-FR', tts_voice: 'Polly.Lea' })
  })

  t.test('DELETE', async (t) => {
    const other = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody() })).json()
    t.equal((await call({ method: 'DELETE', url: `/rest-api/survey/${other.id}/`, as: 'manager' })).statusCode, 204)
    t.equal((await call({ method: 'GET', url: `/rest-api/survey/${other.id}/`, as: 'manager' })).statusCode, 404)
    t.equal((await deps.database.pool.query('select 1 from survey where id = $1', [other.id])).rowCount, 0)
    t.equal((await call({ method: 'DELETE', url: `/rest-api/survey/${other.id}/`, as: 'manager' })).statusCode, 404)
  })
})

t.test('every write validates the definition and names the node', async (t) => {
  const { call, deps } = await buildTestApp(t)
  const before = (await deps.database.pool.query('select count(*)::int as n from survey')).rows[0].n

  const cases: { title: string; change: (d: Record<string, any>) => void; field: string; message: RegExp }[] = [
    { title: 'branch to a missing node', change: (d) => { d.nodes[0].branches['2'] = 'x' }, field: 'definition.nodes.ask.branches.2', message: /missing node "x"/ },
    { title: 'unknown node type', change: (d) => { d.nodes[1].type = 'dance' }, field: 'definition.nodes.thanks.type', message: /unknown type "dance"/ },
    { title: 'unreachable node', change: (d) => { d.nodes.push({ id: 'lonely', type: 'hangup' }) }, field: 'definition.nodes.lonely.id', message: /unreachable/ },
    {
      title: 'loop that never ends',
      change: (d) => {
        d.nodes[0].branches = { '1': 'thanks', '2': 'thanks', timeout: 'thanks' }
        d.nodes[1].branches = { default: 'ask' }
      },
      field: 'definition.nodes.thanks.branches',
      message: /no path from here ends the call/,
    },
    { title: 'missing start node', change: (d) => { d.start = 'nowhere' }, field: 'definition.start', message: /start node "nowhere" does not exist/ },
    { title: 'node field out of range', change: (d) => { d.nodes[0].retries = 99 }, field: 'definition.nodes.ask.retries', message: /from 0 to 10/ },
  ]
  for (const { title, change, field, message } of cases) {
    t.test(title, async (t) => {
      const definition = simpleDefinition()
      change(definition)
      const res = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ definition }) })
      t.equal(res.statusCode, 400, res.body)
      const { error } = res.json()
      t.equal(error.code, 'invalid')
      t.match(error.fields[field], message, JSON.stringify(error.fields))
      t.match(error.message, new RegExp(`${field.replaceAll('.', '\\.')}: `))
    })
  }

  t.test('not an object at all', async (t) => {
    for (const definition of [null, 'nodes', [1, 2]]) {
      const res = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ definition }) })
      t.equal(res.statusCode, 400, JSON.stringify(definition))
      t.match(res.json().error.fields.definition, /JSON object/)
    }
  })

  t.test('several problems are all reported', async (t) => {
    const definition = simpleDefinition()
    definition.nodes[0].branches['2'] = 'x'
    definition.nodes[1].type = 'dance'
    const res = await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ definition }) })
    t.equal(res.statusCode, 400)
    t.ok(res.json().error.fields['definition.nodes.ask.branches.2'])
    t.ok(res.json().error.fields['definition.nodes.thanks.type'])
  })

  t.equal((await deps.database.pool.query('select count(*)::int as n from survey')).rows[0].n, before, 'nothing was stored')

  t.test('PUT and PATCH validate too, and a rejected write changes nothing', async (t) => {
    const survey = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody() })).json()
    const definition = simpleDefinition()
    definition.nodes[0].branches['1'] = 'gone'
    for (const method of ['PUT', 'PATCH'] as const) {
      const res = await call({ method, url: `/rest-api/survey/${survey.id}/`, as: 'manager', payload: { name: 'Changed', definition } })
      t.equal(res.statusCode, 400, method)
      t.match(res.json().error.fields['definition.nodes.ask.branches.1'], /missing node "gone"/)
    }
    const now = (await call({ method: 'GET', url: `/rest-api/survey/${survey.id}/`, as: 'manager' })).json()
    t.same(now, survey)
  })
})

t.test('ownership: managers see only their own surveys, admins see all', async (t) => {
  const { call } = await buildTestApp(t)
  await addManager(call, 'other')
  const mine = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ name: 'mine' }) })).json()
  const theirs = (await call({ method: 'POST', url: '/rest-api/survey/', as: 'other', payload: surveyBody({ name: 'theirs' }) })).json()

  const list = (await call({ method: 'GET', url: '/rest-api/survey/', as: 'manager' })).json()
  t.same(list.results.map((s: { name: string }) => s.name), ['mine'])
  for (const [method, url] of [
    ['GET', `/rest-api/survey/${theirs.id}/`],
    ['PATCH', `/rest-api/survey/${theirs.id}/`],
    ['PUT', `/rest-api/survey/${theirs.id}/`],
    ['DELETE', `/rest-api/survey/${theirs.id}/`],
    ['POST', `/rest-api/survey/${theirs.id}/seal/`],
  ] as const) {
    const res = await call({ method, url, as: 'manager', payload: method === 'PUT' || method === 'PATCH' ? surveyBody() : undefined })
    t.equal(res.statusCode, 404, `${method} ${url}`)
  }
  t.equal((await call({ method: 'GET', url: `/rest-api/survey/${theirs.id}/`, as: 'other' })).json().name, 'theirs', 'unchanged')

  const all = (await call({ method: 'GET', url: '/rest-api/survey/', as: 'admin' })).json()
  t.same(all.results.map((s: { id: number }) => s.id), [mine.id, theirs.id])
  const edited = await call({ method: 'PATCH', url: `/rest-api/survey/${theirs.id}/`, as: 'admin', payload: { description: 'by admin' } })
  t.equal(edited.statusCode, 200)
  t.equal(edited.json().description, 'by admin')

  t.equal((await call({ method: 'GET', url: '/rest-api/survey/' })).statusCode, 401)
})

t.test('pagination', async (t) => {
  const { call } = await buildTestApp(t)
  for (let i = 1; i <= 3; i++) await call({ method: 'POST', url: '/rest-api/survey/', as: 'manager', payload: surveyBody({ name: `s${i}` }) })
  const first = (await call({ method: 'GET', url: '/rest-api/survey/?page_size=2', as: 'manager' })).json()
  t.equal(first.count, 3)
  t.same(first.results.map((s: { name: string }) => s.name), ['s1', 's2'])
  t.equal(first.previous, null)
  t.match(first.next, /page=2/)
  const second = (await call({ method: 'GET', url: '/rest-api/survey/?page_size=2&page=2', as: 'manager' })).json()
  t.same(second.results.map((s: { name: string }) => s.name), ['s3'])
  t.equal(second.next, null)
})

t.test('the OpenAPI document lists the survey endpoints, not the refused writes', async (t) => {
  const { call } = await buildTestApp(t)
  const { paths } = (await call({ method: 'GET', url: '/docs/json' })).json()
  t.ok(paths['/rest-api/survey/']?.post)
  t.ok(paths['/rest-api/survey/{id}/seal/']?.post)
  t.ok(paths['/rest-api/sealed-survey/{id}/']?.get)
  t.ok(paths['/rest-api/sealed-survey/{id}/']?.delete)
  t.notOk(paths['/rest-api/sealed-survey/{id}/']?.put)
  t.notOk(paths['/rest-api/sealed-survey/']?.post)
})
