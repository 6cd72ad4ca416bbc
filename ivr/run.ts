import { DEFAULT_GOODBYE, MAX_STEPS } from './nodes.js'
import { promptCommands } from './prompt.js'
import type { Command, IvrContext, IvrEvent, SessionState, StepResult, SurveyDefinition, SurveyNode } from './types.js'

/**
 * One engine call in progress. The state is a private copy, so mutating it here never touches
 * the caller's object: `start`/`step` stay pure from the outside.
 */
export type Run = {
  definition: SurveyDefinition
  context: IvrContext
  state: SessionState
  commands: Command[]
  events: IvrEvent[]
  /** Set when this step follows a timeout/invalid branch: an ending reached that way is not "normal". */
  fallback: boolean
}

export function initialState(): SessionState {
  return { v: 1, node: null, attempt: 1, steps: 0, answers: {}, done: false, completed: false }
}

export function newRun(definition: SurveyDefinition, context: IvrContext, state: SessionState): Run {
  return { definition, context, state: { ...state, answers: { ...state.answers } }, commands: [], events: [], fallback: false }
}

export function resultOf(run: Run): StepResult {
  return { state: run.state, commands: run.commands, events: run.events }
}

/** Counts a node entry or a question asked again; past MAX_STEPS the call ends instead (loop guard). */
export function countStep(run: Run): boolean {
  if (run.state.steps >= MAX_STEPS) {
    hangUp(run, 'abort')
    return false
  }
  run.state.steps += 1
  return true
}

export function markCompleted(run: Run): void {
  if (run.state.completed) return
  run.state.completed = true
  run.events.push({ type: 'survey-completed' })
}

export function recordAnswer(
  run: Run,
  node: SurveyNode,
  response: string,
  recording?: { url: string; duration: number },
): void {
  run.state.answers[node.id] = response
  run.events.push({
    type: 'answer-recorded',
    node_id: node.id,
    response,
    ...(recording && { recording_url: recording.url, recording_duration: recording.duration }),
  })
}

/**
 * How the call ends:
 * - 'script': the survey ran to its end (hangup node, null branch, nothing next). That completes
 *   the survey unless the author marked specific nodes `completed` (then only those do) or the
 *   end was reached through a timeout/invalid branch.
 * - 'gave-up': attempts ran out with no branch to follow; say goodbye first.
 * - 'abort': loop guard or a definition that points nowhere; just hang up.
 */
export function hangUp(run: Run, how: 'script' | 'gave-up' | 'abort'): void {
  const marked = run.definition.nodes.some((node) => node.completed === true)
  if (how === 'script' && !marked && !run.fallback) markCompleted(run)
  if (how === 'gave-up') {
    run.commands.push(...promptCommands(run.definition.goodbye ?? DEFAULT_GOODBYE, run.definition, run.context))
  }
  run.commands.push({ type: 'hangup' })
  run.state.node = null
  run.state.done = true
}
