// The dialling limits (docs/ARCHITECTURE.md "Dialling limits") — calendar.max_concurrent, gateway.max_concurrent,
// gateway.max_cps — held in
// PostgreSQL so that they hold across every worker process: open calls are counted under a transaction-scoped
// advisory lock per calendar and per gateway, and calls per second are a one-deep token bucket row per gateway
// (gateway_throttle.next_at). A call over a limit is not failed; the caller re-queues it for `retryAt`, and it is
// dialled in its turn (dial-line.ts).
import { eq, sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import { runNamed } from '../db/named.js'
import { calendar, type Call, type Gateway } from '../db/schema/index.js'
import { placeInLine, placeInLineColumns, placeInLineOf } from './dial-line.js'
import { OPEN_CALL } from '../codes/call-status.js'
import { sqlCodes } from '../codes/codes.js'

// Two-key advisory locks: (namespace, id). Namespaces are arbitrary, stable, and distinct from other locks.
const CALENDAR_LOCK = 7_460_010
const GATEWAY_LOCK = 7_460_011

/**
 * How soon a waiting call looks again by itself (plus jitter). It is normally woken long before (dial-line.ts): when
 * a call of its gateway ends, or the call ahead of it is dialled. This covers a limit raised while calls wait.
 */
export const WAIT_FALLBACK_MS = 5_000

/** A calendar and its limit; null = not an alarm call (no calendar limit). */
export type CalendarLimit = { id: number; maxConcurrent: number }
export type DialLimit = 'line' | 'calendar_concurrency' | 'gateway_concurrency' | 'gateway_cps'
/**
 * `at`: the instant the slot was taken, on the database's clock (the one the cps spacing is kept on); `next`: the call
 * waiting behind this one in its line, to wake once this one is dialled.
 */
export type SlotDecision = { ok: true; at: Date; next: number | null } | { ok: false; limit: DialLimit; retryAt: Date }

const OPEN = sql`c.dialed_at is not null and c.callstatus in (${sqlCodes(...OPEN_CALL)})`

async function countRows(tx: Tx, query: ReturnType<typeof sql>): Promise<number> {
  const result = await tx.execute(query)
  return Number((result.rows[0] as { n: number | string } | undefined)?.n ?? 0)
}

async function calendarLimit(tx: Tx, calendarId: number | null): Promise<CalendarLimit | null> {
  if (calendarId === null) return null
  const [found] = await tx.select({ id: calendar.id, maxConcurrent: calendar.maxConcurrent }).from(calendar).where(eq(calendar.id, calendarId))
  return found ?? null
}

const later = (ms: number) => new Date(Date.now() + ms + Math.floor(Math.random() * ms))
/** Jitter for a call waiting on the cps token, so that waiters do not all wake at the same instant for one token. */
const TOKEN_JITTER_MS = 50

/**
 * What the caller records in the statement that takes the slot, as WITH entries that read the slot's instant from
 * `took.at` (e.g. the call's dialed_at): the token's row lock is held from that statement to the commit, and every
 * dispatch of the gateway waits for it, so nothing more should run in between. Data-modifying entries always run; a
 * SELECT entry runs only if read, so the statement reads `confirm` (a count of it) too. `with` is written once, with
 * placeholders (built-once.ts) for what changes from call to call: their values come with each claim.
 *
 * A statement that inserts the call it claims (claimCommonSlot) also gives `before`, WITH entries ahead of the
 * line's, `callId`, the new call's id as they draw it, and `returns`, its own columns of the statement's row. `name`
 * names its statement (`dial_slot_*_<name>`).
 */
export interface OnTaken {
  name: string; with: SQL; confirm: string; before?: SQL; callId?: SQL; returns?: SQL
  /**
   * The statement also queues the call's own retry when it cannot go (its `dial-call` job, due at RETRY_AT, which it
   * returns as `retry_at`) and wakes the call behind it when it goes: its caller has nothing left to run.
   */
  queuesRetry?: boolean
}

type LineKind = 'calendar' | 'gateway'
type Run = (tx: Tx, values: Record<string, unknown>) => Promise<Record<string, unknown>[]>
const ph = sql.placeholder
const NOTHING: OnTaken = { name: 'only', with: sql``, confirm: '' }
const slotStatements = new WeakMap<OnTaken, Partial<Record<LineKind, Run>>>()

/** The common claim's statement (no open-call count to take) for one kind of line, built once per OnTaken. */
function slotStatement(onTaken: OnTaken, kind: LineKind): Run {
  const built = slotStatements.get(onTaken) ?? {}
  slotStatements.set(onTaken, built)
  built[kind] ??= builtOnceSql(() => {
    const row = { id: onTaken.callId ?? ph('id'), gatewayId: ph('gatewayId'), calendarId: kind === 'calendar' ? ph('calendarId') : null }
    return sql`with ${onTaken.before ? sql`${onTaken.before}, ` : sql``}line as (select ${placeInLineColumns(row)}),
      took as (${takeToken(ph('gatewayId'), ph('spacingMs'), sql`from line where not line.ahead`)})${andThen(onTaken)}
      select line.ahead, line.next, (select at from took) as at${confirmed(onTaken)}${onTaken.returns ? sql`, ${onTaken.returns}` : sql``} from line`
  }, `dial_slot_${kind}_${onTaken.name}`)
  return built[kind]
}

/**
 * Takes a dialling slot for `row` in the caller's transaction (`calendar`: the call's, when the caller has it), which
 * must then set `call.dialed_at` (in `onTaken`, or after) and commit; the locks taken here last until then, so two
 * processes never both see the last free slot. A call with an older call waiting ahead of it in its line waits
 * behind it (dial-line.ts).
 */
export async function claimDialSlot(
  tx: Tx, row: Pick<Call, 'id' | 'gatewayId' | 'calendarId'>, gw: Pick<Gateway, 'id' | 'maxConcurrent' | 'maxCps'>,
  calendar?: CalendarLimit | null, onTaken?: { statement: OnTaken; values: Record<string, unknown> },
): Promise<SlotDecision> {
  const spacingMs = 1000 / Math.max(1, gw.maxCps)
  // No open-call count to take (the common case): its place in line and its cps token in one round trip.
  if (calendar !== undefined && !countsOpenCalls(calendar, gw)) {
    return (await claimCommonSlot(tx, row, gw, onTaken ?? { statement: NOTHING, values: {} })).decision
  }
  const line = await placeInLine(tx, row)
  if (line.ahead) return { ok: false, limit: 'line', retryAt: later(WAIT_FALLBACK_MS) }
  // Locks are always taken calendar first, then gateway, so concurrent claims cannot deadlock.
  const cal = calendar === undefined ? await calendarLimit(tx, row.calendarId) : calendar
  if (cal && cal.maxConcurrent > 0) {
    await tx.execute(sql`select pg_advisory_xact_lock(${CALENDAR_LOCK}::int, ${cal.id}::int)`)
    const open = await countRows(tx, sql`select count(*)::int as n from call c where c.calendar_id = ${cal.id} and ${OPEN}`)
    if (open >= cal.maxConcurrent) return { ok: false, limit: 'calendar_concurrency', retryAt: later(WAIT_FALLBACK_MS) }
  }
  if (gw.maxConcurrent > 0) {
    await tx.execute(sql`select pg_advisory_xact_lock(${GATEWAY_LOCK}::int, ${gw.id}::int)`)
    const open = await countRows(tx, sql`select count(*)::int as n from call c where c.gateway_id = ${gw.id} and ${OPEN}`)
    if (open >= gw.maxConcurrent) return { ok: false, limit: 'gateway_concurrency', retryAt: later(WAIT_FALLBACK_MS) }
  }
  const took = await runNamed(tx, sql`with took as (${takeToken(gw.id, spacingMs, sql``)})${andThen(onTaken?.statement)}
    select at${confirmed(onTaken?.statement)} from took`, 'dial_token', onTaken?.values)
  // drizzle's execute() leaves timestamps as text.
  const taken = took.rows[0] as { at: string | Date } | undefined
  if (taken) return { ok: true, at: new Date(taken.at), next: line.next }
  return throttled(tx, gw.id, spacingMs)
}

/** Whether a claim must count open calls (a calendar's or the gateway's max_concurrent), under an advisory lock. */
export const countsOpenCalls = (calendar: CalendarLimit | null, gw: Pick<Gateway, 'maxConcurrent'>): boolean =>
  Boolean(calendar && calendar.maxConcurrent > 0) || gw.maxConcurrent > 0

/**
 * The common claim (no open-call count to take: countsOpenCalls) in one statement (slotStatement): the decision, and
 * the statement's row for `onTaken.returns`. claimDialSlot's for a call that exists; for a call its own statement
 * inserts (`onTaken` gives `before`, `callId` and `returns`: dial-call.ts claimNewCall), one round trip records the call
 * and takes its slot, and the caller checks countsOpenCalls first. The call's line is `row`'s.
 */
export async function claimCommonSlot(
  tx: Tx, row: Pick<Call, 'gatewayId' | 'calendarId'> & { id?: number }, gw: Pick<Gateway, 'id' | 'maxCps'>,
  onTaken: { statement: OnTaken; values: Record<string, unknown> },
): Promise<{ decision: SlotDecision; found: Record<string, unknown> }> {
  const spacingMs = 1000 / Math.max(1, gw.maxCps)
  const [found] = await slotStatement(onTaken.statement, row.calendarId === null ? 'gateway' : 'calendar')(tx, {
    ...onTaken.values, id: row.id ?? null, gatewayId: row.gatewayId, calendarId: row.calendarId, spacingMs,
  }) as ({ ahead: boolean; next: number | null; at: string | Date | null } & Record<string, unknown>)[]
  const line = placeInLineOf(found!)
  const queued = onTaken.statement.queuesRetry ? new Date(found!.retry_at as string) : null
  const decision: SlotDecision = line.ahead ? { ok: false, limit: 'line', retryAt: queued ?? later(WAIT_FALLBACK_MS) }
    : found!.at !== null ? { ok: true, at: new Date(found!.at), next: line.next }
    : queued ? { ok: false, limit: 'gateway_cps', retryAt: queued }
    : await throttled(tx, gw.id, spacingMs)
  return { decision, found: found! }
}

/**
 * Takes the gateway's next cps token if it is due (returning `at`, the instant taken), else returns no row. Database
 * time, so that processes on hosts with slightly different clocks share one schedule. The row lock the upsert takes
 * is held to commit: the next claimer waits, then sees the advanced next_at. `from`: a FROM clause that may hold the
 * token back (no row: nothing is taken).
 */
function takeToken(gatewayId: number | Placeholder, spacingMs: number | Placeholder, from: SQL): SQL {
  return sql`insert into gateway_throttle as t (gateway_id, next_at)
    select ${gatewayId}::int, clock_timestamp() + ${spacingMs}::float8 * interval '1 millisecond' ${from}
    on conflict (gateway_id) do update
      set next_at = greatest(t.next_at, clock_timestamp()) + ${spacingMs}::float8 * interval '1 millisecond'
      where t.next_at <= clock_timestamp()
    returning next_at - ${spacingMs}::float8 * interval '1 millisecond' as at`
}

const andThen = (onTaken: OnTaken | undefined) => (onTaken?.confirm ? sql`, ${onTaken.with}` : sql``)
const confirmed = (onTaken: OnTaken | undefined) => (onTaken?.confirm ? sql`, (select count(*) from ${sql.raw(onTaken.confirm)}) as confirmed` : sql``)

/** The gateway's token is not due yet: when to try again. */
async function throttled(tx: Tx, gatewayId: number, spacingMs: number): Promise<SlotDecision> {
  const wait = await tx.execute(sql`select greatest(0, extract(epoch from next_at - clock_timestamp()) * 1000)::float8 as ms
    from gateway_throttle where gateway_id = ${gatewayId}`)
  const ms = Number((wait.rows[0] as { ms: number } | undefined)?.ms ?? spacingMs)
  // Waiters spread over the next slot.
  return { ok: false, limit: 'gateway_cps', retryAt: new Date(Date.now() + ms + 1 + Math.floor(Math.random() * Math.min(spacingMs, TOKEN_JITTER_MS))) }
}

/**
 * When a call that could not take its slot tries again, written in its slot statement (slotStatement's `line` and
 * `took`, for OnTaken.queuesRetry): later()'s time for a call behind another in its line, throttled()'s for a token
 * not yet due.
 */
export const RETRY_AT = sql`case when line.ahead
    then clock_timestamp() + (${WAIT_FALLBACK_MS}::int + floor(random() * ${WAIT_FALLBACK_MS}::int)) * interval '1 millisecond'
    else coalesce((select greatest(t.next_at, clock_timestamp()) from gateway_throttle t where t.gateway_id = ${ph('gatewayId')}::int), clock_timestamp())
      + (1 + floor(random() * least(${ph('spacingMs')}::float8, ${TOKEN_JITTER_MS}::int))) * interval '1 millisecond' end`
