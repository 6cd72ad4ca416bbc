import t from 'tap'
import { failureReason } from '../../src/alarms/failure-reason.js'
import { ATTEMPT_REASON } from '../../src/db/schema/index.js'

t.test('one wording for every attempt reason, with its detail', async (t) => {
  t.equal(failureReason(ATTEMPT_REASON.noGateway, 'calendar Mitte'), 'no voice gateway configured for calendar Mitte')
  t.equal(failureReason(ATTEMPT_REASON.noGateway, null), 'no voice gateway configured')
  t.equal(failureReason(ATTEMPT_REASON.gatewayInactive, 'calendar Mitte'), 'the voice gateway of calendar Mitte is inactive')
  t.equal(failureReason(ATTEMPT_REASON.noSmsGateway, 'calendar Reminders'), 'no SMS gateway configured for calendar Reminders')
  t.equal(failureReason(ATTEMPT_REASON.missingTag, '{doctor}, {address}'), 'no value for {doctor}, {address}')
  t.equal(failureReason(ATTEMPT_REASON.busy, ''), 'the line was busy')
  t.equal(failureReason(ATTEMPT_REASON.callFailed, 'carrier error 30003'), 'the call failed: carrier error 30003')
  t.equal(failureReason(null, 'an old free-text reason'), 'an old free-text reason', 'a detail without a code is shown as it is')
  t.equal(failureReason(null, null), null)
  for (const code of Object.values(ATTEMPT_REASON)) t.type(failureReason(code, null), 'string', `${code} has words`)
})
