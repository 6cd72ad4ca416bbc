/** Small field checkers shared by the validator; each returns an error message or undefined. */

export type ValidationError = { node?: string; field: string; message: string }

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function integerIn(value: unknown, min: number, max: number): string | undefined {
  if (!Number.isInteger(value)) return `must be a whole number from ${min} to ${max}`
  const number = value as number
  return number < min || number > max ? `must be from ${min} to ${max}, got ${number}` : undefined
}

export function nonEmptyString(value: unknown, maxLength = 1000): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string'
  return value.length > maxLength ? `must be at most ${maxLength} characters` : undefined
}

export function boolean(value: unknown): string | undefined {
  return typeof value === 'boolean' ? undefined : 'must be true or false'
}

export function unknownFields(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((key) => !allowed.includes(key))
}

/**
 * A prompt needs something to say. `where` names the field in messages ("prompt", "goodbye"...).
 * Returns [field, message] pairs so callers can attach their node id.
 */
export function promptProblems(value: unknown, where: string): [string, string][] {
  if (!isObject(value)) return [[where, 'must be an object with a script or an audio_url']]
  const problems: [string, string][] = unknownFields(value, ['script', 'audio_url']).map((key) => [
    `${where}.${key}`,
    'unknown field',
  ])
  const { script, audio_url: audio } = value
  const scriptProblem = script === undefined ? undefined : nonEmptyString(script)
  if (scriptProblem) problems.push([`${where}.script`, scriptProblem])
  if (audio !== undefined && (typeof audio !== 'string' || !/^https?:\/\/\S+$/.test(audio))) {
    problems.push([`${where}.audio_url`, 'must be an http(s) URL'])
  }
  if (script === undefined && audio === undefined) problems.push([where, 'needs a script or an audio_url'])
  return problems
}
