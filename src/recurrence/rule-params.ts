// A recurrence rule is written either the Newfies way (frequency + python-dateutil kwargs as `count:10;byweekday:0,1`)
// or as RFC 5545 RRULE text. Both parse to one RuleParts and print back canonically, so a client may write either form
// and always reads both. Nothing here evaluates input: Newfies eval()'d its params (newfies-dialer/newfies-dialer: newfies/appointment/models/rules.py).

export const Frequency = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'] as const
export type Frequency = (typeof Frequency)[number]

/** `day` 0 = MO … 6 = SU (dateutil's numbering); `n` = the nth such day of the month/year, negative from the end. */
export interface WeekdayPart { day: number; n?: number }
/** UTC instant for `…T…Z`; for a bare DATE, the end of that day on the event's wall clock, read as UTC ("floating"). */
export interface Until { ms: number; floating: boolean }
export interface RuleParts {
  freq: Frequency
  interval?: number; count?: number; until?: Until; wkst?: number
  bymonth?: number[]; byweekno?: number[]; byyearday?: number[]; bymonthday?: number[]; byweekday?: WeekdayPart[]
  byhour?: number[]; byminute?: number[]; bysecond?: number[]; bysetpos?: number[]
}
export type RuleField = 'frequency' | 'params' | 'rrule'
export type ParsedRule = { frequency: Frequency; params: string; rrule: string }
export type RuleResult = { ok: true; rule: ParsedRule } | { ok: false; field: RuleField; message: string }
export type PartsResult = { ok: true; parts: RuleParts } | { ok: false; message: string }

type Form = 'params' | 'rrule'
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
type ListKey = 'bymonth' | 'byweekno' | 'byyearday' | 'bymonthday' | 'byhour' | 'byminute' | 'bysecond' | 'bysetpos'
// `signed`: negative values count from the end, and 0 is meaningless.
const LISTS: Record<ListKey, { min: number; max: number; signed: boolean }> = {
  bymonth: { min: 1, max: 12, signed: false }, byweekno: { min: 1, max: 53, signed: true },
  byyearday: { min: 1, max: 366, signed: true }, bymonthday: { min: 1, max: 31, signed: true },
  byhour: { min: 0, max: 23, signed: false }, byminute: { min: 0, max: 59, signed: false },
  bysecond: { min: 0, max: 59, signed: false }, bysetpos: { min: 1, max: 366, signed: true },
}
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
// Print order, which is also what makes the canonical form canonical.
const ORDER = ['interval', 'count', 'until', 'bymonth', 'byweekno', 'byyearday', 'bymonthday', 'byweekday',
  'byhour', 'byminute', 'bysecond', 'bysetpos', 'wkst'] as const
type Key = (typeof ORDER)[number]
const RFC_NAME: Record<Key, string> = { ...Object.fromEntries(ORDER.map((k) => [k, k.toUpperCase()])), byweekday: 'BYDAY' } as Record<Key, string>
const FROM_RFC = new Map(ORDER.map((k) => [RFC_NAME[k], k]))
const isKey = (k: string): k is Key => (ORDER as readonly string[]).includes(k)
const keyName = (k: Key, form: Form) => (form === 'params' ? k : RFC_NAME[k])

class RuleError extends Error {}
const fail = (message: string): never => { throw new RuleError(message) }

export function parseFrequency(text: string): Frequency | undefined {
  const f = text.trim().toUpperCase()
  return (Frequency as readonly string[]).includes(f) ? (f as Frequency) : undefined
}
const frequencyError = (text: string) => `"${text}" is not one of ${Frequency.join(', ')}`

function int(text: string, what: string): number {
  if (!/^[+-]?\d{1,9}$/.test(text)) fail(`${what} value "${text}" is not a whole number`)
  return Number(text)
}

function weekday(text: string, form: Form, what: string): WeekdayPart {
  const t = text.toUpperCase()
  if (form === 'params' && /^[0-6]$/.test(t)) return { day: Number(t) }
  // RFC `-1FR`; dateutil `FR(-1)` (params only, as Newfies wrote it).
  const rfc = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(t)
  const py = form === 'params' ? /^(MO|TU|WE|TH|FR|SA|SU)\(([+-]?\d{1,2})\)$/.exec(t) : null
  const [dayText, nText] = rfc ? [rfc[2], rfc[1]] : py ? [py[1], py[2]] : fail(`${what} value "${text}" is not a weekday`)
  const day = WEEKDAYS.indexOf(dayText as (typeof WEEKDAYS)[number])
  if (nText === undefined) return { day }
  const n = Number(nText)
  if (n === 0 || Math.abs(n) > 53) fail(`${what} value "${text}" must be the 1st..53rd or -1st..-53rd weekday`)
  return { day, n }
}

