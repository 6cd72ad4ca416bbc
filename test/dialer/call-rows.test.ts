// What a process keeps of the calls it served (src/dialer/call-rows.ts). What it is used for, and what happens when it
// is out of date, is tested end to end in ivr-fast-path.test.ts.
import t from 'tap'
import type { Call } from '../../src/db/schema/index.js'
import { createCallRows, type ProviderGateway } from '../../src/dialer/call-rows.js'

const gateway: ProviderGateway = {
  id: 1, provider: 'simulator', accountSid: 'AC1', authTokenEncrypted: 'sealed', baseUrl: null, updatedDate: new Date('2026-11-30T08:00:00Z'),
}
const row = (id: number, seq: number, providerSid: string | null = null) => ({ call: { id, seq, providerSid } as Call, gateway })

t.test('a later step is never replaced by an earlier one', async (t) => {
  const rows = createCallRows()
  rows.keep(row(1, 1))
  rows.keep(row(1, 0))
  t.equal(rows.get(1)?.call.seq, 1, 'a read that ended after the step was written does not undo it')
  rows.keep(row(1, 2))
  t.equal(rows.get(1)?.call.seq, 2)
})

t.test('the SID, set once, is kept from whichever knows it', async (t) => {
  const rows = createCallRows()
  rows.keep(row(1, 1))
  rows.keep(row(1, 0, 'CA1'))
  t.match(rows.get(1)?.call, { seq: 1, providerSid: 'CA1' }, 'the create\'s answer after the first step')
  rows.keep(row(1, 2))
  t.match(rows.get(1)?.call, { seq: 2, providerSid: 'CA1' }, 'a step written from a row read before the SID')
})

t.test('keepIfNew keeps nothing over what is kept', async (t) => {
  const rows = createCallRows()
  rows.keepIfNew(row(1, 0))
  rows.keep(row(1, 1, 'CA1'))
  rows.keepIfNew(row(1, 0))
  t.match(rows.get(1)?.call, { seq: 1, providerSid: 'CA1' })
})

t.test('forget, and the oldest goes past the limit', async (t) => {
  const rows = createCallRows(3)
  for (const id of [1, 2, 3]) rows.keep(row(id, 0))
  rows.keep(row(1, 1)) // kept again: now the most recent
  rows.keep(row(4, 0))
  t.equal(rows.size, 3)
  t.equal(rows.get(2), undefined, 'the least recently kept went')
  t.ok(rows.get(1) && rows.get(3) && rows.get(4))
  rows.forget(3)
  t.equal(rows.get(3), undefined)
  t.equal(rows.size, 2)
})
