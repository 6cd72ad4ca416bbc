import t, { type Test } from 'tap'
import { templates, validateDefinition, type ValidationError } from '../../ivr/index.js'

/** A small valid survey to break one way at a time. */
function base(): any {
  return {
    version: 1,
    start: 'ask',
    nodes: [
      {
        id: 'ask',
        type: 'rating',
        rating_laps: 3,
        prompt: { script: 'Press 1, 2 or 3.' },
        branches: { '1': 'bye', '2': 'bye', '3': 'bye', timeout: 'bye' },
      },
      { id: 'bye', type: 'hangup', prompt: { script: 'Bye.' } },
    ],
  }
}

function errorsOf(definition: unknown): ValidationError[] {
  const result = validateDefinition(definition)
  return result.ok ? [] : result.errors
}

/** Expects exactly one error naming `node` and `field`, whose message matches `message`. */
function expectError(t: Test, definition: unknown, node: string | undefined, field: string, message: RegExp) {
  const errors = errorsOf(definition)
  const match = errors.find((error) => error.node === node && error.field === field && message.test(error.message))
  t.ok(match, `error on ${node ?? '(survey)'}.${field} ~ ${message}; got ${JSON.stringify(errors)}`)
}

t.test('the base survey and every template are valid', async (t) => {
  t.same(errorsOf(base()), [])
  for (const template of templates) t.same(errorsOf(template.definition), [], template.key)
})

t.test('not an object, wrong version, no nodes', async (t) => {
  expectError(t, 'hello', undefined, '', /JSON object/)
  expectError(t, { ...base(), version: 2 }, undefined, 'version', /must be 1/)
  expectError(t, { ...base(), nodes: [] }, undefined, 'nodes', /non-empty/)
})

t.test('missing or unknown start node', async (t) => {
  const noStart = base()
  delete noStart.start
  expectError(t, noStart, undefined, 'start', /first node/)
  expectError(t, { ...base(), start: 'nowhere' }, undefined, 'start', /"nowhere" does not exist/)
})

t.test('unknown type and unknown fields', async (t) => {
  const d = base()
  d.nodes[1].type = 'teleport'
  expectError(t, d, 'bye', 'type', /unknown type "teleport"/)
  const typo = base()
  typo.nodes[0].retires = 2
  expectError(t, typo, 'ask', 'retires', /unknown field for a rating node/)
  const wrongType = base()
  wrongType.nodes[0].choices = { '1': 'x' }
  expectError(t, wrongType, 'ask', 'choices', /unknown field/)
  expectError(t, { ...base(), colour: 'red' }, undefined, 'colour', /unknown field/)
})

t.test('duplicate ids', async (t) => {
  const d = base()
  d.nodes.push({ id: 'bye', type: 'hangup' })
  expectError(t, d, 'bye', 'id', /duplicate node id "bye"/)
})

t.test('nodes that speak need a prompt', async (t) => {
  const d = base()
  delete d.nodes[0].prompt
  expectError(t, d, 'ask', 'prompt', /needs a prompt/)
  const empty = base()
  empty.nodes[0].prompt = {}
  expectError(t, empty, 'ask', 'prompt', /script or an audio_url/)
  const badUrl = base()
  badUrl.nodes[0].prompt = { audio_url: 'ftp://x' }
  expectError(t, badUrl, 'ask', 'prompt.audio_url', /http/)
  const silentHangup = base()
  delete silentHangup.nodes[1].prompt
  t.same(errorsOf(silentHangup), [], 'a hangup node may be silent')
})

t.test('branches to missing nodes and keys the node does not take', async (t) => {
  const d = base()
  d.nodes[0].branches['2'] = 'ghost'
  expectError(t, d, 'ask', 'branches.2', /missing node "ghost"/)
  // A rating takes one key: a one-key branch outside the scale is a choice of its own (the reminder's "press 9"),
  // two keys never are.
  const notAnAnswer = base()
  notAnAnswer.nodes[0].branches['12'] = 'bye'
  expectError(t, notAnAnswer, 'ask', 'branches.12', /not an answer/)
  const ownChoice = base()
  ownChoice.nodes[0].branches['9'] = 'bye'
  t.same(errorsOf(ownChoice), [], 'a one-key branch outside the scale is accepted')
  const badKey = base()
  badKey.nodes[0].branches.default = 'bye'
  expectError(t, badKey, 'ask', 'branches.default', /takes its answers, any, invalid, timeout/)
  const hangupBranch = base()
  hangupBranch.nodes[1].branches = { default: 'ask' }
  expectError(t, hangupBranch, 'bye', 'branches.default', /no branches/)
  const badTarget = base()
  badTarget.nodes[0].branches['1'] = 42
  expectError(t, badTarget, 'ask', 'branches.1', /node id or null/)
})

