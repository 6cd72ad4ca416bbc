// Work done for several callers at once (src/kit/batches.ts): alone at a slow pace, together in a burst, never more
// than the bound at once, and a batch that fails done again item by item, so that only the bad item's caller fails.
import t from 'tap'
import { createBatches } from '../../src/kit/batches.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function recorder(maxBatch = 100, lingerMs = 200) {
  const batches: number[][] = []
  const work = createBatches<number, string>({
    lingerMs,
    maxBatch,
    async run(items) {
      batches.push(items)
      if (items.length > 1 && items.includes(13)) throw new Error('the batch cannot take 13')
      if (items[0] === 13) throw new Error('13 refused')
      return items.map((n) => `done ${n}`)
    },
  })
  return { batches, work }
}

t.test('the first item goes at once; those that come within the linger of it go together', async (t) => {
  const { batches, work } = recorder()
  t.equal(await work.add(1), 'done 1', 'each caller gets its own result')
  t.same(batches, [[1]], 'alone, with no batch before it')
  const later = [work.add(2), work.add(3), work.add(4)]
  await sleep(50)
  t.same(batches, [[1]], 'within the linger of the last batch the next ones wait')
  t.same(await Promise.all(later), ['done 2', 'done 3', 'done 4'], 'in the order asked')
  t.same(batches, [[1], [2, 3, 4]], 'and go in one batch')
})

t.test('an item after a quiet spell goes at once', async (t) => {
  const { batches, work } = recorder(100, 20)
  await work.add(1)
  await sleep(40)
  const started = performance.now()
  await work.add(2)
  t.ok(performance.now() - started < 20, 'no wait once the linger has passed')
  t.same(batches, [[1], [2]])
})

t.test('a batch never takes more than its bound: a full one goes at once', async (t) => {
  const { batches, work } = recorder(3)
  await work.add(0)
  const all = Promise.all([1, 2, 3, 4, 5].map((n) => work.add(n)))
  await sleep(10)
  t.same(batches, [[0], [1, 2, 3]], 'three waiting: they go without waiting for the linger')
  await all
  t.same(batches, [[0], [1, 2, 3], [4, 5]], 'the rest after the linger')
})

t.test('a failed batch is done again item by item: only the bad item fails', async (t) => {
  const { batches, work } = recorder(100, 0)
  const results = await Promise.allSettled([work.add(12), work.add(13), work.add(14)])
  t.same(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled'])
  t.equal((results[1] as PromiseRejectedResult).reason.message, '13 refused', 'the bad item fails with its own error')
  t.same((results[0] as PromiseFulfilledResult<string>).value, 'done 12')
  t.same(batches, [[12, 13, 14], [12], [13], [14]], 'the batch, then each alone')
})
