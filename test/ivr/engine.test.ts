import t from 'tap'
import {
  findTemplate,
  MAX_STEPS,
  start,
  step,
  type IvrContext,
  type IvrInput,
  type StepResult,
  type SurveyDefinition,
  validateDefinition,
} from '../../ivr/index.js'

const press = (digits: string): IvrInput => ({ type: 'digits', digits })
const says = (result: StepResult): string[] =>
  result.commands.flatMap((command) =>
    command.type === 'say' ? [command.text] : command.type === 'gather' ? command.prompts.flatMap((p) => (p.type === 'say' ? [p.text] : [])) : [],
  )
const types = (result: StepResult) => result.commands.map((command) => command.type)

/** Runs start + inputs, returning every result. */
function play(definition: SurveyDefinition, inputs: IvrInput[], context: IvrContext = {}): StepResult[] {
  const results = [start(definition, context)]
  for (const input of inputs) results.push(step(definition, results.at(-1)!.state, input, context))
  return results
}
const last = (results: StepResult[]) => results.at(-1)!

const question = (extra: object = {}): SurveyDefinition => ({
  version: 1,
  start: 'q',
  nodes: [
    { id: 'q', type: 'multi_choice', choices: { '1': 'yes', '2': 'no' }, prompt: { script: 'Yes or no?' }, ...extra },
    { id: 'end', type: 'hangup', prompt: { script: 'End.' } },
  ],
})

t.test('the loop guard ends a survey that loops without input', async (t) => {
  const loop = {
    version: 1,
    start: 'a',
    nodes: [
      { id: 'a', type: 'play_message', prompt: { script: 'A' }, branches: { default: 'b' } },
      { id: 'b', type: 'play_message', prompt: { script: 'B' }, branches: { default: 'a' } },
    ],
  } as SurveyDefinition
  const result = start(loop)
  t.equal(result.state.steps, MAX_STEPS)
  t.equal(result.state.done, true)
  t.equal(result.commands.at(-1)?.type, 'hangup')
  t.equal(says(result).length, MAX_STEPS)
  t.same(result.events, [], 'a guarded loop does not complete the survey')
})

t.test('the loop guard also counts steps across webhooks, repeats included', async (t) => {
  const definition = question({ branches: { '1': 'q', '2': 'end' } })
  const nearly = { ...start(definition).state, steps: MAX_STEPS - 1 }
  const once = step(definition, nearly, press('1'))
  t.same(types(once), ['gather'], 'the last allowed step')
  const over = step(definition, once.state, press('1'))
  t.same(types(over), ['hangup'])
  t.equal(over.state.done, true)
  const repeat = step(definition, { ...nearly, steps: MAX_STEPS }, press('*'))
  t.same(types(repeat), ['hangup'], '* cannot loop forever either')
})

t.test('* repeats the question without using an attempt, unless allow_repeat is false', async (t) => {
  const definition = question({ retries: 0, branches: { '1': 'end', '2': 'end' } })
  const [first, repeated] = play(definition, [press('*')])
  t.same(repeated!.commands, first!.commands)
  t.equal(repeated!.state.attempt, 1)
  t.equal(repeated!.state.steps, first!.state.steps + 1)

  const strict = { ...definition, allow_repeat: false }
  const results = play(strict, [press('*')])
  t.same(says(last(results)), ['Goodbye.'], '* is just invalid input, and retries 0 means give up')
  t.same(last(results).events, [])
})

t.test('invalid input is never stored; retries then invalid, then timeout, then goodbye', async (t) => {
  const withInvalid = question({ retries: 1, branches: { '1': 'end', invalid: 'end', timeout: null } })
  const a = play(withInvalid, [press('7'), press('8')])
  t.same(a.flatMap((r) => r.events).filter((e) => e.type !== 'survey-completed'), [])
  t.same(says(a[1]!), ['Yes or no?'], 'attempt 2 asks again')
  t.same(says(last(a)), ['End.'], 'then the invalid branch')

  const timeoutOnly = question({ branches: { '1': 'end', timeout: 'end' } })
  t.same(says(last(play(timeoutOnly, [press('9')]))), ['End.'], 'invalid falls back to the timeout branch')

  const none = question({ branches: { '1': 'end' }, invalid_prompt: { script: 'Nope.' } })
  const gaveUp = last(play(none, [press('9')]))
  t.same(says(gaveUp), ['Goodbye.'])
  t.same(gaveUp.events, [], 'giving up does not complete the survey')

  const custom = { ...none, goodbye: { script: 'Au revoir.' }, tts: { language: 'fr-FR' } }
  t.same(last(play(custom, [{ type: 'timeout' }])).commands, [
    { type: 'say', text: 'Au revoir.', language: 'fr-FR' },
    { type: 'hangup' },
  ])
})

