import type { ContactAddress, ContactEmail, ContactPhone } from '../db/schema/index.js'
import { invalidField } from '../errors.js'
import { checkEmail, toE164 } from '../kit/validation.js'
import { ADDRESS_TYPES, EMAIL_TYPES, PHONE_TYPES, entryType } from './choices.js'

type Entry = Record<string, unknown>

const ADDRESS_FIELDS = { street: 100, house_number: 20, postal_code: 20, city: 85, country: 50 } as const

function checkKeys(field: string, entry: Entry, allowed: readonly string[]): void {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw invalidField(field, 'must be an object')
  for (const key of Object.keys(entry)) {
    if (!allowed.includes(key)) throw invalidField(`${field}.${key}`, `is not a known field (allowed: ${allowed.join(', ')})`)
  }
}

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string') throw invalidField(field, 'must be a string')
  const trimmed = value.trim()
  if (trimmed.length > max) throw invalidField(field, `must be at most ${max} characters`)
  return trimmed
}

/** `{type?, street?, house_number?, postal_code?, city?, country?}`; unknown keys are refused, not dropped. */
export function checkAddresses(entries: readonly Entry[] | null | undefined): ContactAddress[] {
  return (entries ?? []).map((entry, i) => {
    const at = `addresses.${i}`
    checkKeys(at, entry, ['type', ...Object.keys(ADDRESS_FIELDS)])
    const out: ContactAddress = {}
    if (entry.type !== undefined && entry.type !== null && entry.type !== '') out.type = entryType(`${at}.type`, entry.type, ADDRESS_TYPES)
    for (const [key, max] of Object.entries(ADDRESS_FIELDS)) {
      const value = entry[key]
      if (value !== undefined && value !== null) out[key as keyof typeof ADDRESS_FIELDS] = text(`${at}.${key}`, value, max)
    }
    if (Object.keys(out).length === 0) throw invalidField(at, 'an address needs at least one field')
    return out
  })
}

/** `{type?, email}`: the address is checked for syntax. */
export function checkEmails(entries: readonly Entry[] | null | undefined): ContactEmail[] {
  return (entries ?? []).map((entry, i) => {
    const at = `emails.${i}`
    checkKeys(at, entry, ['type', 'email'])
    if (entry.email === undefined || entry.email === null || entry.email === '') throw invalidField(`${at}.email`, 'This field is required.')
    const email = checkEmail(`${at}.email`, text(`${at}.email`, entry.email, 254))
    const type = entry.type !== undefined && entry.type !== null && entry.type !== '' ? entryType(`${at}.type`, entry.type, EMAIL_TYPES) : undefined
    return type ? { type, email } : { email }
  })
}

/** `{type?, number}`: the number is stored in E.164, national numbers read in the organization's region. */
export function checkPhones(entries: readonly Entry[] | null | undefined, region: string): ContactPhone[] {
  return (entries ?? []).map((entry, i) => {
    const at = `phones.${i}`
    checkKeys(at, entry, ['type', 'number'])
    if (entry.number === undefined || entry.number === null || entry.number === '') throw invalidField(`${at}.number`, 'This field is required.')
    const number = toE164(`${at}.number`, text(`${at}.number`, entry.number, 40), region)
    const type = entry.type !== undefined && entry.type !== null && entry.type !== '' ? entryType(`${at}.type`, entry.type, PHONE_TYPES) : undefined
    return type ? { type, number } : { number }
  })
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
