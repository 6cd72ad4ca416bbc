import { findNode } from './nodes.js'
import { promptCommands } from './prompt.js'
import { hangUp, type Run } from './run.js'

/**
 * An answering machine picked up (AMD). 'continue' changes nothing (no commands: the server keeps
 * the call as it is); 'hangup' ends the call; 'voicemail' leaves a message, then ends the call.
 * Neither ending completes the survey.
 */
export function onMachine(run: Run): void {
  if (run.state.done) return
  const mode = run.context.machine ?? 'continue'
  if (mode === 'continue') return
  if (mode === 'voicemail') run.commands.push(...voicemailCommands(run))
  hangUp(run, 'abort')
}

/** The context's voicemail audio, else the definition's voicemail prompt, else the start node's prompt. */
function voicemailCommands(run: Run) {
  const { definition, context } = run
  if (context.voicemail_audio_url) return [{ type: 'play' as const, url: context.voicemail_audio_url }]
  const prompt = definition.voicemail ?? findNode(definition, definition.start)?.prompt
  return promptCommands(prompt, definition, context)
}