function until(text: string, what: string): Until {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2}):?(\d{2})(Z)?)?$/.exec(text.toUpperCase())
  if (!m) return fail(`${what} value "${text}" is not a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ`)
  // A local date-time would need the event's zone to mean anything; RFC 5545 requires UTC here anyway.
  if (m[4] !== undefined && m[7] === undefined) fail(`${what} value "${text}" must be in UTC (end with Z) or be a date YYYYMMDD`)
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '23', m[5] ?? '59', m[6] ?? '59'].map(Number) as [number, number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, m[4] === undefined ? 999 : 0)
  // Date.UTC rolls 30 February or 25:00 over into the next day or month, which gives them away.
  if (new Date(ms).getUTCDate() !== d || new Date(ms).getUTCMonth() !== mo - 1 || mi > 59 || s > 59) fail(`${what} value "${text}" is not a real date`)
  return { ms, floating: m[4] === undefined }
}

function setPart(parts: RuleParts, rawKey: string, values: string[], form: Form): void {
  const key = form === 'params' ? rawKey.toLowerCase() : FROM_RFC.get(rawKey.toUpperCase()) ?? ''
  if (!isKey(key)) return fail(form === 'params' ? `unknown key "${rawKey}"` : `unknown part "${rawKey}"`)
  const what = keyName(key, form)
  if (parts[key] !== undefined) fail(`${what} is given twice`)
  if (values.some((v) => v === '')) fail(`${what} has an empty value`)
  const single = (): string => (values.length === 1 ? (values[0] as string) : fail(`${what} takes one value`))
  if (key === 'count' || key === 'interval') {
    const n = int(single(), what)
    if (n < 1) fail(`${what} must be at least 1`)
    parts[key] = n
  } else if (key === 'until') parts.until = until(single(), what)
  else if (key === 'wkst') {
    const w = weekday(single(), form, what)
    if (w.n !== undefined) fail(`${what} value "${single()}" must be a plain weekday`)
    parts.wkst = w.day
  } else if (key === 'byweekday') {
    parts.byweekday = uniq(values.map((v) => weekday(v, form, what)), (w) => `${w.day}:${w.n ?? 0}`)
      .sort((a, b) => a.day - b.day || byPosition(a.n ?? 0, b.n ?? 0))
  } else {
    const { min, max, signed } = LISTS[key]
    parts[key] = uniq(values.map((v) => {
      const n = int(v, what)
      const ok = signed ? n !== 0 && Math.abs(n) >= min && Math.abs(n) <= max : n >= min && n <= max
      if (!ok) fail(`${what} value "${v}" is out of range ${signed ? `${min}..${max} or -${max}..-${min}` : `${min}..${max}`}`)
      return n
    }), String).sort(byPosition)
  }
}

// 1, 2, 15, -1, -2: counting from the start, then from the end, as people write them.
const byPosition = (a: number, b: number) => Number(a < 0) - Number(b < 0) || (a < 0 ? b - a : a - b)

const uniq = <T>(items: T[], key: (t: T) => string): T[] => [...new Map(items.map((i) => [key(i), i])).values()]

// RFC 5545 §3.3.10 "MUST NOT"s; rrule.js would silently do something else with them.
function checkCombination(p: RuleParts, form: Form): void {
  const name = (k: Key) => keyName(k, form)
  if (p.count !== undefined && p.until !== undefined) fail(`${name('count')} and ${name('until')} cannot both be given`)
  if (p.byweekno && p.freq !== 'YEARLY') fail(`${name('byweekno')} needs frequency YEARLY`)
  if (p.byyearday && ['DAILY', 'WEEKLY', 'MONTHLY'].includes(p.freq)) fail(`${name('byyearday')} cannot be used with frequency ${p.freq}`)
  if (p.bymonthday && p.freq === 'WEEKLY') fail(`${name('bymonthday')} cannot be used with frequency WEEKLY`)
  if (p.byweekday?.some((w) => w.n !== undefined) && (!['MONTHLY', 'YEARLY'].includes(p.freq) || p.byweekno)) {
    fail(`${name('byweekday')} with a position (e.g. the 1st MO) needs frequency MONTHLY or YEARLY without ${name('byweekno')}`)
  }
  // The classic "never again" rule (30 February); caught here because rrule would scan to year 9999 looking for it.
  const { bymonth, bymonthday } = p
  if (bymonth && bymonthday && !bymonth.some((m) => bymonthday.some((d) => Math.abs(d) <= (MONTH_DAYS[m - 1] ?? 0)))) {
    fail(`${name('bymonthday')} ${bymonthday.join(',')} never falls in ${name('bymonth')} ${bymonth.join(',')}`)
  }
  const byParts: Key[] = ['bymonth', 'byweekno', 'byyearday', 'bymonthday', 'byweekday', 'byhour', 'byminute', 'bysecond']
  if (p.bysetpos && !byParts.some((k) => p[k] !== undefined)) fail(`${name('bysetpos')} needs another BY rule part`)
}

