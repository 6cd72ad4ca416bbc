import pino from 'pino'

/**
 * What may carry secrets inside log text. A failed query's error names its parameters (drizzle's
 * `Failed query: …\nparams: …` — password hashes, encrypted gateway tokens, session data), and
 * PostgreSQL's own details quote row values (`Failing row contains (…)`, `Key (token_hash)=(…)`).
 * Errors reach the log as objects and as text (graphile-worker writes a failed job's message and
 * stack into its log line), so both are cleaned.
 */
const REDACTED = '[redacted]'
const TEXT_RULES: [RegExp, string][] = [
  // drizzle's parameter list runs to the end of the message, or in a stack to the first frame
  [/\bparams: [\s\S]*?(?=\n\s+at |$)/g, `params: ${REDACTED}`],
  [/(Failing row contains )\([\s\S]*?\)(?=\.?(\n|$|'))/g, `$1(${REDACTED})`],
  [/\b(Key \([^)]*\))=\([\s\S]*?\)(?= (already exists|is (not present|still referenced)|conflicts))/g, `$1=(${REDACTED})`],
  // credentials inside URLs: scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):[^\s@/'"]*@/gi, `$1:${REDACTED}@`],
]

export function redactText(text: string): string {
  let out = text
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement)
  return out
}

/** Error properties that hold query parameters or row values (drizzle's `params`, PostgreSQL's `detail`…). */
const VALUE_PROPERTIES = ['params', 'parameters', 'values']

type Serialized = Record<string, unknown>

function cleanSerialized(value: Serialized, depth: number): Serialized {
  for (const key of Object.keys(value)) {
    const field = value[key]
    if (VALUE_PROPERTIES.includes(key)) value[key] = REDACTED
    else if (typeof field === 'string') value[key] = redactText(field)
    else if (field && typeof field === 'object' && depth < 4 && !Array.isArray(field)) cleanSerialized(field as Serialized, depth + 1)
  }
  return value
}

/** pino's error serializer (with its `cause` chain), then every text cleaned and parameter lists dropped. */
export function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.errWithCause(err as Error) as unknown
  if (!serialized || typeof serialized !== 'object') return typeof serialized === 'string' ? redactText(serialized) : serialized
  return cleanSerialized(serialized as Serialized, 0)
}

/** For pino's logMethod hook: message strings and format arguments pass through redactText. */
export function redactArguments(args: unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg))
}

/**
 * The same error with its message and stack (and those of its causes) cleaned and parameter lists
 * dropped, for errors handed to code that writes them out as text (graphile-worker's job log).
 * Its class and PostgreSQL code stay, so callers can still tell what went wrong.
 */
export function scrubError(err: unknown): unknown {
  let current: unknown = err
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const error = current as Error & Record<string, unknown>
    error.message = redactText(error.message)
    if (error.stack) error.stack = redactText(error.stack)
    for (const key of VALUE_PROPERTIES) if (key in error) error[key] = REDACTED
    if (typeof error.detail === 'string') error.detail = redactText(error.detail)
    current = error.cause
  }
  return err
}
