import { setTimeout as sleep } from 'node:timers/promises'

export interface RetryOptions {
  /** Total tries including the first one. */
  attempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
}

export interface RetryHooks {
  shouldRetry: (err: unknown) => boolean
  onRetry?: (info: { attempt: number; delayMs: number; err: unknown }) => void
}

// Same shape as twilio-node's own auto-retry (100 ms x 2^n, capped at 3 s, 3 retries).
const defaults = { attempts: 4, baseDelayMs: 100, maxDelayMs: 3000 } as const

/** Retries with exponential backoff and full jitter, so many workers hitting a limit spread out. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  hooks: RetryHooks,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? defaults.attempts)
  const baseDelayMs = options.baseDelayMs ?? defaults.baseDelayMs
  const maxDelayMs = options.maxDelayMs ?? defaults.maxDelayMs
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      if (attempt >= attempts || !hooks.shouldRetry(err)) throw err
      const delayMs = Math.floor(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt))
      hooks.onRetry?.({ attempt, delayMs, err })
      await sleep(delayMs)
    }
  }
}
