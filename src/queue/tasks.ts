import type { JobHelpers, Task } from 'graphile-worker'
import { scrubError } from '../kit/log-redaction.js'

/**
 * Every job Tocsin queues, with its payload type, in graphile-worker's own typed task list: `addJob`, the task
 * registry (src/jobs/index.ts) and graphile-worker's `Task<name>` are all typed from it, so a payload cannot drift
 * from its handler.
 */
declare global {
  namespace GraphileWorker {
    interface Tasks {
      /** does nothing: proves the worker runs and how keys behave (see test/jobs.test.ts); `key` keys it */
      'noop': { note?: string; key?: string }
      /** ask the call's provider to dial it (at most once); `throttled`: times the carrier asked for fewer requests */
      'dial-call': { callId: number; throttled?: number }
      /** an alarm's next attempt is due; `due` is when it was planned for */
      'alarm-due': { alarmId: number; due: string }
      /** an SMS alarm's message reached a final status, or its delivery deadline passed */
      'sms-finished': { smsId: number }
      /** send the e-mail of one e-mail alarm attempt */
      'send-alarm-email': { alarmRequestId: number }
      /** POST an alarm's result to its url_confirm / url_cancel */
      'alarm-webhook': { alarmRequestId: number; kind: 'confirm' | 'cancel' }
      /** create the next child events of a recurring chain before their alarms are due */
      'extend-chain': { rootId: number }
      /** ask the provider how a call ended when its final status callback has not arrived */
      'reconcile-call': { callId: number }
      /** settle an ended call's attempt once its last action had its grace period to arrive */
      'settle-call': { callId: number }
      /** the scheduler's safety net: re-plans alarms whose job went missing */
      'scheduler-sweep': { afterId?: number }
      /** moves alarm_schedule and chain_schedule rows coming within the horizon into jobs */
      'plan-alarms': Record<string, never>
      /** send one queued sms_message row through its gateway */
      'send-sms': { smsId: number; throttled?: number }
      /** send one CRM appointment_notification e-mail, at most once */
      'send-appointment-notification': { notificationId: number }
    }
  }
}

export type TaskName = keyof GraphileWorker.Tasks
export type TaskPayload<N extends TaskName> = GraphileWorker.Tasks[N]
export type TaskHandler<N extends TaskName> = (payload: TaskPayload<N>, helpers: JobHelpers) => Promise<void>
export type TypedTaskList = { [N in TaskName]?: TaskHandler<N> }

/**
 * How a task's jobs are keyed. Same key = same job: queueing it again replaces the waiting job (reschedules it), and
 * removeJob cancels it. `per`: one job per row, keyed `<prefix><id>` (a null id: not keyed); `single`: one job of its kind at a time;
 * `none`: every add is a new job.
 */
export type JobKeying<N extends TaskName> =
  | { kind: 'per'; prefix: string; id: (payload: TaskPayload<N>) => number | string | null }
  | { kind: 'single'; key: string }
  | { kind: 'none' }

export interface TaskSpec<N extends TaskName> {
  keying: JobKeying<N>
  /**
   * graphile-worker retries a failing handler with exponential backoff (about e^n seconds after the n-th failure:
   * 5 attempts span ~1.5 minutes, 10 ~3.5 hours, 12 ~17 hours, 25 ~3 days) and then keeps the job as failed.
   */
  maxAttempts: number
}

const per = <N extends TaskName>(prefix: string, id: (payload: TaskPayload<N>) => number | string | null): JobKeying<N> =>
  ({ kind: 'per', prefix, id })

/** One spec per task: the only place a job's key and retry policy are written. */
export const TASKS: { [N in TaskName]: TaskSpec<N> } = {
  'noop': { keying: per('noop:', (p) => p.key ?? null), maxAttempts: 25 },
  // A failing dial is retried for about a minute and a half; a call is never dialled twice (dial-call.ts).
  'dial-call': { keying: per('dial-call:', (p) => p.callId), maxAttempts: 5 },
  // Alarm jobs that fail this often need a human: ~3.5 hours of retries.
  'alarm-due': { keying: per('alarm:', (p) => p.alarmId), maxAttempts: 10 },
  'extend-chain': { keying: per('chain:', (p) => p.rootId), maxAttempts: 10 },
  'sms-finished': { keying: per('sms-finished:', (p) => p.smsId), maxAttempts: 10 },
  'reconcile-call': { keying: per('reconcile-call:', (p) => p.callId), maxAttempts: 10 },
  'settle-call': { keying: per('settle-call:', (p) => p.callId), maxAttempts: 10 },
  // The handler settles a temporary SMTP failure as failed two attempts before the last (send-alarm-email.ts).
  'send-alarm-email': { keying: per('alarm-email:', (p) => p.alarmRequestId), maxAttempts: 5 },
  // One delivery per attempt and kind (applyAnswer queues it once per answer), retried for about 17 hours.
  'alarm-webhook': { keying: per('alarm-webhook:', (p) => `${p.alarmRequestId}:${p.kind}`), maxAttempts: 12 },
  // Every text (alarm SMS, failure SMS, IVR text) is retried for ~1.5 minutes: an SMS alarm is settled from what is
  // known at its delivery deadline (SMS_DELIVERY_DEADLINE, 10 minutes), and a text still being retried after that could go out after its
  // attempt was already settled (and retried).
  'send-sms': { keying: per('send-sms:', (p) => p.smsId), maxAttempts: 5 },
  'send-appointment-notification': { keying: per('appointment-notification:', (p) => p.notificationId), maxAttempts: 25 },
  'scheduler-sweep': { keying: { kind: 'single', key: 'scheduler-sweep' }, maxAttempts: 25 },
  'plan-alarms': { keying: { kind: 'single', key: 'plan-alarms' }, maxAttempts: 25 },
}

/** The key a task's job has for this payload, or null when its jobs are not keyed. */
export function jobKeyOf<N extends TaskName>(name: N, payload: TaskPayload<N>): string | null {
  const keying = TASKS[name].keying
  if (keying.kind === 'single') return keying.key
  if (keying.kind === 'none') return null
  const id = keying.id(payload)
  return id === null ? null : `${keying.prefix}${id}`
}

/** The key of the job a task has for one row (tasks keyed `per` row). */
export function jobKeyFor(name: TaskName, id: number | string): string {
  const keying = TASKS[name].keying
  if (keying.kind !== 'per') throw new Error(`${name} jobs are not keyed per row`)
  return `${keying.prefix}${id}`
}

/** The prefix of a task's per-row keys, for SQL that looks jobs up by key (`prefix || id`). */
export function jobKeyPrefix(name: TaskName): string {
  const keying = TASKS[name].keying
  if (keying.kind !== 'per') throw new Error(`${name} jobs are not keyed per row`)
  return keying.prefix
}

/**
 * graphile-worker's task list from our typed one. A failed job's message and stack go into
 * graphile-worker's log line and its `last_error` column, so they lose query parameters first.
 */
export function toTaskList(tasks: TypedTaskList): Record<string, Task> {
  const list: Record<string, Task> = {}
  for (const [name, task] of Object.entries(tasks) as [string, Task][]) {
    list[name] = async (payload, helpers) => {
      try {
        await task(payload, helpers)
      } catch (err) {
        throw scrubError(err)
      }
    }
  }
  return list
}
