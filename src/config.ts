import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import { parseAllowList } from './kit/outbound-url.js'

/**
 * Every setting Tocsin reads from the environment, validated once at start-up.
 * This is the only module that touches process.env.
 */
export interface Config {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  /** undefined = run an embedded PostgreSQL under dataDir */
  readonly databaseUrl: string | undefined
  readonly publicUrl: string
  readonly secretKey: string
  readonly smtpUrl: string | undefined
  readonly mailFrom: string
  readonly adminPassword: string | undefined
  readonly logLevel: LogLevel
  readonly workerConcurrency: number
  /** seconds an alarm may be overdue before it is expired instead of dialled */
  readonly alarmStaleAfter: number
  /** seconds after a call's ring timeout (and then between checks) before its provider is asked how it ended */
  readonly callReconcileAfter: number
  /** seconds after dialling that a call its provider does not know (404) is settled as failed */
  readonly callLostAfter: number
  /** candidates a recurrence computation may examine before it is refused (a 400 naming the field) */
  readonly recurrenceMaxSteps: number
  /**
   * seconds an ended call's attempt waits for the request carrying the callee's last keys (it travels apart from the
   * final status) before it is settled without it
   */
  readonly callSettleGrace: number
  /** seconds an SMS alarm waits for its text's final delivery status before the carrier is asked */
  readonly smsDeliveryDeadline: number
  /** PEM of the RS256 key that signs CRM JWTs; undefined = JWT auth off */
  readonly jwtPublicKey: string | undefined
  /**
   * Addresses, CIDR ranges and host names that outbound requests (gateway base URLs, result webhooks) may reach
   * although they are private, loopback, link-local or otherwise internal (src/kit/outbound-url.ts)
   */
  readonly outboundUrlAllow: readonly string[]
  /**
   * Addresses (IPs, CIDR ranges, or `loopback` / `linklocal` / `uniquelocal`) of reverse proxies whose
   * X-Forwarded-For / -Host / -Proto are believed; empty = none, the socket's peer is the client.
   */
  readonly trustProxy: readonly string[]
  /** seconds a database statement may run before PostgreSQL cancels it (and the client gives up) */
  readonly databaseStatementTimeout: number
  /** seconds to wait for a database connection (a new one, or a free one from the pool) */
  readonly databaseConnectTimeout: number
}

/** Used where no Config is at hand (tests, tools); `loadConfig` defaults to the same. */
export const DATABASE_TIMEOUT_DEFAULTS = { statementTimeout: 30, connectTimeout: 5 } as const

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`)
  }
}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`)
  return value
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(name, 'is not a valid URL')
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`)
  }
  return raw
}

function allowList(env: Env, name: string): readonly string[] {
  const parsed = parseAllowList(env[name] ?? '')
  if (!parsed.ok) throw new ConfigError(name, `"${parsed.entry}" is not an IP address, a CIDR range (10.0.0.0/8) or a host name`)
  return Object.freeze(parsed.entries)
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/** TRUST_PROXY: a comma-separated list of proxy addresses; never "everyone". */
function proxyList(env: Env, name: string): string[] {
  const raw = (env[name] ?? '').trim()
  if (raw === '' || /^(false|no|0|off)$/i.test(raw)) return []
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean)
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/')
    const family = isIP(address ?? '')
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32))
    if (!PROXY_NAMES.includes(entry) && (family === 0 || !prefixOk || extra !== undefined)) {
      throw new ConfigError(name, `"${entry}" is not an IP address, a CIDR range or one of ${PROXY_NAMES.join(', ')} (list the proxies' addresses; "true" is not accepted)`)
    }
  }
  return entries
}

/** SECRET_KEY, or in embedded mode a key generated once and kept in DATA_DIR. */
function secretKey(env: Env, dataDir: string, embedded: boolean): string {
  const given = env.SECRET_KEY
  if (given !== undefined && given !== '') {
    if (given.length < 16) throw new ConfigError('SECRET_KEY', 'must be at least 16 characters')
    return given
  }
  if (!embedded) throw new ConfigError('SECRET_KEY', 'is required when DATABASE_URL is set')
  const file = join(dataDir, 'secret-key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const key = randomBytes(32).toString('base64url')
  writeFileSync(file, key + '\n', { mode: 0o600 })
  return key
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 8002, 0, 65535)
  const host = env.HOST || '127.0.0.1'
  const dataDir = resolve(env.DATA_DIR || './.tocsin')
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '')
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`)
  const jwtPublicKey = env.JWT_PUBLIC_KEY || undefined
  if (jwtPublicKey !== undefined && !jwtPublicKey.includes('BEGIN PUBLIC KEY')) {
    throw new ConfigError('JWT_PUBLIC_KEY', 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)')
  }
  const mailFrom = env.MAIL_FROM || 'Tocsin <tocsin@localhost>'
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'must contain an e-mail address')

  return Object.freeze({
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    secretKey: secretKey(env, dataDir, databaseUrl === undefined),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    logLevel,
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 10, 1, 1000),
    alarmStaleAfter: int(env, 'ALARM_STALE_AFTER', 3600, 0, 7 * 24 * 3600),
    callReconcileAfter: int(env, 'CALL_RECONCILE_AFTER', 60, 1, 24 * 3600),
    callLostAfter: int(env, 'CALL_LOST_AFTER', 900, 1, 7 * 24 * 3600),
    recurrenceMaxSteps: int(env, 'RECURRENCE_MAX_STEPS', 100_000, 100, 100_000_000),
    callSettleGrace: int(env, 'CALL_SETTLE_GRACE', 10, 0, 300),
    smsDeliveryDeadline: int(env, 'SMS_DELIVERY_DEADLINE', 600, 10, 24 * 3600),
    jwtPublicKey,
    outboundUrlAllow: allowList(env, 'OUTBOUND_URL_ALLOW'),
    trustProxy: Object.freeze(proxyList(env, 'TRUST_PROXY')),
    databaseStatementTimeout: int(env, 'DATABASE_STATEMENT_TIMEOUT', DATABASE_TIMEOUT_DEFAULTS.statementTimeout, 1, 24 * 3600),
    databaseConnectTimeout: int(env, 'DATABASE_CONNECT_TIMEOUT', DATABASE_TIMEOUT_DEFAULTS.connectTimeout, 1, 600),
  })
}

/** The table in README.md is generated from the same facts; keep them in step. */
export const CONFIG_VARIABLES = [
  'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'PUBLIC_URL', 'SECRET_KEY', 'SMTP_URL', 'MAIL_FROM',
  'ADMIN_PASSWORD', 'LOG_LEVEL', 'WORKER_CONCURRENCY', 'ALARM_STALE_AFTER', 'CALL_RECONCILE_AFTER', 'CALL_LOST_AFTER',
  'CALL_SETTLE_GRACE', 'SMS_DELIVERY_DEADLINE', 'RECURRENCE_MAX_STEPS', 'JWT_PUBLIC_KEY',
  'OUTBOUND_URL_ALLOW', 'TRUST_PROXY', 'DATABASE_STATEMENT_TIMEOUT', 'DATABASE_CONNECT_TIMEOUT',
] as const
