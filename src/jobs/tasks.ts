import type { JobHelpers, Task } from 'graphile-worker'

/**
 * Every job Tocsin queues, with its payload type. Features add their jobs here; `addJob` and the
 * task list are typed from this map, so a payload cannot drift from its handler.
 */
export interface TaskPayloads {
  /** keeps the queue table tidy; also proves the worker runs (see test/jobs.test.ts) */
  'noop': { note?: string }
  /** ask the call's provider to dial it (at most once) */
  'dial-call': { callId: number }
  /** a call with an alarm request ended: the scheduler settles the attempt */
  'call-finished': { callId: number }
  /** send one queued sms_message row through its gateway */
  'send-sms': { smsId: number }
}

export type TaskName = keyof TaskPayloads
export type TaskHandler<N extends TaskName> = (payload: TaskPayloads[N], helpers: JobHelpers) => Promise<void>
export type TypedTaskList = { [N in TaskName]?: TaskHandler<N> }

/** graphile-worker's untyped task list from our typed one. */
export function toTaskList(tasks: TypedTaskList): Record<string, Task> {
  return tasks as Record<string, Task>
}
