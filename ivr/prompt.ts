import { fillTags } from './tags.js'
import type { IvrContext, PlayCommand, Prompt, SayCommand, SurveyDefinition, Tts } from './types.js'

/** The context's survey-level settings win field by field over the definition's own. */
export function ttsOf(definition: SurveyDefinition, context: IvrContext): Tts {
  const language = context.tts?.language ?? definition.tts?.language
  const voice = context.tts?.voice ?? definition.tts?.voice
  return { ...(language !== undefined && { language }), ...(voice !== undefined && { voice }) }
}

export function say(text: string, tts: Tts): SayCommand {
  return { type: 'say', text, ...tts }
}

/** An audio URL wins over the script; a script whose tags all vanished says nothing. */
export function promptCommands(
  prompt: Prompt | undefined,
  definition: SurveyDefinition,
  context: IvrContext,
): (SayCommand | PlayCommand)[] {
  if (!prompt) return []
  if (prompt.audio_url) return [{ type: 'play', url: prompt.audio_url }]
  const text = prompt.script === undefined ? '' : fillTags(prompt.script, context)
  return text === '' ? [] : [say(text, ttsOf(definition, context))]
}
