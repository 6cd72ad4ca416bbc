// The recurrence worker thread (recurrence-runner.ts): computes occurrences off the server's event loop.
import { parentPort } from 'node:worker_threads'
import { nextOccurrence, occurrences, type OccurrenceWindow, type Series } from './recurrence.js'

export type RecurrenceTask =
  | { id: number; op: 'occurrences'; series: Series; window: OccurrenceWindow; maxSteps: number }
  | { id: number; op: 'next'; series: Series; after: Date; maxSteps: number }

export type RecurrenceAnswer =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; name: string; message: string }

parentPort?.on('message', (task: RecurrenceTask) => {
  let answer: RecurrenceAnswer
  try {
    const result = task.op === 'occurrences'
      ? occurrences(task.series, task.window, { maxSteps: task.maxSteps })
      : nextOccurrence(task.series, task.after, { maxSteps: task.maxSteps })
    answer = { id: task.id, ok: true, result }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err))
    answer = { id: task.id, ok: false, name: e.name, message: e.message }
  }
  parentPort!.postMessage(answer)
})