t.test('empty digits and inputs that do not fit the node count as silence', async (t) => {
  const definition = question({ retries: 2, branches: { '1': 'end' } })
  const results = play(definition, [press(''), { type: 'recording', url: 'https://x/r', duration: 3 }])
  t.same(results.map((r) => r.state.attempt), [1, 2, 3])
  t.same(results.flatMap((r) => r.events), [])
})

t.test('a valid answer with no branch ends the script and completes the survey', async (t) => {
  const definition = question()
  const result = last(play(definition, [press('2')]))
  t.same(types(result), ['hangup'])
  t.same(result.events, [
    { type: 'answer-recorded', node_id: 'q', response: 'no' },
    { type: 'survey-completed' },
  ])
})

t.test('survey-completed is emitted once, and only by completed nodes when the survey marks any', async (t) => {
  const definition: SurveyDefinition = {
    version: 1,
    start: 'q',
    nodes: [
      { id: 'q', type: 'multi_choice', completed: true, choices: { '1': 'again', '2': 'stop' }, prompt: { script: 'Q' }, branches: { '1': 'q', '2': 'end' } },
      { id: 'end', type: 'hangup' },
    ],
  }
  const results = play(definition, [press('1'), press('1'), press('2')])
  t.equal(results.flatMap((r) => r.events).filter((e) => e.type === 'survey-completed').length, 1)
  t.same(results[1]!.events.at(-1), { type: 'survey-completed' }, 'on the first valid answer')
  const silent = last(play(definition, [{ type: 'timeout' }]))
  t.same(silent.events, [], 'silence does not complete a survey whose completion is marked elsewhere')
})

t.test('rating writes the alarm result through result_map', async (t) => {
  const rating = (result_map?: SurveyDefinition['result_map']): SurveyDefinition => ({
    version: 1,
    start: 'r',
    ...(result_map && { result_map }),
    nodes: [{ id: 'r', type: 'rating', rating_laps: 5, prompt: { script: 'Rate' }, branches: { timeout: null } }],
  })
  const events = (definition: SurveyDefinition, digits: string) => last(play(definition, [press(digits)])).events
  t.same(events(rating(), '2'), [
    { type: 'answer-recorded', node_id: 'r', response: '2' },
    { type: 'result-set', result: 'cancelled', node_id: 'r', digits: '2' },
    { type: 'survey-completed' },
  ])
  t.same(events(rating({ '5': 'confirmed', '1': 'cancelled' }), '5')[1], { type: 'result-set', result: 'confirmed', node_id: 'r', digits: '5' })
  t.same(events(rating({ '5': 'confirmed' }), '2').map((e) => e.type), ['answer-recorded', 'survey-completed'], 'unmapped: stored, no result')
  for (const bad of ['0', '6', '12']) t.same(events(rating(), bad), [], `${bad} is not stored and sets no result`)
})

