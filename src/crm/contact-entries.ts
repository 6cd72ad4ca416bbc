import type { ContactAddress, ContactEmail, ContactPhone } from '../db/schema/index.js'
import { invalidField } from '../errors.js'
import { ADDRESS_TYPES, EMAIL_TYPES, PHONE_TYPES } from './choices.js'
import { pythonRepr } from './python-repr.js'

type Entry = Record<string, unknown>

interface EntrySchema {
  /** the help text the original appends to its message */
  help: string
  /** key → maximum length (and minimum, for phone numbers and e-mail addresses) */
  lengths: Record<string, [number, number]>
  types: readonly string[]
}

// The original validated each entry with a voluptuous Schema (contact/validators.py): only these
// keys, string values within these lengths, `type` one of the choices; on failure the message is
// "Invalid value: <the entry as Python prints it>. <the field's help text>".
const ADDRESS: EntrySchema = {
  help: `List of 'address' objects with the structure: type (string - Choices: ${ADDRESS_TYPES.join(', ')}), street (string), house_number (string), postal_code: (string), city (string), country (string)`,
  lengths: { street: [0, 100], house_number: [0, 20], postal_code: [0, 20], city: [0, 85], country: [0, 50] },
  types: ADDRESS_TYPES,
}
const EMAIL: EntrySchema = {
  help: `List of 'email' objects with the structure: type (string - Choices: ${EMAIL_TYPES.join(', ')}), email (string)`,
  lengths: { email: [3, 254] },
  types: EMAIL_TYPES,
}
const PHONE: EntrySchema = {
  help: `List of 'phone' objects with the structure: type (string - Choices: ${PHONE_TYPES.join(', ')}), number (string)`,
  lengths: { number: [3, 20] },
  types: PHONE_TYPES,
}

function isEntry(value: unknown): value is Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function entryProblem(entry: Entry, schema: EntrySchema): boolean {
  for (const [key, value] of Object.entries(entry)) {
    if (typeof value !== 'string') return true
    if (key === 'type') {
      if (!schema.types.includes(value.toLowerCase())) return true
    } else {
      const bounds = schema.lengths[key]
      if (!bounds) return true
      const length = [...value].length
      if (length < bounds[0] || length > bounds[1]) return true
    }
  }
  return false
}

/** A list of entries checked against `schema`; null stays null. The first bad entry is reported. */
function checkEntries<T>(field: string, entries: unknown, schema: EntrySchema, extra?: (entry: Entry) => void): T[] | null {
  if (entries === null || entries === undefined) return null
  if (!Array.isArray(entries)) throw invalidField(field, `Expected a list of items but got type "${typeof entries === 'string' ? 'str' : 'dict'}".`)
  return entries.map((entry) => {
    if (!isEntry(entry)) throw invalidField(field, `Expected a dictionary of items but got type "${typeof entry === 'string' ? 'str' : typeof entry}".`)
    if (entryProblem(entry, schema)) throw invalidField(field, `Invalid value: ${pythonRepr(entry)}. ${schema.help}`)
    extra?.(entry)
    const out: Entry = { ...entry }
    if (typeof out.type === 'string') out.type = out.type.toLowerCase()
    return out as T
  })
}

// Django's validate_email, in short: a local part and a domain that has a dot or is localhost.
const EMAIL_ADDRESS = /^[^\s@]+@(?:[^\s@.]+(?:\.[^\s@.]+)*\.[^\s@.]{2,}|localhost|\[[0-9a-fA-F:.]+\])$/

export function checkAddresses(entries: unknown): ContactAddress[] | null {
  return checkEntries<ContactAddress>('addresses', entries, ADDRESS)
}

export function checkEmails(entries: unknown): ContactEmail[] | null {
  return checkEntries<ContactEmail>('emails', entries, EMAIL, (entry) => {
    if (typeof entry.email !== 'string' || !EMAIL_ADDRESS.test(entry.email)) throw invalidField('emails', 'Enter a valid email address.')
  })
}

/** Numbers are kept as written (3–20 characters), as the original kept them; dialling normalises them. */
export function checkPhones(entries: unknown): ContactPhone[] | null {
  return checkEntries<ContactPhone>('phones', entries, PHONE)
}

/** "Street 1, 10115 Berlin, Germany" for e-mails. */
export function formatAddress(address: ContactAddress): string {
  const street = [address.street, address.house_number].filter(Boolean).join(' ')
  const city = [address.postal_code, address.city].filter(Boolean).join(' ')
  return [street, city, address.country].filter(Boolean).join(', ')
}

const ADDRESS_PREFERENCE = ['delivery', 'home', 'business', 'billing', 'mailing'] as const

/** The address an appointment e-mail falls back to: delivery > home > business > billing > mailing > untyped. */
export function preferredAddress(addresses: readonly ContactAddress[]): string {
  const rank = (a: ContactAddress) => {
    const at = ADDRESS_PREFERENCE.indexOf(a.type as (typeof ADDRESS_PREFERENCE)[number])
    return at < 0 ? ADDRESS_PREFERENCE.length : at
  }
  const best = [...addresses].filter((a) => formatAddress(a) !== '').sort((a, b) => rank(a) - rank(b))[0]
  return best ? formatAddress(best) : ''
}
