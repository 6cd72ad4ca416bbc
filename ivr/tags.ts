import type { IvrContext } from './types.js'

/**
 * Prompt {tags}: looked up in context.data, then context.contact, then the two built-ins
 * {phonenumber_transfer} and {caller_number}. Unknown tags are removed. XML escaping is left to
 * the renderer, so values stay plain text here.
 */

const TAG = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g

/** 'speech' reads phone numbers digit by digit; 'plain' keeps values as they are (dial strings, SMS). */
export type TagMode = 'speech' | 'plain'

/** The names of the {tags} a text uses, each once, in order of first use. */
export function tagsIn(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(TAG), (m) => m[1]!))]
}

/** Filled tags with no value are left out; a caller that must not speak blanks checks tagsIn first. */
export function fillTags(text: string, context: IvrContext, mode: TagMode = 'speech'): string {
  let removed = false
  const filled = text.replace(TAG, (_match, key: string) => {
    const value = lookup(key, context)
    if (value === undefined) {
      removed = true
      return ''
    }
    return mode === 'speech' && looksLikePhoneNumber(value) ? spellDigits(value) : value
  })
  // A removed tag leaves "Hello , see you" behind; tidy only then, so authored text is untouched.
  return removed ? tidy(filled) : filled
}

function lookup(key: string, context: IvrContext): string | undefined {
  const builtins: Record<string, unknown> = {
    phonenumber_transfer: context.transfer_number,
    caller_number: context.caller_number,
  }
  for (const source of [context.data, context.contact, builtins]) {
    if (source && Object.hasOwn(source, key)) {
      const text = asText(source[key])
      if (text !== undefined) return text
    }
  }
  return undefined
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

const DATE_LIKE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/

/** 7 to 15 digits, optionally with +, spaces, dots, dashes or brackets, and not a date. */
export function looksLikePhoneNumber(value: string): boolean {
  const trimmed = value.trim()
  if (!/^\+?[0-9(][0-9 ().-]*[0-9]$/.test(trimmed) || DATE_LIKE.test(trimmed)) return false
  const digits = trimmed.replace(/\D/g, '').length
  return digits >= 7 && digits <= 15
}

export function spellDigits(value: string): string {
  return value.replace(/\D/g, '').split('').join(' ')
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]+([,.!?;:])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}
