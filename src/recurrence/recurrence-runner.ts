// Recurrence computations for the server, on one worker thread: even a bounded walk (recurrence.ts) can take a second,
// and rrule itself can loop forever on some rules, so neither may run on the event loop that answers HTTP, webhooks
// and jobs. Tasks run one at a time; one that outlasts `timeoutMs` ends the thread (a fresh one takes the next task)
// and fails as RecurrenceTooLong.
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { RecurrenceTooLong, type Occurrence, type OccurrenceWindow, type Series } from './recurrence.js'
import type { RecurrenceAnswer, RecurrenceTask } from './recurrence-worker.js'

export interface RecurrenceRunner {
  occurrences(series: Series, window: OccurrenceWindow): Promise<Occurrence[]>
  nextOccurrence(series: Series, after: Date): Promise<Occurrence | null>
  close(): Promise<void>
}

type Task = Omit<RecurrenceTask, 'id' | 'maxSteps'> & { op: RecurrenceTask['op'] }

function startWorker(): Worker {
  const self = fileURLToPath(import.meta.url)
  const file = new URL(`./recurrence-worker${extname(self)}`, import.meta.url)
  if (extname(self) !== '.ts') return new Worker(file)
  // Running from TypeScript sources (development, tests): the thread needs the same loader as this one.
  const tsx = import.meta.resolve('tsx/esm/api')
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(file.href)}) })`, { eval: true })
}

function revive(error: { name: string; message: string }): Error {
  if (error.name === 'RecurrenceTooLong') return new RecurrenceTooLong(error.message)
  if (error.name === 'RangeError') return new RangeError(error.message)
  return new Error(error.message)
}

export function createRecurrenceRunner({ maxSteps, timeoutMs = 20_000 }: { maxSteps: number; timeoutMs?: number }): RecurrenceRunner {
  let worker: Worker | null = null
  let nextId = 1
  let queue: Promise<unknown> = Promise.resolve()

  function run(task: Task): Promise<unknown> {
    const id = nextId++
    return new Promise((resolve, reject) => {
      worker ??= startWorker()
      const thread = worker
      thread.unref()
      const finish = (settle: () => void) => {
        clearTimeout(timer)
        thread.off('message', onMessage)
        thread.off('error', onError)
        settle()
      }
      const onMessage = (answer: RecurrenceAnswer) => {
        if (answer.id !== id) return
        finish(() => (answer.ok ? resolve(answer.result) : reject(revive(answer))))
      }
      const onError = (err: Error) => {
        worker = null
        finish(() => reject(err))
      }
      const timer = setTimeout(() => {
        worker = null
        void thread.terminate()
        finish(() => reject(new RecurrenceTooLong(`this rule's occurrences could not be computed within ${timeoutMs / 1000} s`)))
      }, timeoutMs)
      timer.unref()
      thread.on('message', onMessage)
      thread.on('error', onError)
      thread.postMessage({ ...task, id, maxSteps })
    })
  }

  /** One task at a time, in order: a task's timeout starts when it starts. */
  function enqueue<T>(task: Task): Promise<T> {
    const result = queue.then(() => run(task)) as Promise<T>
    queue = result.catch(() => undefined)
    return result
  }

  return {
    occurrences: (series, window) => enqueue<Occurrence[]>({ op: 'occurrences', series, window } as Task),
    nextOccurrence: (series, after) => enqueue<Occurrence | null>({ op: 'next', series, after } as Task),
    async close() {
      await queue
      await worker?.terminate()
      worker = null
    },
  }
}
