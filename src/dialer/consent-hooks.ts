// Who hears that a number's consent changed, without the dialer knowing them: the alarms layer stops the number's
// pending alarms, the CRM marks its appointments `opted_out`, and puts them back when the number opts in again (all
// wired in createDeps, src/app.ts). Each listener runs in the transaction that changed the list, so the change and
// what it means commit together.
import type { Tx } from '../db/client.js'
import type { ConsentSource } from '../db/schema/index.js'

export interface ConsentChange {
  organizationId: number
  phoneNumber: string
  source: ConsentSource
  keyword: string | null
  /** the reason in words, as stored on the list and the log */
  reason: string
  at: Date
}

export interface ConsentHooks {
  /** the number is on the organization's do-not-contact list (also when it already was: listeners are idempotent) */
  optedOut: ((tx: Tx, change: ConsentChange) => Promise<void>)[]
  /** the number was taken off the list (START, an admin's or the API's removal) */
  optedIn: ((tx: Tx, change: ConsentChange) => Promise<void>)[]
}

export const noConsentHooks = (): ConsentHooks => ({ optedOut: [], optedIn: [] })
