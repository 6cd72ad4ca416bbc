// A zone's UTC offsets from a table of its transitions. luxon (Intl underneath) takes ~30 µs per offset lookup, which
// made recurrence walks cost that much per occurrence; the table asks luxon a few dozen times per ~7 months of time,
// once, and answers every later lookup from the table. It also lists the transitions themselves, which the
// fixed-interval recurrence arithmetic needs (recurrence/recurrence-fixed.ts). Time is sampled every 14 days and each
// change is pinned to the millisecond; two changes that undo each other within 14 days would be missed (no zone does).
import { IANAZone } from 'luxon'

/** Offsets in minutes east of UTC; `at` is the first instant of `after`. */
export interface Transition { at: number; before: number; after: number }

export interface ZoneOffsets {
  offset(at: number): number
  /** The transitions with `from < at <= to`, in order. */
  transitions(from: number, to: number): Transition[]
}

const DAY = 86_400_000
const STEP = 14 * DAY
const STEPS_PER_BLOCK = 16
const BLOCK = STEP * STEPS_PER_BLOCK
const MAX_BLOCKS = 20_000
const LIMIT = 8.64e15 // Date's range

interface Block { startOffset: number; changes: Transition[] }

const tables = new Map<string, ZoneOffsets>()
let blocksHeld = 0

export function zoneOffsets(timezone: string): ZoneOffsets {
  let table = tables.get(timezone)
  if (!table) {
    const zone = IANAZone.create(timezone)
    if (!zone.isValid) throw new RangeError(`"${timezone}" is not an IANA time zone`)
    // Outside Date's range luxon has no answer; the edge's offset stands for what lies beyond.
    table = createTable((at) => zone.offset(Math.max(-LIMIT, Math.min(LIMIT, at))))
    tables.set(timezone, table)
  }
  return table
}

function createTable(luxonOffset: (at: number) => number): ZoneOffsets {
  const blocks = new Map<number, Block>()

  function changesBetween(lo: number, hi: number, found: Transition[]): void {
    let from = lo
    let before = luxonOffset(lo)
    const end = luxonOffset(hi)
    while (before !== end && !Number.isNaN(before) && !Number.isNaN(end)) {
      // The first instant in (from, hi] whose offset is no longer `before`.
      let left = from
      let right = hi
      while (right - left > 1) {
        const mid = Math.floor((left + right) / 2)
        if (luxonOffset(mid) === before) left = mid
        else right = mid
      }
      const after = luxonOffset(right)
      found.push({ at: right, before, after })
      from = right
      before = after
    }
  }

  function block(index: number): Block {
    let b = blocks.get(index)
    if (!b) {
      if (blocksHeld > MAX_BLOCKS) {
        blocks.clear()
        blocksHeld = 0
      }
      const start = index * BLOCK
      const changes: Transition[] = []
      for (let i = 0; i < STEPS_PER_BLOCK; i++) changesBetween(start + i * STEP, start + (i + 1) * STEP, changes)
      b = { startOffset: luxonOffset(start), changes }
      blocks.set(index, b)
      blocksHeld++
    }
    return b
  }

  return {
    offset(at) {
      const b = block(Math.floor(at / BLOCK))
      let offset = b.startOffset
      // Few changes per block (two a year at most, in practice): a scan beats a search.
      for (const c of b.changes) {
        if (c.at > at) break
        offset = c.after
      }
      return offset
    },
    transitions(from, to) {
      const found: Transition[] = []
      for (let i = Math.floor(from / BLOCK); i <= Math.floor(to / BLOCK); i++) {
        for (const c of block(i).changes) if (c.at > from && c.at <= to && found.at(-1)?.at !== c.at) found.push(c)
      }
      return found
    },
  }
}
