import t from 'tap'
import {
  CallStatus,
  callStatusFromTwilio,
  callStatusToTwilio,
  canTransition,
  isFinalCallStatus,
} from '../../src/codes/call-status.js'

t.test('maps Twilio status strings to Tocsin codes and back', async (t) => {
  const expected = {
    queued: 1,
    ringing: 2,
    'in-progress': 3,
    completed: 4,
    busy: 5,
    failed: 6,
    'no-answer': 7,
    canceled: 8,
  } as const
  for (const [status, code] of Object.entries(expected)) {
    t.equal(callStatusFromTwilio(status), code, status)
    t.equal(callStatusToTwilio(code), status)
  }
  t.equal(callStatusFromTwilio('initiated'), CallStatus.queued, 'initiated is still before ringing')
  t.equal(callStatusFromTwilio('IN-PROGRESS'), CallStatus.inProgress)
  t.equal(callStatusFromTwilio('exploded'), CallStatus.none)
  t.equal(callStatusFromTwilio(undefined), CallStatus.none)
  t.equal(callStatusToTwilio(CallStatus.none), 'none', 'no status yet has a name too')
})

t.test('final statuses', async (t) => {
  t.same(
    Object.values(CallStatus).filter(isFinalCallStatus),
    [CallStatus.completed, CallStatus.busy, CallStatus.failed, CallStatus.noAnswer, CallStatus.canceled],
  )
})

t.test('a status never moves backwards', async (t) => {
  t.ok(canTransition(CallStatus.none, CallStatus.queued))
  t.ok(canTransition(CallStatus.queued, CallStatus.inProgress), 'skipping ringing is fine')
  t.ok(canTransition(CallStatus.ringing, CallStatus.noAnswer))
  t.ok(canTransition(CallStatus.inProgress, CallStatus.completed))
  t.notOk(canTransition(CallStatus.inProgress, CallStatus.ringing), 'a late ringing callback is ignored')
  t.notOk(canTransition(CallStatus.ringing, CallStatus.ringing), 'a replay is a no-op')
  t.notOk(canTransition(CallStatus.completed, CallStatus.inProgress))
  t.notOk(canTransition(CallStatus.completed, CallStatus.failed), 'one final status never replaces another')
  t.notOk(canTransition(CallStatus.busy, CallStatus.completed))
})
