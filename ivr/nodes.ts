import type { AlarmResult, Prompt, SurveyDefinition, SurveyNode } from './types.js'

/** Node catalogue: what each type waits for, which branch keys it takes, and the field defaults. */

export const MAX_STEPS = 1000

export const DEFAULT_RESULT_MAP: Readonly<Record<string, AlarmResult>> = {
  '1': 'confirmed',
  '2': 'cancelled',
  '3': 'rescheduled',
}

export const DEFAULT_GOODBYE: Prompt = { script: 'Goodbye.' }

/** Nodes answered with keypresses through <Gather>. */
export const GATHER_TYPES: ReadonlySet<string> = new Set(['multi_choice', 'rating', 'capture_digits'])

/** Nodes that cannot work without something to say. */
export const PROMPT_REQUIRED: ReadonlySet<string> = new Set([
  'play_message',
  'multi_choice',
  'rating',
  'capture_digits',
  'record_message',
])

/** Named (non-digit) branch keys each type accepts; gather nodes also take their valid answers as keys. */
export const NAMED_KEYS: Readonly<Record<string, readonly string[]>> = {
  play_message: ['default'],
  multi_choice: ['any', 'invalid', 'timeout'],
  rating: ['any', 'invalid', 'timeout'],
  capture_digits: ['any', 'invalid', 'timeout'],
  record_message: ['default', 'timeout'],
  // no_number: where to go when the number is empty after filling tags (else `default`, without a transfer)
  call_transfer: ['default', 'no_number'],
  hangup: [],
  conference: ['default'],
  dnc: ['default'],
  sms: ['default'],
}

export const isGather = (node: SurveyNode): boolean => GATHER_TYPES.has(node.type)
export const waitsForInput = (node: SurveyNode): boolean => isGather(node) || node.type === 'record_message'

export const attemptsOf = (node: SurveyNode): number => (node.retries ?? 0) + 1
export const timeoutOf = (node: SurveyNode): number => node.timeout ?? 5
export const ratingLapsOf = (node: SurveyNode): number => node.rating_laps ?? 9
export const numberDigitsOf = (node: SurveyNode): number => node.number_digits ?? 2
export const maxLengthOf = (node: SurveyNode): number => node.max_length ?? 120
export const recordFinishKeyOf = (node: SurveyNode): string => node.finish_on_key ?? '#'

/** Range checked when capture_digits validates; the default max is the largest number that fits. */
export function rangeOf(node: SurveyNode): { min: number; max: number } {
  return { min: node.min ?? 0, max: node.max ?? 10 ** numberDigitsOf(node) - 1 }
}

export const resultMapOf = (definition: SurveyDefinition): Readonly<Record<string, AlarmResult>> =>
  definition.result_map ?? DEFAULT_RESULT_MAP

/** Own-property lookup, so JSON keys such as "constructor" never resolve to prototype members. */
export function branchOf(node: SurveyNode, key: string): string | null | undefined {
  const branches = node.branches
  return branches && Object.hasOwn(branches, key) ? branches[key] : undefined
}

export function findNode(definition: SurveyDefinition, id: string): SurveyNode | undefined {
  return definition.nodes.find((node) => node.id === id)
}

/** True when `digits` is an answer the node accepts (and may therefore be stored). */
export function isValidAnswer(node: SurveyNode, digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) return false
  switch (node.type) {
    case 'multi_choice':
      return node.choices !== undefined && Object.hasOwn(node.choices, digits)
    case 'rating': {
      // A key outside the scale with a branch of its own is a choice too (the reminder's "to stop these calls, press 9").
      const value = Number(digits)
      return digits.length === 1 && ((value >= 1 && value <= ratingLapsOf(node)) || branchOf(node, digits) !== undefined)
    }
    case 'capture_digits': {
      if (digits.length > numberDigitsOf(node)) return false
      if (node.validate === false) return true
      const { min, max } = rangeOf(node)
      const value = Number(digits)
      return value >= min && value <= max
    }
    default:
      return false
  }
}

/** What is stored for a valid answer: the label for multi_choice (Newfies parity), else the digits. */
export function responseOf(node: SurveyNode, digits: string): string {
  if (node.type === 'multi_choice') return node.choices?.[digits] ?? digits
  return digits
}
