import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

// Provider credentials (gateway auth tokens) at rest: AES-256-GCM under a key derived from
// SECRET_KEY. Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url), so the scheme can change later
// without guessing what an old value is.
const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
// A fixed, purpose-bound derivation: SECRET_KEY also signs sessions, and the two must not share a key.
const INFO = 'tocsin provider credentials v1'

function derive(secretKey: string): Buffer {
  if (secretKey.length === 0) throw new Error('SECRET_KEY is empty')
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), INFO, 32))
}

export function encryptSecret(secretKey: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', derive(secretKey), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.')
}

/** Throws when `stored` was not made by encryptSecret under this key, or was altered. */
export function decryptSecret(secretKey: string, stored: string): string {
  const parts = stored.split('.')
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('not an encrypted secret (expected v1.<iv>.<data>.<tag>)')
  const [iv, ciphertext, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer]
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('encrypted secret is malformed')
  const decipher = createDecipheriv('aes-256-gcm', derive(secretKey), iv)
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
  } catch {
    throw new Error('encrypted secret does not decrypt under SECRET_KEY (wrong key or altered data)')
  }
}
