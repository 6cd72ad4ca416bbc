import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Db } from '../db/client.js'
import type { Principal } from '../accounts/auth.js'
import { INT4_MAX } from '../kit/ids.js'
import { csrfToken } from './csrf.js'
import { loadAdminPrincipal } from './data/principal.js'

/**
 * The admin session is a signed cookie, not a table: `v1.<userId>.<expiresAt>.<mac>`, where mac =
 * HMAC-SHA256 over `v1.<userId>.<expiresAt>.<password hash>` under a key derived from SECRET_KEY.
 * Folding the password hash in means changing a password ends every session of that user; the
 * user row is re-read on every request, so deactivating a user ends them too.
 */
export const SESSION_COOKIE = 'tocsin_admin'
export const SESSION_TTL_MS = 8 * 3600_000
const VERSION = 'v1'
// Purpose-bound: SECRET_KEY also encrypts provider credentials (kit/secrets.ts).
const INFO = 'tocsin admin session v1'

/** `csrf`: the token every form of this session carries (csrf.ts). */
export type AdminPrincipal = Principal & { timezone: string; defaultRegion: string; csrf: string }

export function sessionKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), INFO, 32))
}

function mac(key: Buffer, userId: number, expiresAt: number, passwordHash: string): string {
  return createHmac('sha256', key).update(`${VERSION}.${userId}.${expiresAt}.${passwordHash}`).digest('base64url')
}

export function signSession(key: Buffer, userId: number, passwordHash: string, now = Date.now()): { value: string; expiresAt: number } {
  const expiresAt = Math.floor((now + SESSION_TTL_MS) / 1000)
  return { value: `${VERSION}.${userId}.${expiresAt}.${mac(key, userId, expiresAt, passwordHash)}`, expiresAt }
}

/** `name=value; other=…` → map; the first occurrence of a name wins, as browsers send the most specific first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const name = part.slice(0, eq).trim()
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if (name && !cookies.has(name)) {
      try {
        cookies.set(name, decodeURIComponent(value))
      } catch {
        cookies.set(name, value)
      }
    }
  }
  return cookies
}

// Path=/: the session also authenticates the APIs (the README's admin section), so a signed-in admin can use /docs and /rest-api.
export function sessionCookie(value: string, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${SESSION_TTL_MS / 1000}`,
    ...(secure ? ['Secure'] : [])].join('; ')
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ')
}

/** The signed-in user, or null when the cookie is missing, malformed, tampered with, expired or stale. */
export async function readSession(db: Db, key: Buffer, request: FastifyRequest, now = Date.now()): Promise<AdminPrincipal | null> {
  const value = parseCookies(request.headers.cookie).get(SESSION_COOKIE)
  const match = value ? /^v1\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null
  if (!match) return null
  const userId = Number(match[1])
  const expiresAt = Number(match[2])
  // A forged id beyond PostgreSQL's integer range names nobody; asking the database would fail.
  if (userId < 1 || userId > INT4_MAX || expiresAt * 1000 <= now) return null
  const row = await loadAdminPrincipal(db, userId)
  if (!row?.isActive) return null
  const expected = Buffer.from(mac(key, userId, expiresAt, row.passwordHash))
  const given = Buffer.from(match[3]!)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  const { isActive: _a, passwordHash: _p, ...rest } = row
  return { ...rest, via: 'basic', csrf: csrfToken(key, value!) }
}

/**
 * CSRF defence for every POST under /admin (login included, against login CSRF): the session
 * cookie is SameSite=Lax, so cross-site POSTs arrive without it, and additionally the Origin (or,
 * when a browser omits it, the Referer) must name this site — the request's own host or
 * PUBLIC_URL's. A POST carrying neither is refused: every current browser sends Origin on POST.
 */
export function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const source = request.headers.origin ?? request.headers.referer
  if (!source || source === 'null') return false
  let host: string
  try {
    host = new URL(source).host.toLowerCase()
  } catch {
    return false
  }
  // Through URL so default ports compare equal (`Origin: http://h` vs `Host: h:80`).
  const own = URL.canParse(`${request.protocol}://${request.host}`) ? new URL(`${request.protocol}://${request.host}`).host : ''
  const allowed = [own.toLowerCase(), new URL(publicUrl).host.toLowerCase()]
  return allowed.includes(host)
}
