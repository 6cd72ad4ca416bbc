import t from 'tap'
import { fillTags, findTemplate, looksLikePhoneNumber, spellDigits, surveyTags, tagsIn } from '../../ivr/index.js'

t.test('tags come from data, then contact, then the built-ins', async (t) => {
  const context = {
    data: { name: 'from data', doctor: 'Dr. Okafor' },
    contact: { name: 'from contact', first_name: 'Jane' },
    transfer_number: '+15551234567',
    caller_number: '+15559876543',
  }
  t.equal(fillTags('{name}', context), 'from data')
  t.equal(fillTags('Hi {first_name}, see {doctor}.', context), 'Hi Jane, see Dr. Okafor.')
  t.equal(fillTags('Call {phonenumber_transfer}', context), 'Call 1 5 5 5 1 2 3 4 5 6 7')
  t.equal(fillTags('{caller_number}', context, 'plain'), '+15559876543')
  t.equal(fillTags('{ first_name }', context), 'Jane', 'spaces inside the braces are allowed')
})

t.test('unknown tags are removed and the gap tidied', async (t) => {
  t.equal(fillTags('Hello {nobody}, welcome.', {}), 'Hello, welcome.')
  t.equal(fillTags('A {x} B {y} C', {}), 'A B C')
  t.equal(fillTags('{x}', {}), '')
  t.equal(fillTags('Text  with  spaces {known}', { data: { known: 'ok' } }), 'Text  with  spaces ok', 'untouched when nothing was removed')
  t.equal(fillTags('Not a tag: {1abc} {with-dash}', {}), 'Not a tag: {1abc} {with-dash}')
})

t.test('values that are not text or numbers count as unknown', async (t) => {
  const data = { object: { a: 1 }, list: [1], nothing: null, flag: true, count: 3, nan: Number.NaN }
  t.equal(fillTags('[{object}{list}{nothing}{flag}{nan}] {count}', { data }), '[] 3')
})

t.test('phone numbers are read digit by digit in speech, kept as they are in plain text', async (t) => {
  const data = { phone: '555-1234', intl: '+44 20 7946 0958', date: '2025-03-14', short: '12345', time: '09:30' }
  t.equal(fillTags('{phone}', { data }), '5 5 5 1 2 3 4')
  t.equal(fillTags('{intl}', { data }), '4 4 2 0 7 9 4 6 0 9 5 8')
  t.equal(fillTags('{date} {short} {time}', { data }), '2025-03-14 12345 09:30')
  t.equal(fillTags('{phone}', { data }, 'plain'), '555-1234')
  t.equal(fillTags('{n}', { data: { n: 5551234 } }), '5 5 5 1 2 3 4', 'numbers too')
})

t.test('looksLikePhoneNumber and spellDigits', async (t) => {
  for (const yes of ['5551234', '+15551234567', '(555) 123-4567', '555.123.4567']) t.ok(looksLikePhoneNumber(yes), yes)
  for (const no of ['123456', '2025-03-14', '14/03/2025', '1234567890123456', 'call 5551234', '9:30', '']) {
    t.notOk(looksLikePhoneNumber(no), no)
  }
  t.equal(spellDigits('+1 (555) 12'), '1 5 5 5 1 2')
})

t.test('tags leave escaping to the renderer', async (t) => {
  t.equal(fillTags('{x}', { data: { x: '<b>&"' } }), '<b>&"')
})

t.test('tagsIn and surveyTags list the tags a text or a survey uses, each once', async (t) => {
  t.same(tagsIn('Hi {first_name}, {first_name}! { doctor } {1x}'), ['first_name', 'doctor'])
  t.same(tagsIn('no tags'), [])
  t.same(surveyTags(findTemplate('appointment-reminder')!.definition).sort(),
    ['appointment_date', 'appointment_time', 'clinic', 'doctor', 'first_name', 'phonenumber_transfer'])
  t.same(surveyTags({
    version: 1, start: 'a', goodbye: { script: 'Bye {g}' },
    nodes: [
      { id: 'a', type: 'call_transfer', number: '{n}', confirm_script: 'Press 1 for {c}', branches: { default: 'b' } },
      { id: 'b', type: 'sms', sms_text: 'Text {s}', invalid_prompt: { script: '{i}' }, branches: { default: null } },
    ],
  }).sort(), ['c', 'g', 'i', 'n', 's'])
})

t.test('the German appointment reminder has the English one\'s flow and tags, only its words differ', async (t) => {
  const english = findTemplate('appointment-reminder')!.definition
  const german = findTemplate('appointment-reminder-de')!.definition
  // Everything but the spoken texts: node ids, types, branches, options; answers must mean the same in both.
  const shape = (definition: typeof english) => JSON.parse(JSON.stringify(definition, (key, value: unknown) =>
    key === 'script' || key === 'tts' ? undefined : value)) as unknown
  t.same(shape(german), shape(english))
  t.same(surveyTags(german).sort(), surveyTags(english).sort())
  t.same(german.tts, { language: 'de-DE', voice: 'Polly.Vicki' })
  t.notSame(german.nodes.map((node) => node.prompt?.script), english.nodes.map((node) => node.prompt?.script))
})
