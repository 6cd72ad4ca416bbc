import { invalidField } from '../errors.js'

/** The original's choices: the code is stored and returned, the label is accepted on input too. */
export const TITLES = { mr: 'Mr.', ms: 'Ms.', mrs: 'Mrs.', miss: 'Miss', family: 'Family' } as const
export const CUSTOMER_TYPES = { customer: 'Customer', contact: 'Contact', company: 'Company', public: 'Public' } as const
export const ADDRESS_TYPES = ['home', 'billing', 'business', 'delivery', 'mailing'] as const
export const EMAIL_TYPES = ['office', 'private', 'other'] as const
export const PHONE_TYPES = ['office', 'mobile', 'home', 'fax'] as const
export const NOTE_TYPES = { 1: 'Primary', 2: 'Secondary', 3: 'OOO Reason', 4: 'OOO Note' } as const
export type NoteType = keyof typeof NOTE_TYPES

const normal = (value: string) => value.trim().toLowerCase().replace(/\.$/, '')

/** `"Mr."`, `"mr"` or `"MR"` → `"mr"`; null or '' → null; anything else is a 400 naming the field. */
export function choice<T extends Record<string, string>>(field: string, value: string | null | undefined, choices: T): keyof T & string | null {
  if (value === null || value === undefined || value.trim() === '') return null
  const wanted = normal(value)
  for (const [code, label] of Object.entries(choices)) {
    if (wanted === code || wanted === normal(label)) return code
  }
  throw invalidField(field, `"${value}" is not a valid choice.`)
}

/** 1..4, or the label ("Primary", "OOO Note"). */
export function noteType(field: string, value: unknown): NoteType {
  if (typeof value === 'number' && value in NOTE_TYPES) return value as NoteType
  if (typeof value === 'string') {
    const trimmed = value.trim()
    if (/^[1-4]$/.test(trimmed)) return Number(trimmed) as NoteType
    for (const [code, label] of Object.entries(NOTE_TYPES)) {
      if (label.toLowerCase() === trimmed.toLowerCase()) return Number(code) as NoteType
    }
  }
  throw invalidField(field, `"${String(value)}" is not a valid choice.`)
}
