import { attemptsOf, branchOf, isValidAnswer, responseOf, resultMapOf } from './nodes.js'
import { promptCommands } from './prompt.js'
import { countStep, hangUp, markCompleted, recordAnswer, type Run } from './run.js'
import type { IvrInput, SurveyNode } from './types.js'
import { ask, enter } from './walk.js'

type LineInput = Extract<IvrInput, { type: 'digits' | 'timeout' | 'recording' }>

/**
 * Input at a waiting node. Anything that does not fit the node (a recording at a gather, keys at
 * a record node, empty digits) counts as silence.
 */
export function onInput(run: Run, node: SurveyNode, input: LineInput): void {
  if (input.type === 'recording' && node.type === 'record_message') return onRecording(run, node, input)
  if (input.type !== 'digits' || input.digits === '' || node.type === 'record_message') {
    return retryOrGiveUp(run, node, 'silence')
  }
  if (input.digits === '*' && run.definition.allow_repeat !== false) {
    // A repeat is not an attempt, but it is a step, so endless '*' still meets the loop guard.
    if (countStep(run)) ask(run, node)
    return
  }
  onDigits(run, node, input.digits)
}

/**
 * Matching order: a valid answer follows its exact digits, else `any`, else the script ends
 * there; invalid input gets another attempt, then `invalid`, then `timeout`. `any` means any
 * valid answer, so a node's validation and retries still apply when it has an `any` branch.
 */
function onDigits(run: Run, node: SurveyNode, digits: string): void {
  if (!isValidAnswer(node, digits)) return retryOrGiveUp(run, node, 'invalid')
  answered(run, node, digits)
  const exact = branchOf(node, digits)
  enter(run, exact !== undefined ? exact : branchOf(node, 'any'))
}

/** Only valid answers get here: invalid input is never stored and never sets the alarm result. */
function answered(run: Run, node: SurveyNode, digits: string): void {
  recordAnswer(run, node, responseOf(node, digits))
  const result = node.type === 'rating' ? resultMapOf(run.definition)[digits] : undefined
  if (result !== undefined) run.events.push({ type: 'result-set', result, node_id: node.id, digits })
  if (node.completed) markCompleted(run)
}

function onRecording(run: Run, node: SurveyNode, input: { url: string; duration: number }): void {
  recordAnswer(run, node, '', { url: input.url, duration: input.duration })
  if (node.completed) markCompleted(run)
  enter(run, branchOf(node, 'default'))
}

/**
 * Another attempt while attempts (retries + 1) remain; then invalid input follows `invalid`, else
 * `timeout`, and silence follows `timeout` (a record node then `default`, a message being
 * optional). With no branch left the engine says goodbye and hangs up.
 */
function retryOrGiveUp(run: Run, node: SurveyNode, why: 'invalid' | 'silence'): void {
  if (run.state.attempt < attemptsOf(node)) {
    if (!countStep(run)) return
    run.state.attempt += 1
    const notice = why === 'invalid' ? promptCommands(node.invalid_prompt, run.definition, run.context) : []
    return ask(run, node, notice)
  }
  const keys =
    why === 'invalid' ? ['invalid', 'timeout'] : node.type === 'record_message' ? ['timeout', 'default'] : ['timeout']
  for (const key of keys) {
    const target = branchOf(node, key)
    if (target !== undefined) {
      // An ending reached this way is not a normal end; a record node moving on by default is.
      run.fallback = key !== 'default'
      return enter(run, target)
    }
  }
  hangUp(run, 'gave-up')
}
