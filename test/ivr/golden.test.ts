import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import {
  findTemplate,
  templates,
  renderConfirmTwiml,
  renderTwiml,
  start,
  step,
  type DialCommand,
  type SessionState,
  type StepResult,
} from '../../ivr/index.js'
import { CONFIRM_ACTION, scenarios, URLS, type Scenario } from './fixtures/scenarios.js'
import { twimlProblems } from './fixtures/twiml-checker.js'

/**
 * Golden files: each is one template and one path, input by input, with the commands, the TwiML
 * and the events that must come out. `UPDATE_GOLDEN=1 npx tap test/ivr/` rewrites them.
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden')
const update = process.env.UPDATE_GOLDEN === '1'

function run(scenario: Scenario) {
  const template = findTemplate(scenario.template)
  if (!template) throw new Error(`no template ${scenario.template}`)
  let state: SessionState | undefined
  const turns = scenario.inputs.map((input) => {
    const result: StepResult =
      state === undefined ? start(template.definition, scenario.context) : step(template.definition, state, input, scenario.context)
    state = result.state
    const dial = result.commands.find((command): command is DialCommand => command.type === 'dial')
    return {
      input,
      commands: result.commands,
      // null: nothing to send (after a hang-up, or a machine in continue mode).
      twiml: result.commands.length === 0 ? null : renderTwiml(result.commands, URLS),
      ...(dial?.confirm && { confirm_twiml: renderConfirmTwiml(dial.confirm, CONFIRM_ACTION) }),
      events: result.events,
      state: result.state,
    }
  })
  return {
    template: scenario.template,
    path: scenario.path,
    description: scenario.description,
    context: scenario.context,
    urls: URLS,
    turns,
  }
}

for (const scenario of scenarios) {
  t.test(`${scenario.template} / ${scenario.path}`, async (t) => {
    const actual = JSON.parse(JSON.stringify(run(scenario))) as ReturnType<typeof run>
    for (const [index, turn] of actual.turns.entries()) {
      if (turn.twiml !== null) t.same(twimlProblems(turn.twiml), [], `turn ${index} renders valid TwiML`)
      if (turn.confirm_twiml) t.same(twimlProblems(turn.confirm_twiml), [], `turn ${index} confirm TwiML is valid`)
    }
    const file = join(GOLDEN, scenario.template, `${scenario.path}.json`)
    if (update) {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`)
      t.pass(`wrote ${file}`)
      return
    }
    if (!existsSync(file)) return void t.fail(`missing golden file ${file}; run UPDATE_GOLDEN=1 npx tap test/ivr/`)
    t.same(actual, JSON.parse(readFileSync(file, 'utf8')), 'matches the golden file')
  })
}

t.test('every template has the common paths', async (t) => {
  for (const { key } of templates) {
    const paths = scenarios.filter((scenario) => scenario.template === key).map((scenario) => scenario.path)
    for (const path of ['machine-hangup', 'machine-voicemail-audio', 'machine-voicemail-tts', 'machine-continue', 'hangup-mid-survey']) {
      t.ok(paths.includes(path), `${key} has ${path}`)
    }
  }
})