t.test('unreachable nodes', async (t) => {
  const d = base()
  d.nodes.push({ id: 'island', type: 'play_message', prompt: { script: 'Nobody hears this.' } })
  expectError(t, d, 'island', 'id', /unreachable/)
})

t.test('loops with no way out', async (t) => {
  const pingPong = {
    version: 1,
    start: 'ping',
    nodes: [
      { id: 'ping', type: 'play_message', prompt: { script: 'Ping.' }, branches: { default: 'pong' } },
      { id: 'pong', type: 'play_message', prompt: { script: 'Pong.' }, branches: { default: 'ping' } },
    ],
  }
  expectError(t, pingPong, 'ping', 'branches', /no path from here ends the call \(loop among ping, pong\)/)
  expectError(t, pingPong, 'pong', 'branches', /loop among ping, pong/)

  // Every answer and silence lead back to the menu: a caller can never leave.
  const trap = {
    version: 1,
    start: 'menu',
    nodes: [
      {
        id: 'menu',
        type: 'multi_choice',
        choices: { '1': 'a', '2': 'b' },
        prompt: { script: 'Press 1 or 2.' },
        branches: { '1': 'again', '2': 'again', timeout: 'again' },
      },
      { id: 'again', type: 'play_message', prompt: { script: 'Again.' }, branches: { default: 'menu' } },
    ],
  }
  expectError(t, trap, 'menu', 'branches', /no path from here ends the call/)

  // The same loop with one exit is fine (the calendar-alarm template loops the same way).
  trap.nodes[0]!.branches!['2'] = null as unknown as string
  t.same(errorsOf(trap), [])
})

t.test('out-of-range numbers', async (t) => {
  const cases: [string, number, string, RegExp][] = [
    ['retries', 11, 'retries', /from 0 to 10/],
    ['retries', -1, 'retries', /from 0 to 10/],
    ['timeout', 0, 'timeout', /from 1 to 60/],
    ['timeout', 1.5, 'timeout', /whole number/],
    ['rating_laps', 10, 'rating_laps', /from 1 to 9/],
  ]
  for (const [field, value, errorField, message] of cases) {
    const d = base()
    d.nodes[0][field] = value
    expectError(t, d, 'ask', errorField, message)
  }
  const digits = (fields: object) => ({
    version: 1,
    start: 'pin',
    nodes: [{ id: 'pin', type: 'capture_digits', prompt: { script: 'Enter it.' }, ...fields }],
  })
  expectError(t, digits({ number_digits: 0 }), 'pin', 'number_digits', /from 1 to 15/)
  expectError(t, digits({ min: 50, max: 10 }), 'pin', 'min', /min \(50\) is larger than max \(10\)/)
  expectError(t, digits({ number_digits: 1, min: 20 }), 'pin', 'min', /larger than max \(9\)/)
  const record = {
    version: 1,
    start: 'rec',
    nodes: [{ id: 'rec', type: 'record_message', prompt: { script: 'Speak.' }, max_length: 0, finish_on_key: 'x' }],
  }
  expectError(t, record, 'rec', 'max_length', /from 1 to 3600/)
  expectError(t, record, 'rec', 'finish_on_key', /keys 0-9/)
})

