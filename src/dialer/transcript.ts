import type { Command, IvrInput } from '../../ivr/index.js'
import type { TranscriptEntry } from '../db/schema/index.js'

/** What one webhook step adds to a call's transcript: the input it answered, then what the line was told to say. */
export function transcriptOf(input: IvrInput | null, commands: Command[]): TranscriptEntry[] {
  const lines: TranscriptEntry[] = []
  if (input?.type === 'digits') lines.push({ kind: 'press', text: input.digits })
  else if (input?.type === 'timeout') lines.push({ kind: 'silence', text: '' })
  else if (input?.type === 'recording') lines.push({ kind: 'press', text: `recording of ${input.duration} s` })
  const prompt = (c: Command) => {
    if (c.type === 'say') lines.push({ kind: 'say', text: c.text })
    else if (c.type === 'play') lines.push({ kind: 'play', text: c.url })
  }
  for (const c of commands) {
    if (c.type === 'gather') c.prompts.forEach(prompt)
    else if (c.type === 'dial') lines.push({ kind: 'transfer', text: c.number })
    else if (c.type === 'hangup') lines.push({ kind: 'hangup', text: '' })
    else prompt(c)
  }
  return lines
}
