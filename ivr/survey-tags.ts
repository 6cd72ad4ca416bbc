import { tagsIn } from './tags.js'
import type { Prompt, SurveyDefinition } from './types.js'

const scriptOf = (prompt: Prompt | undefined): string => prompt?.script ?? ''

/**
 * Every {tag} a survey may say or dial, each once: prompts, invalid prompts, the voicemail and goodbye messages, texts
 * an sms node sends, transfer numbers and screening scripts. Whoever schedules a call checks these have values, so a
 * callee never hears a sentence with a hole in it.
 */
export function surveyTags(definition: SurveyDefinition): string[] {
  const texts = [scriptOf(definition.voicemail), scriptOf(definition.goodbye)]
  for (const node of definition.nodes) {
    texts.push(scriptOf(node.prompt), scriptOf(node.invalid_prompt), node.sms_text ?? '', node.number ?? '', node.confirm_script ?? '')
  }
  return [...new Set(texts.flatMap(tagsIn))]
}
