import { randomBytes } from 'node:crypto'
import { pythonRepr } from '../../../src/crm/python-repr.js'

/** A Python `datetime` of an upstream test: naive, or aware in UTC. */
export class PyDateTime {
  constructor(readonly year: number, readonly month: number, readonly day: number, readonly hour = 0, readonly minute = 0,
    readonly second = 0, readonly utc = false) {}

  private pad(n: number) {
    return String(n).padStart(2, '0')
  }

  private clock() {
    return `${this.pad(this.hour)}:${this.pad(this.minute)}:${this.pad(this.second)}`
  }

  /** str(datetime): `2018-01-01 12:15:00+00:00` / `2018-01-01 12:30:00` */
  toString(): string {
    return `${this.year}-${this.pad(this.month)}-${this.pad(this.day)} ${this.clock()}${this.utc ? '+00:00' : ''}`
  }

  /** DRF's JSON encoder: isoformat(), with `+00:00` written `Z` */
  toJSON(): string {
    return `${this.year}-${this.pad(this.month)}-${this.pad(this.day)}T${this.clock()}${this.utc ? 'Z' : ''}`
  }

  /** strftime(fmt) for the few directives the tests use */
  strftime(format: string): string {
    return format.replace('%Y', String(this.year)).replace('%m', this.pad(this.month)).replace('%d', this.pad(this.day))
      .replace('%H', this.pad(this.hour)).replace('%M', this.pad(this.minute)).replace('%S', this.pad(this.second))
  }

  /** the instant: UTC, or for a naive one Django's TIME_ZONE (Europe/Berlin; +01:00 in winter, as in the tests) */
  toDate(): Date {
    const offsetHours = this.utc ? 0 : 1
    return new Date(Date.UTC(this.year, this.month - 1, this.day, this.hour - offsetHours, this.minute, this.second))
  }
}

/** `datetime(2018, 1, 1, 12, 15, tzinfo=pytz.UTC)` */
export const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => new PyDateTime(y, m, d, h, mi, s, true)
/** `datetime(2018, 1, 1, 12, 15)` */
export const naive = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => new PyDateTime(y, m, d, h, mi, s, false)

export type PyValue = string | number | boolean | null | PyDateTime | PyValue[] | { [key: string]: PyValue }

/** Python's str() of a value, as Django's encode_multipart writes it. */
function pyStr(value: PyValue): string {
  if (typeof value === 'string') return value
  if (value instanceof PyDateTime) return value.toString()
  return pythonRepr(value)
}

/** django.test.client.encode_multipart: a list becomes one part per item; everything else one part, str()'d. */
export function encodeMultipart(data: Record<string, PyValue>): { contentType: string; body: Buffer } {
  const boundary = `BoUnDaRy${randomBytes(8).toString('hex')}`
  const lines: string[] = []
  for (const [key, value] of Object.entries(data)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      lines.push(`--${boundary}`, `Content-Disposition: form-data; name="${key}"`, '', pyStr(item))
    }
  }
  lines.push(`--${boundary}--`, '')
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(lines.join('\r\n'), 'utf8') }
}

export function jsonBody(value: unknown): string {
  return JSON.stringify(value)
}
