/**
 * Malformed requests generated from an OpenAPI operation: a plausible request (from the schema),
 * then one thing broken — a path or query parameter, one body field, the whole body, or its
 * encoding. Deterministic for a seed, so a failure can be replayed (FUZZ_SEED).
 */

export type Schema = {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
  enum?: unknown[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  format?: string
  nullable?: boolean
  additionalProperties?: boolean | Schema
}

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  schema?: Schema
  required?: boolean
}

export interface Operation {
  method: string
  path: string
  parameters: Parameter[]
  body: Schema | undefined
}

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** what was broken, for the report */
  mutation: string
}

/** mulberry32: small, fast, good enough to pick cases. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!,
    chance: (p: number) => next() < p,
  }
}
export type Rng = ReturnType<typeof prng>

/** Raw JSON texts that JSON.stringify cannot produce (Infinity after parsing, lone surrogates). */
const RAW = (text: string) => ({ __raw: text })
type Raw = ReturnType<typeof RAW>
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && '__raw' in v

const HUGE_NUMBERS = ['2147483648', '2147483647', '-2147483649', '9007199254740993', '99999999999999999999999', '1e400', '-1e400', '1e-400', '0', '-1', '1.5', '-0']
const BAD_STRINGS = [
  '', ' ', 'a\u0000b', '\u0000', 'x'.repeat(101), 'y'.repeat(5000), 'z'.repeat(70_000), '💣'.repeat(50), '\u202e\u200b',
  '0000-01-01T00:00:00Z', '0000-00-00', '9999-12-31T23:59:59+14:00', '+275760-09-13T00:00:00Z', '2024-02-30', '2024-13-01T25:61:00',
  '1e400', 'NaN', 'Infinity', 'null', 'true', '-1', '2147483648', '99999999999999999999', 'abc', '../../etc/passwd', "'; drop table users; --",
  '%00', '%', 'http://127.0.0.1:1/', 'javascript:alert(1)', '{"a":1}', '[]', 'Europe/Nowhere', 'FREQ=SECONDLY;INTERVAL=0',
  'http://x/rest-api/calendar/2147483648/', 'http://x/rest-api/calendar/99999999999999999999/', '00000000-0000-0000-0000-000000000000',
  'not-a-uuid', '+1555', '+15551234567', 'abc@', '\ud800',
]
const BAD_PATH = [
  '2147483648', '9999999999', '99999999999999999999999', '-1', '0', '1e400', '1.5', 'abc', '%00', 'a%00b', '%FF', '%F0%9F%92%A3',
  'x'.repeat(150), '1'.repeat(120), '%20', '..%2F..%2Fetc', '1;select', '00000000-0000-0000-0000-000000000000', 'not-a-uuid', '',
]

/** A value the schema accepts (roughly): the start point every mutation breaks one part of. */
export function validValue(schema: Schema | undefined, rng: Rng, depth = 0): unknown {
  if (!schema || depth > 4) return 'x'
  if (schema.enum?.length) return rng.pick(schema.enum)
  const variants = schema.anyOf ?? schema.oneOf
  if (variants?.length) return validValue(rng.pick(variants), rng, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 1
      const max = Math.min(schema.maximum ?? min + 100, min + 100)
      return min + rng.int(max - min + 1)
    }
    case 'boolean':
      return rng.chance(0.5)
    case 'array':
      return rng.chance(0.5) ? [] : [validValue(schema.items, rng, depth + 1)]
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || rng.chance(0.5)) out[key] = validValue(prop, rng, depth + 1)
      }
      return out
    }
    case 'string':
      return stringFor(schema, rng)
    default:
      return rng.chance(0.5) ? { note: 'x' } : 'x'
  }
}

function stringFor(schema: Schema, rng: Rng): string {
  if (schema.format === 'uuid') return rng.pick(['7a4ef0a0-1c8a-4f00-9a5b-2c3d4e5f6a7b', '00000000-0000-4000-8000-000000000000'])
  if (schema.format === 'date-time') return '2030-06-01T10:00:00Z'
  if (schema.format === 'date') return '2030-06-01'
  const samples = ['1', '2', 'Ada', '+15551234567', 'http://localhost/rest-api/calendar/1/', '2030-06-01 10:00:00', 'Europe/Berlin', 'a@example.org']
  const value = rng.pick(samples)
  return schema.maxLength !== undefined ? value.slice(0, schema.maxLength) : value
}

function badValue(rng: Rng): unknown {
  switch (rng.int(8)) {
    case 0: return RAW(rng.pick(HUGE_NUMBERS))
    case 1: return Number(rng.pick(['2147483648', '-2147483649', '9007199254740993', '1.5', '-1', '0']))
    case 2: return rng.pick([null, true, false, [], {}, [1, 2], { a: { b: 1 } }, [['x']]])
    case 3: return RAW('"\\ud800"')
    case 4: return `${rng.pick(['Ada', '1', '2030-06-01'])}\u0000${rng.pick(['', 'x'])}`
    default: return rng.pick(BAD_STRINGS)
  }
}