t.test('type-specific requirements', async (t) => {
  const one = (node: object) => ({ version: 1, start: 'n', nodes: [{ id: 'n', ...node }] })
  expectError(t, one({ type: 'call_transfer' }), 'n', 'number', /needs a number/)
  expectError(t, one({ type: 'call_transfer', number: '  ' }), 'n', 'number', /non-empty/)
  expectError(t, one({ type: 'call_transfer', number: '+1555', confirm_key: '1' }), 'n', 'confirm_key', /needs a confirm_script/)
  expectError(t, one({ type: 'call_transfer', number: '+1555', confirm_script: 'Hi', confirm_key: '12' }), 'n', 'confirm_key', /one key/)
  expectError(t, one({ type: 'conference' }), 'n', 'room', /needs a room/)
  expectError(t, one({ type: 'sms' }), 'n', 'sms_text', /needs an sms_text/)
  expectError(t, one({ type: 'multi_choice', prompt: { script: 'x' } }), 'n', 'choices', /needs choices/)
  expectError(t, one({ type: 'multi_choice', prompt: { script: 'x' }, choices: { '10': 'ten' } }), 'n', 'choices', /single digit/)
  t.same(errorsOf(one({ type: 'call_transfer', number: '{phonenumber_transfer}' })), [], 'the transfer tag is a number')
})

t.test('survey-level fields', async (t) => {
  expectError(t, { ...base(), result_map: { '1': 'maybe' } }, undefined, 'result_map', /must map to one of/)
  expectError(t, { ...base(), result_map: { x: 'confirmed' } }, undefined, 'result_map', /single digit/)
  expectError(t, { ...base(), tts: { language: 5 } }, undefined, 'tts', /language must be a string/)
  expectError(t, { ...base(), allow_repeat: 'yes' }, undefined, 'allow_repeat', /true or false/)
  expectError(t, { ...base(), goodbye: {} }, undefined, 'goodbye', /script or an audio_url/)
})

t.test('several problems are reported together, each naming its node', async (t) => {
  const d = base()
  d.nodes[0].retries = 99
  d.nodes[1].prompt = { script: '' }
  const errors = errorsOf(d)
  t.same(
    errors.map((error) => `${error.node}.${error.field}`),
    ['ask.retries', 'bye.prompt.script'],
  )
})

t.test('a node without an id is named by its position', async (t) => {
  const result = validateDefinition({
    version: 1,
    start: 'a',
    nodes: [
      { id: 'a', type: 'play_message', prompt: { script: 'Hi' }, branches: { default: null } },
      { type: 'hangup', prompt: { script: 'Bye' } },
    ],
  })
  t.equal(result.ok, false)
  if (!result.ok) t.ok(result.errors.some((e) => e.node === undefined && e.field.startsWith('nodes[1].')), JSON.stringify(result.errors))
})

t.test('shapes the API could be sent: each refused with its field and a message saying what is wanted', async (t) => {
  const node = (change: (n: any) => void) => {
    const s = base()
    change(s.nodes[0])
    return s
  }
  const survey = (change: (s: any) => void) => {
    const s = base()
    change(s)
    return s
  }
  expectError(t, survey((s) => { s.nodes[1] = 'bye' }), undefined, 'nodes[1]', /^must be an object$/)
  expectError(t, node((n) => { n.prompt = 'Press 1' }), 'ask', 'prompt', /^must be an object with a script or an audio_url$/)
  expectError(t, node((n) => { n.prompt = {} }), 'ask', 'prompt', /script or an audio_url/)
  expectError(t, node((n) => { n.prompt = { script: 'x'.repeat(1001) } }), 'ask', 'prompt.script', /^must be at most 1000 characters$/)
  t.same(errorsOf(node((n) => { n.prompt = { script: 'x'.repeat(1000) } })), [], '1000 characters are allowed')
  expectError(t, node((n) => { n.branches = ['bye'] }), 'ask', 'branches', /^must be an object of key -> node id \(or null to hang up\)$/)
  expectError(t, survey((s) => { s.tts = 'en' }), undefined, 'tts', /^must be an object \{language\?, voice\?\}$/)
  expectError(t, survey((s) => { s.tts = { language: 'en-US', speed: 2 } }), undefined, 'tts', /^unknown field speed$/)
  expectError(t, survey((s) => { s.tts = { voice: 7 } }), undefined, 'tts', /^voice must be a string$/)
  t.same(errorsOf(survey((s) => { s.tts = { language: 'de-DE', voice: 'Polly.Vicki' } })), [], 'a well-formed tts')
  expectError(t, survey((s) => { s.result_map = [1] }), undefined, 'result_map', /^must be an object of digit -> result$/)
  expectError(t, survey((s) => { s.goodbye = 'Bye' }), undefined, 'goodbye', /^must be an object with a script or an audio_url$/)
  expectError(t, survey((s) => { s.voicemail = { script: '' } }), undefined, 'voicemail.script', /^must be a non-empty string$/)
})
