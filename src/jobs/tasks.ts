import type { JobHelpers, Task } from 'graphile-worker'
import { scrubError } from '../log-redaction.js'

/**
 * Every job Tocsin queues, with its payload type. Features add their jobs here; `addJob` and the
 * task list are typed from this map, so a payload cannot drift from its handler.
 */
export interface TaskPayloads {
  /** keeps the queue table tidy; also proves the worker runs (see test/jobs.test.ts) */
  'noop': { note?: string }
  /** ask the call's provider to dial it (at most once) */
  'dial-call': { callId: number }
  /** an alarm's next attempt is due (key `alarm:<id>`); `due` is when it was planned for */
  'alarm-due': { alarmId: number; due: string }
  /** an SMS alarm's message reached a final status, or its delivery deadline passed (key `sms-finished:<id>`) */
  'sms-finished': { smsId: number }
  /** send the e-mail of one e-mail alarm attempt (key `alarm-email:<request id>`) */
  'send-alarm-email': { alarmRequestId: number }
  /** POST an alarm's result to its url_confirm / url_cancel (key `alarm-webhook:<request id>`) */
  'alarm-webhook': { alarmRequestId: number; kind: 'confirm' | 'cancel' }
  /** create the next child events of a recurring chain before their alarms are due (key `chain:<root id>`) */
  'extend-chain': { rootId: number }
  /** ask the provider how a call ended when its final status callback has not arrived (key `reconcile-call:<id>`) */
  'reconcile-call': { callId: number }
  /** the scheduler's safety net: re-plans alarms whose job went missing (key `scheduler-sweep`) */
  'scheduler-sweep': { afterId?: number }
  /** moves alarm_schedule rows coming within the horizon into `alarm-due` jobs (key `plan-alarms`) */
  'plan-alarms': Record<string, never>
  /** send one queued sms_message row through its gateway */
  'send-sms': { smsId: number }
  /** send one CRM appointment_notification e-mail, at most once */
  'send-appointment-notification': { notificationId: number }
}

export type TaskName = keyof TaskPayloads
export type TaskHandler<N extends TaskName> = (payload: TaskPayloads[N], helpers: JobHelpers) => Promise<void>
export type TypedTaskList = { [N in TaskName]?: TaskHandler<N> }

/**
 * graphile-worker's untyped task list from our typed one. A failed job's message and stack go into
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
