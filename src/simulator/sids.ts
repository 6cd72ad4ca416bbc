import { randomBytes } from 'node:crypto'

/** Twilio resource SIDs: a two-letter type prefix and 32 lowercase hex digits. */
export type SidPrefix = 'CA' | 'SM' | 'RE'

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex')
}
