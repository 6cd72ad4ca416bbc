// A success is settled by the statement that ends its call (src/alarms/settle/dialer-outcomes.ts SETTLES_NOW, through
// src/dialer/call-transitions.ts endKeptCall): SQL that must say exactly what callOutcome and callEnded say in
// TypeScript — checked here on every combination of what they read — and, end to end, an answered alarm call settled
// without a statement of its own.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { callOutcome, SETTLES_NOW } from '../../src/alarms/settle/dialer-outcomes.js'
import { builtOnceSql } from '../../src/db/built-once.js'
import { listensForInput } from '../../src/dialer/outcomes.js'
import { CallStatus } from '../../src/codes/call-status.js'
import { AMD_BEHAVIOR } from '../../src/codes/amd-behavior.js'
import { startTestServer } from '../helpers/build.js'
import { recordStatements } from '../helpers/statements.js'
import { createTestDatabase } from '../helpers/database.js'
import { inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled } from './helpers.js'

interface Ended {
  alarm_request_id: number | null; callstatus: number; amd_behavior: number | null; answered_by: string | null; error: string | null
  answered_at: string | null; last_twiml: string | null
}

t.test('SETTLES_NOW says what callOutcome and callEnded say', async (t) => {
  const { db } = await createTestDatabase(t)
  const cases: Ended[] = []
  for (const alarmRequestId of [null, 7]) {
    for (const callstatus of [CallStatus.completed, CallStatus.busy, CallStatus.noAnswer, CallStatus.failed]) {
      for (const amd of [null, AMD_BEHAVIOR.always, AMD_BEHAVIOR.humanOnly, AMD_BEHAVIOR.voicemailOnly]) {
        for (const answeredBy of [null, 'human', 'machine_start', 'machine_end_beep', 'fax', 'unknown']) {
          for (const error of [null, 'do-not-contact: this number asked not to be called', 'the carrier said no']) {
            for (const answeredAt of [null, '2026-11-30T10:00:00Z']) {
              for (const lastTwiml of [null, '<Response><Say>Bye</Say></Response>', '<Response><Gather input="dtmf"/></Response>', '<Response><Record/></Response>', '<Response><Gatherer/></Response>']) {
                cases.push({ alarm_request_id: alarmRequestId, callstatus, amd_behavior: amd, answered_by: answeredBy, error, answered_at: answeredAt, last_twiml: lastTwiml })
              }
            }
          }
        }
      }
    }
  }
  const evaluate = builtOnceSql<{ settles: boolean }>(() => sql`select ${SETTLES_NOW} as settles
    from jsonb_to_recordset(${sql.placeholder('cases')}::jsonb) as ended(n int, alarm_request_id int, callstatus int,
      amd_behavior int, answered_by text, error text, answered_at timestamptz, last_twiml text)
    order by n`, 'settles_now_cases')
  for (const settleGrace of [true, false]) {
    const rows = await evaluate(db, { cases: JSON.stringify(cases.map((c, n) => ({ n, ...c }))), settleGrace })
    let disagreements = 0
    cases.forEach((c, i) => {
      const outcome = callOutcome({
        id: 1, status: '', callstatus: c.callstatus, answeredBy: c.answered_by, amdBehavior: c.amd_behavior, duration: 3, result: 0,
        error: c.error, errorCode: null,
      })
      const awaiting = c.answered_at !== null && listensForInput(c.last_twiml)
      const expected = c.alarm_request_id !== null && outcome.success && !(settleGrace && awaiting)
      if (rows[i]!.settles !== expected) {
        disagreements++
        if (disagreements <= 5) t.fail(`settleGrace ${settleGrace}: ${JSON.stringify(c)}: SQL ${rows[i]!.settles}, TypeScript ${expected}`)
      }
    })
    t.equal(disagreements, 0, `${cases.length} combinations agree (grace ${settleGrace ? 'on' : 'off'})`)
    t.ok(rows.some((row) => row.settles) && rows.some((row) => !row.settles), 'both answers occur')
  }
})

t.test('an answered alarm call: settled by the statement that ends it', async (t) => {
  const server = await startTestServer(t, {}, { worker: true })
  const statements = recordStatements(server.deps.database.pool)
  server.simulator.state.setNumber('+15557720001', { behavior: 'answer', presses: ['1'] })
  const cal = await makeCalendar(server)
  const ev = await makeEvent(server, cal, { start: inMs(86_400_000).toISOString(), end: inMs(90_000_000).toISOString() })
  const a = await makeAlarm(server, cal, { event: ev.id, date_start_notice: inMs(500).toISOString(), alarm_phonenumber: '+15557720001' })
  t.match(await settled(server, a.id), { status: 5, result: 1, num_attempt: 1 }, 'succeeded, with the answer')
  const [request] = await requestsOf(server, a.id)
  t.match(request, { status: 5, callstatus: CallStatus.completed })
  const [c] = await query(server, 'select duration from call where id = $1', [request.call_id])
  t.equal(request.duration, c.duration, 'the talk time')
  const sent = statements.take()
  t.ok(sent.some((text) => text.startsWith('with ended as (update "call"') && text.includes('settled_request')), 'the end carried the settling')
  t.notOk(sent.some((text) => text.startsWith('with open as')), 'no settling of its own')
})
