import { createPrng } from './prng.js'

/**
 * The network's disorder, as `PUT /simulator/chaos` sets it (off by default: callbacks then leave at once, in order,
 * exactly once). Probabilities are per callback, per gathered keypress, or per create request.
 */
export interface ChaosSettings {
  seed: number
  /** status callbacks leave independently, each after its own delay, so a later one may arrive first */
  reorder: boolean
  /** chance that a callback (status or TwiML request) is sent a second time, as Twilio's retries do */
  duplicate: number
  /** chance that a status callback is never sent: its news is then only in the REST API */
  drop: number
  /** every callback and TwiML request waits this long (real milliseconds, not scaled), drawn uniformly */
  delay_ms: [number, number]
  /** chance that a callee who presses keys hangs up at once: `completed` is sent before the action request */
  final_before_action: number
  /** chance that a create request creates the call but answers 503, or not at all (the connection is cut) */
  ambiguous_create: number
}

/** What one call or message meets: its own draws from the seeded stream. */
export interface Disorder {
  readonly reorder: boolean
  delayMs(): number
  dropped(): boolean
  duplicated(): boolean
  hangsUpAfterPress(): boolean
  /** null: the create is answered normally */
  ambiguousCreate(): 'unavailable' | 'no-answer' | null
}

export const CALM: Disorder = Object.freeze({
  reorder: false,
  delayMs: () => 0,
  dropped: () => false,
  duplicated: () => false,
  hangsUpAfterPress: () => false,
  ambiguousCreate: () => null,
})

export interface Chaos {
  settings(): ChaosSettings | null
  set(settings: ChaosSettings | null): void
  /** The disorder of the next call (streams are numbered by creation, calls and messages apart). */
  nextCall(): Disorder
  nextMessage(): Disorder
}

export function createChaos(): Chaos {
  let current: ChaosSettings | null = null
  let calls = 0
  let messages = 0

  function disorder(settings: ChaosSettings, stream: number): Disorder {
    const random = createPrng(settings.seed, stream)
    const [low, high] = settings.delay_ms
    return {
      reorder: settings.reorder,
      delayMs: () => random.between(low, high),
      dropped: () => random.chance(settings.drop),
      duplicated: () => random.chance(settings.duplicate),
      hangsUpAfterPress: () => random.chance(settings.final_before_action),
      ambiguousCreate: () => (random.chance(settings.ambiguous_create) ? (random.chance(0.5) ? 'unavailable' : 'no-answer') : null),
    }
  }

  return {
    settings: () => current && { ...current, delay_ms: [...current.delay_ms] },
    set(settings) {
      current = settings && { ...settings, delay_ms: [...settings.delay_ms] }
      // A new setting starts its streams over: the same seed replays the same disorder.
      calls = 0
      messages = 0
    },
    nextCall: () => (current ? disorder(current, 2 * ++calls) : CALM),
    nextMessage: () => (current ? disorder(current, 2 * ++messages + 1) : CALM),
  }
}