function toJson(value: unknown): string {
  if (isRaw(value)) return value.__raw
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function toForm(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `value=${encode(String(isRaw(value) ? value.__raw : value))}`
  return Object.entries(value).map(([k, v]) => {
    const text = isRaw(v) ? v.__raw : typeof v === 'object' ? JSON.stringify(v) : String(v)
    return `${encode(k)}=${encode(text)}`
  }).join('&')
}

function toMultipart(value: unknown, boundary: string): string {
  const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [['value', value]]
  const parts = entries.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${isRaw(v) ? v.__raw : typeof v === 'object' ? JSON.stringify(v) : String(v)}\r\n`)
  return `${parts.join('')}--${boundary}--\r\n`
}

const GARBAGE_BODIES: [string, string | Buffer][] = [
  ['empty object', '{}'], ['array', '[]'], ['null', 'null'], ['string', '"text"'], ['number', '1e400'], ['truncated', '{"a":'],
  ['trailing junk', '{} x'], ['NUL in JSON text', '{"a":"\u0000"}'], ['raw NUL', Buffer.from([0x7b, 0x00, 0x7d])],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])], ['empty', ''],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`], ['huge', `{"a":"${'x'.repeat(1_100_000)}"}`],
  ['proto', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'], ['duplicate keys', '{"id":1,"id":"x"}'],
]

function fillPath(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? '1')
}

/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 it would be (`%ED%A0%80`). */
function encode(value: string): string {
  return value.split(/([\ud800-\udfff])/).map((part) => /^[\ud800-\udfff]$/.test(part)
    ? [...Buffer.from([0xe0 | (part.charCodeAt(0) >> 12), 0x80 | ((part.charCodeAt(0) >> 6) & 0x3f), 0x80 | (part.charCodeAt(0) & 0x3f)])]
      .map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    : encodeURIComponent(part)).join('')
}

function query(params: [string, string][]): string {
  return params.length ? `?${params.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : ''
}

function validQuery(op: Operation, rng: Rng, ids: Record<string, string[]>): [string, string][] {
  return op.parameters.filter((p) => p.in === 'query' && (p.required || rng.chance(0.3)))
    .map((p) => {
      const fixtures = ids[p.name]
      return [p.name, fixtures ? rng.pick(fixtures) : String(validValue(p.schema, rng))]
    })
}

/** Fixture values for a path parameter: those for this resource (`/contacttype/{uuid}`), else those for its name. */
function fixturesFor(op: Operation, name: string, ids: Record<string, string[]>): string[] {
  const scoped = Object.keys(ids).filter((key) => key.endsWith(`{${name}}`) && op.path.startsWith(key)).sort((a, b) => b.length - a.length)[0]
  return ids[scoped ?? name] ?? ids.id ?? ['1']
}

/**
 * One malformed request for `op`. `ids` are values that name existing objects: by parameter name (path and query),
 * or for one resource's path parameter by its path up to the parameter (`/contacttype/{uuid}`).
 */
export function malformedRequest(op: Operation, rng: Rng, ids: Record<string, string[]>): FuzzRequest {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  const pathValues: Record<string, string> = {}
  for (const p of pathParams) pathValues[p.name] = rng.pick(fixturesFor(op, p.name, ids))
  let q = validQuery(op, rng, ids)
  const body: unknown = op.body ? validValue(op.body, rng) : undefined
  let payload: string | Buffer | undefined
  let contentType = 'application/json'
  let mutation: string

  const kinds = [
    ...(pathParams.length ? ['path', 'path'] : []),
    ...(queryParams.length ? ['query', 'query'] : ['query']),
    ...(op.body ? ['field', 'field', 'field', 'field', 'body', 'encoding'] : ['body']),
  ]
  const kind = rng.pick(kinds)
  if (kind === 'path') {
    const p = rng.pick(pathParams)
    pathValues[p.name] = rng.pick(BAD_PATH)
    mutation = `path ${p.name}=${pathValues[p.name]!.slice(0, 40)}`
  } else if (kind === 'query') {
    const p = queryParams.length && rng.chance(0.85) ? rng.pick(queryParams).name : rng.pick(['page', 'limit', 'offset', 'unknown', 'ordering'])
    const bad = badValue(rng)
    const text = isRaw(bad) ? bad.__raw : typeof bad === 'object' && bad !== null ? JSON.stringify(bad) : String(bad)
    q = q.filter(([k]) => k !== p)
    q.push([p, text])
    if (rng.chance(0.2)) q.push([p, text]) // repeated: an array after parsing
    mutation = `query ${p}=${text.slice(0, 40)}`
  } else if (kind === 'field' && body && typeof body === 'object' && !Array.isArray(body)) {
    const props = Object.keys(op.body?.properties ?? {})
    const key = props.length && rng.chance(0.9) ? rng.pick(props) : rng.pick(['unknown_field', '__proto__', ''])
    const bad = badValue(rng)
    ;(body as Record<string, unknown>)[key] = bad
    mutation = `field ${key}=${toJson(bad).slice(0, 40)}`
  } else if (kind === 'encoding') {
    const encoding = rng.pick(['form', 'multipart', 'text', 'none', 'json-charset'] as const)
    if (encoding === 'form') {
      contentType = 'application/x-www-form-urlencoded'
      payload = toForm(body)
    } else if (encoding === 'multipart') {
      contentType = 'multipart/form-data; boundary=fuzz'
      payload = toMultipart(body, 'fuzz')
    } else if (encoding === 'text') {
      contentType = 'text/plain'
      payload = toJson(body)
    } else if (encoding === 'json-charset') {
      contentType = 'application/json; charset=latin1'
      payload = toJson(body)
    } else {
      contentType = ''
      payload = toJson(body)
    }
    mutation = `encoding ${encoding}`
  } else {
    const [name, raw] = rng.pick(GARBAGE_BODIES)
    payload = raw
    mutation = `body ${name}`
  }
  if (payload === undefined && body !== undefined) payload = toJson(body)
  const headers: Record<string, string> = {}
  if (payload !== undefined && contentType) headers['content-type'] = contentType
  return { method: op.method, url: fillPath(op, pathValues) + query(q), headers, ...(payload !== undefined && { payload }), mutation }
}

/** The operations of an OpenAPI document (no `$ref`s: the document Tocsin serves inlines its schemas). */
export function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
      })
    }
  }
  return ops
}
