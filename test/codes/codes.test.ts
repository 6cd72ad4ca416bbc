import t from 'tap'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { ALARM_METHOD, ALARM_METHOD_LABELS } from '../../src/codes/alarm-method.js'
import { ALARM_RESULT, ALARM_RESULT_LABELS } from '../../src/codes/alarm-result.js'
import { ALARM_STATUS, ALARM_STATUS_LABELS, AWAITING_ATTEMPT, OPEN_ALARM } from '../../src/codes/alarm-status.js'
import {
  AMD_BEHAVIOR, AMD_BEHAVIOR_LABELS, isMachine, machineHandling, machineRefused, twilioMachineDetection,
} from '../../src/codes/amd-behavior.js'
import { CALL_STATUS_LABELS, CallStatus, OPEN_CALL } from '../../src/codes/call-status.js'
import { nameOf, sqlCodes } from '../../src/codes/codes.js'

// The stored codes are part of the API and the database: these numbers must never change.
t.test('the codes keep their numbers', async (t) => {
  t.same(ALARM_STATUS, { pending: 1, inProcess: 2, failure: 3, retry: 4, success: 5, expired: 6, cancelled: 7 })
  t.same(ALARM_RESULT, { none: 0, confirmed: 1, cancelled: 2, rescheduled: 3 })
  t.same(ALARM_METHOD, { call: 1, sms: 2, email: 3 })
  t.same(AMD_BEHAVIOR, { always: 1, humanOnly: 2, voicemailOnly: 3 })
  t.same([...AWAITING_ATTEMPT], [1, 4])
  t.same([...OPEN_ALARM], [1, 2, 4])
  t.same([...OPEN_CALL], [1, 2, 3])
})

t.test('every code has a label', async (t) => {
  for (const [table, labels] of [
    [ALARM_STATUS, ALARM_STATUS_LABELS], [ALARM_RESULT, ALARM_RESULT_LABELS], [ALARM_METHOD, ALARM_METHOD_LABELS],
    [AMD_BEHAVIOR, AMD_BEHAVIOR_LABELS], [CallStatus, CALL_STATUS_LABELS],
  ] as const) {
    for (const code of Object.values(table)) t.type(labels.get(code), 'string', `label of ${code}`)
    t.equal(labels.size, Object.keys(table).length)
    // The admin pages show these words alone: an empty label, or two codes with one label, could not be told apart.
    const words = [...labels.values()]
    t.notOk(words.some((label) => label.trim() === ''), `no empty label: ${words.join(', ')}`)
    t.equal(new Set(words).size, words.length, `no two codes share a label: ${words.join(', ')}`)
  }
  t.equal(ALARM_STATUS_LABELS.get(ALARM_STATUS.inProcess), 'In process')
  t.equal(nameOf(ALARM_RESULT, 2), 'cancelled')
  t.equal(nameOf(ALARM_RESULT, 9), undefined)
})

t.test('answering machine detection', async (t) => {
  t.equal(machineHandling(null), 'continue')
  t.equal(machineHandling(AMD_BEHAVIOR.always), 'continue')
  t.equal(machineHandling(AMD_BEHAVIOR.humanOnly), 'hangup')
  t.equal(machineHandling(AMD_BEHAVIOR.voicemailOnly), 'voicemail')
  t.equal(twilioMachineDetection(null), undefined)
  t.equal(twilioMachineDetection(AMD_BEHAVIOR.always), undefined, 'always: no verdict needed, so no detection (its silence and its fee)')
  t.equal(twilioMachineDetection(AMD_BEHAVIOR.humanOnly), 'Enable')
  t.equal(twilioMachineDetection(AMD_BEHAVIOR.voicemailOnly), 'DetectMessageEnd')
  t.equal(twilioMachineDetection(7), undefined)
  for (const answeredBy of ['machine_start', 'machine_end_beep', 'machine_end_other', 'fax']) t.ok(isMachine(answeredBy), answeredBy)
  for (const answeredBy of ['human', 'unknown', '', null, undefined]) t.notOk(isMachine(answeredBy), String(answeredBy))
  t.ok(machineRefused(AMD_BEHAVIOR.humanOnly, 'machine_start'))
  t.notOk(machineRefused(AMD_BEHAVIOR.humanOnly, 'human'))
  t.notOk(machineRefused(AMD_BEHAVIOR.always, 'machine_start'))
  t.notOk(machineRefused(null, 'fax'))
})

t.test('codes go into SQL as literals, so that partial indexes still match', async (t) => {
  const query = new PgDialect().sqlToQuery(sql`select 1 from call where callstatus in (${sqlCodes(...OPEN_CALL)}) and id = ${5}`)
  t.equal(query.sql, 'select 1 from call where callstatus in (1, 2, 3) and id = $1')
  t.same(query.params, [5])
  t.throws(() => sqlCodes(1, Number.NaN), /not integer codes/)
})
