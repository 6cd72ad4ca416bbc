import t from 'tap'
import { CARRIER_ERROR_KIND, CARRIER_ERRORS, classifyCarrierError } from '../../src/dialer/carrier-errors.js'
import { ATTEMPT_REASON } from '../../src/db/schema/alarm-request.js'

const fail = (status: number | null, code: number | null, message = 'refused') => ({ status, code, message })

t.test('permanent codes fail the attempt at once, each with its own words', async (t) => {
  for (const code of [13224, 21210, 21211, 21214, 21215, 21217, 21614]) {
    const c = classifyCarrierError(fail(400, code), { creates: true })
    t.equal(c.kind, CARRIER_ERROR_KIND.permanent, `${code} is permanent`)
    t.equal(c.reason, ATTEMPT_REASON.carrierPermanent, `${code} is a carrier-permanent failure`)
    t.notOk(c.optOut, `${code} opts nobody out`)
    t.match(c.detail, new RegExp(`carrier error ${code}\\)$`), `${code}: the detail names the code`)
  }
  t.match(classifyCarrierError(fail(400, 21210), { creates: true }).detail, /caller ID is not a verified number/)
  t.match(classifyCarrierError(fail(400, 21211), { creates: true }).detail, /not a valid phone number/)
})

t.test('21610: the recipient opted out at the carrier; they go on the do-not-contact list', async (t) => {
  const c = classifyCarrierError(fail(400, 21610, 'Attempt to send to unsubscribed recipient'), { creates: true })
  t.equal(c.kind, CARRIER_ERROR_KIND.permanent)
  t.equal(c.reason, ATTEMPT_REASON.optedOut)
  t.equal(c.optOut, true)
})

t.test('rate limits are not attempts: 20429, 21611 and any 429', async (t) => {
  t.equal(classifyCarrierError(fail(429, 20429), { creates: true }).kind, CARRIER_ERROR_KIND.rateLimited)
  t.equal(classifyCarrierError(fail(429, 21611), { creates: true }).kind, CARRIER_ERROR_KIND.rateLimited)
  t.equal(classifyCarrierError(fail(429, null), { creates: false }).kind, CARRIER_ERROR_KIND.rateLimited)
  t.equal(classifyCarrierError(fail(429, 99999), { creates: true }).kind, CARRIER_ERROR_KIND.rateLimited)
})

t.test('no clear answer to a create is ambiguous; to anything else it is transient', async (t) => {
  for (const status of [null, 500, 502, 503]) {
    t.equal(classifyCarrierError(fail(status, status === null ? null : 20500), { creates: true }).kind, CARRIER_ERROR_KIND.ambiguous, `create, ${status}`)
    t.equal(classifyCarrierError(fail(status, null), { creates: false }).kind, CARRIER_ERROR_KIND.transient, `fetch, ${status}`)
  }
})

t.test('other refusals are transient and keep the carrier words', async (t) => {
  const c = classifyCarrierError(fail(400, 21205, 'Url parameter is required.'), { creates: true })
  t.equal(c.kind, CARRIER_ERROR_KIND.transient)
  t.equal(c.detail, 'carrier: Url parameter is required. (carrier error 21205)')
  t.equal(c.reason, undefined)
})

t.test('every rule with a reason is permanent, and only 21610 opts out', async (t) => {
  for (const [code, rule] of Object.entries(CARRIER_ERRORS)) {
    t.equal(rule.reason !== undefined, rule.kind === CARRIER_ERROR_KIND.permanent, `${code}`)
    t.equal(rule.optOut === true, code === '21610', `${code}`)
  }
})

t.test('a request that never left is not ambiguous: nothing can have been done', async (t) => {
  t.equal(classifyCarrierError({ ...fail(null, null, 'connect ECONNREFUSED'), neverSent: true }, { creates: true }).kind, CARRIER_ERROR_KIND.transient)
  t.equal(classifyCarrierError({ ...fail(null, null, 'socket hang up'), neverSent: false }, { creates: true }).kind, CARRIER_ERROR_KIND.ambiguous)
})

t.test('each rule says in its own words what went wrong, and the detail carries them', async (t) => {
  const words = Object.values(CARRIER_ERRORS).map((rule) => rule.what)
  t.notOk(words.some((what) => what.trim() === ''), 'no rule without words')
  t.equal(new Set(words).size, words.length, 'no two codes share their words: the failure reason tells them apart')
  for (const [code, rule] of Object.entries(CARRIER_ERRORS)) {
    t.equal(classifyCarrierError(fail(400, Number(code)), { creates: false }).detail, `${rule.what} (carrier error ${code})`)
  }
})

t.test('without a code, the detail is the carrier message alone; every verdict has words', async (t) => {
  const hangUp = classifyCarrierError(fail(null, null, 'socket hang up'), { creates: true })
  t.equal(hangUp.detail, 'carrier: socket hang up', 'no "(carrier error null)"')
  t.match(hangUp.what, /no clear answer/)
  const slowDown = classifyCarrierError(fail(429, null, 'Too Many Requests'), { creates: true })
  t.equal(slowDown.detail, 'carrier: Too Many Requests')
  t.match(slowDown.what, /fewer requests/)
  const unavailable = classifyCarrierError(fail(503, null, 'Service Unavailable'), { creates: false })
  t.equal(unavailable.what, 'Service Unavailable', 'a transient failure in the carrier words')
})
