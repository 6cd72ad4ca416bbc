// Finding out whether a call whose create got no clear answer was placed after all. Twilio's Call resource does not
// show the URL a call was created with (where Tocsin's call id is), so the carrier's recent calls from the call's
// caller ID to its number are listed and one created since it was dialled, that Tocsin does not already know by its
// SID, is taken to be it. The first webhook of the call, which names Tocsin's call id in its URL, settles the question
// the other way (call-callbacks.ts adopts the SID it carries).
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Logger } from 'pino'
import { call, type Call } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import type { ListedCall, TelephonyProvider } from '../telephony/provider.js'

/** Calls listed from this long before the dial still count (the carrier's clock and ours differ a little). */
const CLOCK_SKEW_MS = 60_000
/** A call is among the carrier's last few calls to its number. */
const LIST_LIMIT = 20

export async function findPlacedCall(
  deps: Pick<AppDeps, 'db' | 'logger'>, provider: TelephonyProvider, c: Pick<Call, 'id' | 'toNumber' | 'fromNumber' | 'dialedAt' | 'createdAt'>,
): Promise<ListedCall | null> {
  let listed: ListedCall[]
  try {
    listed = await provider.listCalls({ to: c.toNumber, from: c.fromNumber, limit: LIST_LIMIT })
  } catch (err) {
    deps.logger.warn({ err, callId: c.id }, "could not list the carrier's calls; looking again later")
    return null
  }
  const since = (c.dialedAt ?? c.createdAt).getTime() - CLOCK_SKEW_MS
  const recent = listed.filter((l) => l.dateCreated.getTime() >= since)
  if (recent.length === 0) return null
  const known = await deps.db.select({ sid: call.providerSid }).from(call).where(inArray(call.providerSid, recent.map((l) => l.sid)))
  const unknown = recent.filter((l) => !known.some((k) => k.sid === l.sid))
  // The oldest unknown one: created closest after the dial.
  return unknown.sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())[0] ?? null
}

/** Records a SID found for the call; the SID it has if another was recorded first; null if another call owns it. */
export async function adoptCall(deps: Pick<AppDeps, 'db'>, callId: number, sid: string, log: Logger): Promise<string | null> {
  try {
    const [adopted] = await deps.db.update(call).set({ providerSid: sid, updatedAt: new Date() })
      .where(and(eq(call.id, callId), isNull(call.providerSid))).returning({ sid: call.providerSid })
    if (adopted) {
      log.warn({ sid }, 'adopted a call the carrier placed although its create got no clear answer')
      return sid
    }
    const [current] = await deps.db.select({ sid: call.providerSid }).from(call).where(eq(call.id, callId))
    return current?.sid ?? null
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) return null
    throw err
  }
}
