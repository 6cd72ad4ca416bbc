import {
  branchOf,
  findNode,
  maxLengthOf,
  numberDigitsOf,
  recordFinishKeyOf,
  timeoutOf,
  waitsForInput,
} from './nodes.js'
import { promptCommands, ttsOf } from './prompt.js'
import { countStep, hangUp, markCompleted, recordAnswer, type Run } from './run.js'
import { fillTags } from './tags.js'
import type { DialConfirm, PromptCommand, SurveyNode } from './types.js'

/**
 * Enters `target` and keeps going through nodes that do not wait for input, collecting their
 * commands, until a node waits for input (its gather/record ends the document) or the call ends.
 * Commands after a <Dial> run once the transferred call is over, so a transfer simply continues.
 */
export function enter(run: Run, target: string | null | undefined): void {
  let next = target
  for (;;) {
    if (next === null || next === undefined) return hangUp(run, 'script')
    const node = findNode(run.definition, next)
    if (!node) return hangUp(run, 'abort')
    if (!countStep(run)) return
    run.state.node = node.id
    run.state.attempt = 1
    if (waitsForInput(node)) return ask(run, node)
    if (node.type === 'hangup') {
      speak(run, node)
      if (node.completed) markCompleted(run)
      return hangUp(run, 'script')
    }
    const key = act(run, node)
    if (node.completed) markCompleted(run)
    next = key === 'no_number' ? branchOf(node, 'no_number') ?? branchOf(node, 'default') : branchOf(node, 'default')
  }
}

/** Renders the question of a waiting node; `notice` (e.g. "that is not a valid choice") goes first. */
export function ask(run: Run, node: SurveyNode, notice: PromptCommand[] = []): void {
  const prompts = [...notice, ...promptCommands(node.prompt, run.definition, run.context)]
  if (node.type === 'record_message') {
    run.commands.push(...prompts, {
      type: 'record',
      max_length: maxLengthOf(node),
      finish_on_key: recordFinishKeyOf(node),
      timeout: timeoutOf(node),
    })
    return
  }
  const digits = node.type === 'capture_digits' ? numberDigitsOf(node) : 1
  run.commands.push({
    type: 'gather',
    num_digits: digits,
    timeout: timeoutOf(node),
    ...(node.type === 'capture_digits' && { finish_on_key: '#' }),
    prompts,
  })
}

function speak(run: Run, node: SurveyNode): void {
  run.commands.push(...promptCommands(node.prompt, run.definition, run.context))
}

/** The work of a node that does not wait for input; the branch key to go on with. */
function act(run: Run, node: SurveyNode): 'default' | 'no_number' {
  switch (node.type) {
    case 'sms':
      run.commands.push({ type: 'sms', to: 'callee', text: fillTags(node.sms_text ?? '', run.context, 'plain') })
      speak(run, node)
      recordAnswer(run, node, 'sms')
      return 'default'
    case 'dnc':
      speak(run, node)
      run.events.push({ type: 'opted-out', node_id: node.id })
      recordAnswer(run, node, 'dnc')
      return 'default'
    case 'call_transfer':
      return transfer(run, node) ? 'default' : 'no_number'
    case 'conference': {
      const room = node.room ?? node.id
      speak(run, node)
      run.commands.push({ type: 'conference', room })
      recordAnswer(run, node, `conference: ${room}`)
      return 'default'
    }
    default:
      speak(run, node)
      return 'default'
  }
}

/**
 * With no number after tag filling (no phonenumber_transfer on the alarm) nothing is dialled and the call goes on at
 * the `no_number` branch (else `default`), which can tell the callee what happens instead.
 */
function transfer(run: Run, node: SurveyNode): boolean {
  const number = fillTags(node.number ?? '', run.context, 'plain').trim()
  if (number === '') return false
  speak(run, node)
  run.commands.push({
    type: 'dial',
    number,
    ...(node.timeout !== undefined && { timeout: node.timeout }),
    ...(node.confirm_script !== undefined && { confirm: confirmOf(run, node, node.confirm_script) }),
  })
  run.events.push({ type: 'transferred', node_id: node.id, number })
  recordAnswer(run, node, `transfer: ${number}`)
  return true
}

function confirmOf(run: Run, node: SurveyNode, script: string): DialConfirm {
  return {
    text: fillTags(script, run.context),
    ...(node.confirm_key !== undefined && { key: node.confirm_key }),
    ...ttsOf(run.definition, run.context),
  }
}
