// The dialling line. Calls that must wait for a free line (a calendar's or gateway's max_concurrent, a gateway's
// max_cps) are dialled in the order they were created, per line: one gateway and one calendar (call requests, which
// have no calendar, share their gateway's own line). A waiting call does not poll: its `dial-call` job is brought
// forward when a call of its gateway ends, or when the call ahead of it is dialled; a slow fallback (limits.ts) covers
// what nothing announces, such as a raised limit. Only waiters with a live `dial-call` job count, so a call whose job
// failed for good cannot hold up its line.
import { sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { runNamed } from '../db/named.js'
import type { Call } from '../db/schema/index.js'
import { addJob, jobKeySql } from '../queue/queue.js'
import { CallStatus } from '../codes/call-status.js'
import { sqlCodes } from '../codes/codes.js'

type LineOf = Pick<Call, 'id' | 'gatewayId' | 'calendarId'>

const WAITING = sql`w.dialed_at is null and w.callstatus = ${sqlCodes(CallStatus.queued)}
  and exists (select 1 from graphile_worker._private_jobs j where j.key = ${jobKeySql('dial-call', sql`w.id`)} and j.attempts < j.max_attempts)`

/** A line: its gateway and calendar (null: a call request's line), as values or as placeholders (built-once.ts). */
type Line = { gatewayId: number | Placeholder; calendarId: number | Placeholder | null }

/** The calls of one line (written so that the call_waiting_line index serves it). */
const inLine = ({ gatewayId, calendarId }: Line) => calendarId === null
  ? sql`w.gateway_id = ${gatewayId} and w.calendar_id is null`
  : sql`w.gateway_id = ${gatewayId} and w.calendar_id = ${calendarId}`

/** Where a call stands in its line: whether an older call waits ahead of it, and the first call waiting behind it. */
export async function placeInLine(tx: Tx, row: LineOf): Promise<{ ahead: boolean; next: number | null }> {
  const result = await tx.execute(sql`select ${placeInLineColumns(row)}`)
  return placeInLineOf(result.rows[0] as Record<string, unknown>)
}

/** placeInLine's two columns (`ahead`, `next`), for a statement that does more in the same round trip. */
export function placeInLineColumns(row: Line & { id: number | Placeholder | SQL }): SQL {
  const sameLine = inLine(row)
  return sql`exists (select 1 from call w where ${sameLine} and w.id < ${row.id}::int and ${WAITING}) as ahead,
      (select w.id from call w where ${sameLine} and w.id > ${row.id}::int and ${WAITING} order by w.id limit 1) as next`
}

export function placeInLineOf(found: Record<string, unknown>): { ahead: boolean; next: number | null } {
  return { ahead: found.ahead === true, next: found.next === null || found.next === undefined ? null : Number(found.next) }
}

/** Brings a waiting call's `dial-call` job forward to now. */
export async function wake(tx: Tx, callId: number): Promise<void> {
  await addJob(tx, 'dial-call', { callId })
}

/**
 * A call that held a line has ended: wakes the first waiting call of its own line (the calendar's slot it freed) and
 * the first of its whole gateway (the gateway's slot), in its transaction.
 */
export async function wakeAfterCallEnded(
  tx: Tx, ended: Pick<Call, 'gatewayId' | 'calendarId'>, also?: SQL, first?: SQLWrapper,
): Promise<void> {
  // In the same round trip: `also`, an expression the caller needs evaluated (e.g. removing the call's own job), and
  // `first`, a data-modifying statement run as a WITH (e.g. the call's own update; drizzle puts it in parentheses).
  const result = await runNamed(tx, sql`${first ? sql`with ended_call as ${first} ` : sql``}select ${also ?? sql`null`} as also,
    ${waitingAfter(ended)} as waiting`, 'call_ended')
  const [row] = result.rows as { waiting: (number | string)[] }[]
  await wakeAll(tx, row?.waiting ?? [])
}

/** The calls to wake once a call of this line ended (wakeAfterCallEnded's), as an array expression. */
export function waitingAfter(ended: Line): SQL {
  return sql`array(
    (select w.id from call w where ${inLine(ended)} and ${WAITING} order by w.id limit 1)
    union
    (select w.id from call w where w.gateway_id = ${ended.gatewayId} and ${WAITING} order by w.id limit 1))`
}

export async function wakeAll(tx: Tx, callIds: (number | string)[]): Promise<void> {
  for (const id of callIds) await wake(tx, Number(id))
}