t.test('a rating key outside the scale is a choice only with a branch of its own (the reminder\'s 9)', async (t) => {
  const definition: SurveyDefinition = {
    version: 1,
    start: 'r',
    nodes: [
      { id: 'r', type: 'rating', rating_laps: 3, prompt: { script: 'Rate' }, branches: { '9': 'out', timeout: null } },
      { id: 'out', type: 'dnc', prompt: { script: 'Bye' } },
    ],
  }
  t.ok(validateDefinition(definition).ok, 'a branch for 9 on a 1–3 rating is valid')
  const nine = last(play(definition, [press('9')])).events
  t.same(nine, [
    { type: 'answer-recorded', node_id: 'r', response: '9' },
    { type: 'opted-out', node_id: 'out' },
    { type: 'answer-recorded', node_id: 'out', response: 'dnc' },
    { type: 'survey-completed' },
  ], '9 is stored and followed; no alarm result')
  for (const bad of ['4', '8', '0', '99']) t.same(last(play(definition, [press(bad)])).events, [], `${bad}: still not an answer`)
  const noBranch = { ...definition, nodes: [{ ...definition.nodes[0]!, branches: { timeout: null } }, definition.nodes[1]!] }
  t.same(last(play(noBranch, [press('9')])).events, [], 'without its branch, 9 is outside the scale')
})

t.test('capture_digits validates a range, or only the length when validate is false', async (t) => {
  const capture = (extra: object): SurveyDefinition => ({
    version: 1,
    start: 'c',
    nodes: [{ id: 'c', type: 'capture_digits', number_digits: 3, prompt: { script: 'Digits' }, branches: { any: null }, ...extra }],
  })
  const stored = (definition: SurveyDefinition, digits: string) =>
    last(play(definition, [press(digits)])).events.some((e) => e.type === 'answer-recorded')
  t.ok(stored(capture({ min: 10, max: 500 }), '250'))
  t.notOk(stored(capture({ min: 10, max: 500 }), '9'))
  t.notOk(stored(capture({ min: 10, max: 500 }), '501'))
  t.notOk(stored(capture({}), '1234'), 'longer than number_digits')
  t.notOk(stored(capture({}), '1*2'))
  t.ok(stored(capture({ validate: false }), '007'))
  t.same(start(capture({})).commands[0], {
    type: 'gather',
    num_digits: 3,
    timeout: 5,
    finish_on_key: '#',
    prompts: [{ type: 'say', text: 'Digits' }],
  })
})

t.test('voice settings: the context wins field by field, on every Say', async (t) => {
  const definition = { ...question({ retries: 1, invalid_prompt: { script: 'Nope' } }), tts: { language: 'es-ES', voice: 'Polly.Conchita' } }
  const results = play(definition, [press('5')], { tts: { voice: 'Polly.Lucia' } })
  const sayCommands = results.flatMap((r) =>
    r.commands.flatMap((c) => (c.type === 'say' ? [c] : c.type === 'gather' ? c.prompts.filter((p) => p.type === 'say') : [])),
  )
  t.equal(sayCommands.length, 3)
  for (const say of sayCommands) t.match(say, { language: 'es-ES', voice: 'Polly.Lucia' })
})

t.test('call_transfer resolves {phonenumber_transfer}, and is skipped without a number', async (t) => {
  const definition: SurveyDefinition = {
    version: 1,
    start: 'x',
    nodes: [
      { id: 'x', type: 'call_transfer', number: '{phonenumber_transfer}', prompt: { script: 'Hold on.' }, branches: { default: 'end' } },
      { id: 'end', type: 'hangup', prompt: { script: 'Bye.' } },
    ],
  }
  const transferred = start(definition, { transfer_number: '+15551234567' })
  t.same(transferred.commands.slice(0, 2), [
    { type: 'say', text: 'Hold on.' },
    { type: 'dial', number: '+15551234567' },
  ])
  t.same(transferred.events[0], { type: 'transferred', node_id: 'x', number: '+15551234567' })
  const skipped = start(definition, {})
  t.same(says(skipped), ['Bye.'])
  t.notOk(skipped.events.some((e) => e.type === 'transferred'))
})

t.test('after the end: replays get a hangup, machine and hangup inputs change nothing', async (t) => {
  const definition = question()
  const done = last(play(definition, [press('1')])).state
  t.same(step(definition, done, press('1')), { state: done, commands: [{ type: 'hangup' }], events: [] })
  t.same(step(definition, done, { type: 'start' }).commands, [{ type: 'hangup' }])
  t.same(step(definition, done, { type: 'machine-detected' }, { machine: 'hangup' }), { state: done, commands: [], events: [] })
  t.same(step(definition, done, { type: 'hangup' }), { state: done, commands: [], events: [] })
})