function parseWith(freq: Frequency, segments: string[], form: Form, sep: ':' | '='): RuleParts {
  const parts: RuleParts = { freq }
  for (const segment of segments) {
    const at = segment.indexOf(sep)
    if (at <= 0) fail(form === 'params' ? `"${segment}" is not key:value` : `"${segment}" is not NAME=VALUE`)
    setPart(parts, segment.slice(0, at).trim(), segment.slice(at + 1).split(',').map((v) => v.trim()), form)
  }
  if (parts.interval === 1) delete parts.interval
  if (parts.wkst === 0) delete parts.wkst
  checkCombination(parts, form)
  return parts
}

const segmentsOf = (text: string) => text.split(';').map((s) => s.trim()).filter((s) => s !== '')

function guard(run: () => RuleParts): PartsResult {
  try {
    return { ok: true, parts: run() }
  } catch (e) {
    if (e instanceof RuleError) return { ok: false, message: e.message }
    throw e
  }
}

/** Newfies params (`count:10;byweekday:0,1,2,3,4`) for a known frequency. Empty or null = no extra parts. */
export function readParams(freq: Frequency, params: string | null): PartsResult {
  return guard(() => parseWith(freq, segmentsOf((params ?? '').replaceAll('"', '')), 'params', ':'))
}

/** RFC 5545 RRULE value, with or without the `RRULE:` prefix. */
export function readRrule(text: string): PartsResult {
  return guard(() => {
    const body = text.trim().replace(/^RRULE:/i, '')
    if (/[\r\n]/.test(body) || /^DTSTART/i.test(body)) fail('give one RRULE line; the event\'s start is the series start')
    const segments = segmentsOf(body)
    const freqAt = segments.findIndex((s) => /^FREQ\s*=/i.test(s))
    if (freqAt < 0) fail('FREQ is missing')
    if (segments.filter((s) => /^FREQ\s*=/i.test(s)).length > 1) fail('FREQ is given twice')
    const freqText = (segments[freqAt] as string).replace(/^FREQ\s*=/i, '').trim()
    const freq = parseFrequency(freqText) ?? fail(`FREQ value ${frequencyError(freqText)}`)
    return parseWith(freq, segments.filter((_, i) => i !== freqAt), 'rrule', '=')
  })
}

function values(p: RuleParts, key: Key, form: Form): string | undefined {
  if (key === 'until') return p.until && untilText(p.until)
  if (key === 'wkst') return p.wkst === undefined ? undefined : form === 'params' ? String(p.wkst) : WEEKDAYS[p.wkst]
  if (key === 'byweekday') {
    return p.byweekday?.map(({ day, n }) => n === undefined ? (form === 'params' ? String(day) : WEEKDAYS[day])
      : form === 'params' ? `${WEEKDAYS[day]}(${n > 0 ? '+' : ''}${n})` : `${n}${WEEKDAYS[day]}`).join(',')
  }
  const v = p[key]
  return v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v)
}

function untilText(u: Until): string {
  const iso = new Date(u.ms).toISOString().replace(/[-:]/g, '')
  return u.floating ? iso.slice(0, 8) : `${iso.slice(0, 15)}Z`
}

function print(p: RuleParts, form: Form): string[] {
  return ORDER.flatMap((k) => {
    const v = values(p, k, form)
    return v === undefined ? [] : [form === 'params' ? `${k}:${v}` : `${RFC_NAME[k]}=${v}`]
  })
}
export const printParams = (p: RuleParts): string => print(p, 'params').join(';')
export const printRrule = (p: RuleParts): string => [`FREQ=${p.freq}`, ...print(p, 'rrule')].join(';')

const given = (s: string | null | undefined): s is string => s != null && s.trim() !== ''

/**
 * Parse (never evaluate) a rule written as frequency + params, as an RRULE, or both. With both, they must describe the
 * same rule (an `rrule` error otherwise); `params` left undefined means "not given", so frequency + rrule is accepted.
 */
export function parseRule(input: { frequency?: string; params?: string | null; rrule?: string | null }): RuleResult {
  const bad = (field: RuleField, message: string): RuleResult => ({ ok: false, field, message: `${field}: ${message}` })
  let freq: Frequency | undefined
  if (given(input.frequency)) {
    freq = parseFrequency(input.frequency)
    if (!freq) return bad('frequency', frequencyError(input.frequency))
  }
  let parts: RuleParts
  if (given(input.rrule)) {
    const r = readRrule(input.rrule)
    if (!r.ok) return bad('rrule', r.message)
    parts = r.parts
    if (freq && freq !== parts.freq) return bad('rrule', `FREQ=${parts.freq} disagrees with frequency ${freq}`)
    if (input.params !== undefined) {
      const p = readParams(parts.freq, input.params)
      if (!p.ok) return bad('params', p.message)
      if (printParams(p.parts) !== printParams(parts)) return bad('rrule', `disagrees with params "${printParams(p.parts)}"`)
    }
  } else {
    if (!freq) return bad('frequency', 'required (or give rrule)')
    const p = readParams(freq, input.params ?? null)
    if (!p.ok) return bad('params', p.message)
    parts = p.parts
  }
  return { ok: true, rule: { frequency: parts.freq, params: printParams(parts), rrule: printRrule(parts) } }
}
