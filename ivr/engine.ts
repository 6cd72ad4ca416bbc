import { onInput } from './input.js'
import { onMachine } from './machine.js'
import { findNode, waitsForInput } from './nodes.js'
import { countStep, hangUp, initialState, newRun, resultOf } from './run.js'
import type { IvrContext, IvrInput, SessionState, StepResult, SurveyDefinition } from './types.js'
import { ask, enter } from './walk.js'

/**
 * The engine: (definition, state, input, context) -> (state, commands, events), deterministic
 * and free of I/O. The context is passed on every call instead of being stored in the state, so
 * the state stays a few hundred bytes; the server already keeps the event data and contact.
 */

/** The call was answered: run from the start node to the first question (or the end). */
export function start(definition: SurveyDefinition, context: IvrContext = {}): StepResult {
  const run = newRun(definition, context, initialState())
  enter(run, definition.start)
  return resultOf(run)
}

export function step(
  definition: SurveyDefinition,
  state: SessionState,
  input: IvrInput,
  context: IvrContext = {},
): StepResult {
  const run = newRun(definition, context, state)
  if (input.type === 'hangup') {
    // The caller is gone: nothing to say, and whatever was answered so far stays as it is.
    run.state.node = null
    run.state.done = true
    return resultOf(run)
  }
  if (input.type === 'machine-detected') {
    onMachine(run)
    return resultOf(run)
  }
  if (run.state.done || run.state.node === null) {
    // A late or replayed webhook after the end: keep the line closed.
    run.commands.push({ type: 'hangup' })
    return resultOf(run)
  }
  const node = findNode(definition, run.state.node)
  if (!node || !waitsForInput(node)) {
    hangUp(run, 'abort')
  } else if (input.type === 'start') {
    // The first webhook again (a provider retry): ask the current question again.
    if (countStep(run)) ask(run, node)
  } else {
    onInput(run, node, input)
  }
  return resultOf(run)
}