t.test('a replayed start asks the current question again', async (t) => {
  const definition = question()
  const first = start(definition)
  const again = step(definition, first.state, { type: 'start' })
  t.same(again.commands, first.commands)
  t.equal(again.state.attempt, 1)
})

t.test('a state pointing at a node that is gone ends the call', async (t) => {
  const definition = question()
  const result = step(definition, { ...start(definition).state, node: 'deleted' }, press('1'))
  t.same(types(result), ['hangup'])
  t.equal(result.state.done, true)
})

t.test('voicemail falls back to the start node prompt, with tags', async (t) => {
  const definition: SurveyDefinition = {
    version: 1,
    start: 'hello',
    nodes: [{ id: 'hello', type: 'rating', rating_laps: 1, prompt: { script: 'Hi {first_name}, press 1.' } }],
  }
  const context: IvrContext = { machine: 'voicemail', contact: { first_name: 'Kim' } }
  const result = last(play(definition, [{ type: 'machine-detected' }], context))
  t.same(result.commands, [{ type: 'say', text: 'Hi Kim, press 1.' }, { type: 'hangup' }])
  t.same(last(play(definition, [{ type: 'machine-detected' }], {})).commands, [], 'the default machine mode is continue')
})

t.test('pure: no mutation of inputs, same inputs give the same outputs', async (t) => {
  const definition = findTemplate('every-node')!.definition
  const frozenDefinition = JSON.stringify(definition)
  const context: IvrContext = { contact: { first_name: 'Ana' }, transfer_number: '+15551234567' }
  const first = start(definition, context)
  const stateCopy = JSON.stringify(first.state)
  const a = step(definition, first.state, press('1'), context)
  const b = step(definition, first.state, press('1'), context)
  t.same(a, b)
  t.equal(JSON.stringify(first.state), stateCopy, 'the given state is not mutated')
  t.equal(JSON.stringify(definition), frozenDefinition, 'the definition is not mutated')
  t.not(a.state, first.state)
})

t.test('the state stays small', async (t) => {
  const definition = findTemplate('every-node')!.definition
  const context: IvrContext = { contact: { first_name: 'Ana' }, transfer_number: '+15551234567' }
  const results = play(
    definition,
    [press('1'), press('4'), press('42'), { type: 'recording', url: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE0', duration: 9 }],
    context,
  )
  const size = JSON.stringify(last(results).state).length
  t.ok(size < 1024, `state is ${size} bytes`)
  t.same(Object.keys(last(results).state).sort(), ['answers', 'attempt', 'completed', 'done', 'node', 'steps', 'v'])
})

t.test('record_message: a recording is stored; silence moves on by timeout, else default', async (t) => {
  const record = (branches: Record<string, string | null>): SurveyDefinition => ({
    version: 1,
    start: 'rec',
    nodes: [
      { id: 'rec', type: 'record_message', max_length: 20, prompt: { script: 'Speak.' }, branches },
      { id: 'bye', type: 'hangup', prompt: { script: 'Bye.' } },
    ],
  })
  t.same(start(record({ default: 'bye' })).commands, [
    { type: 'say', text: 'Speak.' },
    { type: 'record', max_length: 20, finish_on_key: '#', timeout: 5 },
  ])
  const recorded = last(play(record({ default: 'bye' }), [{ type: 'recording', url: 'https://x/r.wav', duration: 4 }]))
  t.same(recorded.events, [
    { type: 'answer-recorded', node_id: 'rec', response: '', recording_url: 'https://x/r.wav', recording_duration: 4 },
    { type: 'survey-completed' },
  ])
  const silentDefault = last(play(record({ default: 'bye' }), [{ type: 'timeout' }]))
  t.same(says(silentDefault), ['Bye.'])
  t.same(silentDefault.events, [{ type: 'survey-completed' }], 'a message is optional: moving on by default is a normal end')
  const silentTimeout = last(play(record({ default: null, timeout: 'bye' }), [press('5')]))
  t.same(says(silentTimeout), ['Bye.'], 'keys at a record node count as silence')
  t.same(silentTimeout.events, [], 'an end reached through the timeout branch does not complete the survey')
})
