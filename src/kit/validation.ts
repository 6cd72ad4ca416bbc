import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { IANAZone } from 'luxon'
import { invalidField } from '../errors.js'
import type { OutboundPolicy } from '../kit/outbound-url.js'

export function checkTimezone(field: string, value: string): string {
  if (!IANAZone.isValidZone(value)) throw invalidField(field, `"${value}" is not an IANA time zone (e.g. Europe/Berlin)`)
  return value
}

// Deliberately simple: one @, no spaces, a dot in the domain. Delivery is the real test.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export function checkEmail(field: string, value: string): string {
  const trimmed = value.trim()
  if (!EMAIL.test(trimmed) || trimmed.length > 254) throw invalidField(field, 'Enter a valid email address.')
  return trimmed
}

/** Any written form of a phone number → E.164, reading national numbers in the organization's region. */
export function toE164(field: string, value: string, region: string): string {
  const parsed = parsePhoneNumberFromString(value.trim(), region.toUpperCase() as CountryCode)
  if (!parsed?.isPossible()) throw invalidField(field, `"${value}" is not a valid phone number`)
  return parsed.number
}

/**
 * A caller id: a phone number, as a carrier shows it. A valid number becomes E.164 (national
 * numbers read in `region`); anything else made of digits (Newfies clients send short ids such as
 * `123456`) is kept as its digits — the dialler then uses the gateway's own number. Letters and other
 * text are refused.
 */
export function checkCallerId(field: string, value: string, region: string): string {
  const trimmed = value.trim()
  const digits = trimmed.replace(/[\s().-]/g, '')
  if (!/^\+?\d{2,15}$/.test(digits)) {
    throw invalidField(field, `"${value}" is not a phone number (E.164 such as +15551234567, or digits)`)
  }
  const parsed = parsePhoneNumberFromString(trimmed, region.toUpperCase() as CountryCode)
  return parsed?.isValid() ? parsed.number : digits
}

const HHMMSS = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/
/** `HH:MM` or `HH:MM:SS` → `HH:MM:SS`. */
export function checkTimeOfDay(field: string, value: string): string {
  if (!HHMMSS.test(value)) throw invalidField(field, 'must be a time of day HH:MM:SS')
  return value.length === 5 ? `${value}:00` : value
}

export function checkHttpUrl(field: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidField(field, 'Enter a valid URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidField(field, 'must be an http(s) URL')
  return value
}

/**
 * A URL Tocsin will request itself (a result webhook, a provider API): http(s), and allowed by the outbound URL policy
 * now (kit/outbound-url.ts); each request is checked again.
 */
export async function checkOutboundUrl(outbound: OutboundPolicy, field: string, value: string): Promise<string> {
  checkHttpUrl(field, value)
  try {
    await outbound.check(value)
  } catch (err) {
    throw invalidField(field, `not allowed: ${(err as Error).message}`)
  }
  return value
}
