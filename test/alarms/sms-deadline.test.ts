// Honest SMS delivery: a text carries a ValidityPeriod (how long its reminder stays useful); one still queued at the
// carrier at its delivery deadline is asked about, not sent again, until that period ends; statuses only move forward.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { addJob } from '../../src/queue/queue.js'
import { recordSent } from '../../src/dialer/send-sms.js'
import { alarmRow, inMs, makeAlarm, makeCalendar, makeEvent, query, requestsOf, settled } from './helpers.js'

t.test('SMS delivery', async (t) => {
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const cal = await makeCalendar(server)
  const { state } = server.simulator
  const textOf = async (alarmId: number) => (await query(server, `select m.* from sms_message m join alarm_request r on r.id = m.alarm_request_id
    where r.alarm_id = $1`, [alarmId]))[0]

  t.test('still queued at the carrier at its deadline: asked about, not sent again, failed once no longer useful', async (t) => {
    // The sender's queue moves one segment every ~3 simulated hours: the second text waits there.
    state.setLimits({ sms_segments_per_second: 0.0001 })
    t.teardown(() => state.setLimits({ sms_segments_per_second: 1 }))
    const ev = await makeEvent(server, cal, { start: inMs(3600_000).toISOString(), end: inMs(7200_000).toISOString() })
    const first = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: '+15557600001', sms_template: 'First',
    })
    await eventually(async () => (await textOf(first.id))?.provider_sid)
    const a = await makeAlarm(server, cal, {
      event: ev.id, method: 2, date_start_notice: inMs(200).toISOString(), alarm_phonenumber: '+15557600002', sms_template: 'Reminder', maxretry: 2, retry_delay: 1,
    })
    const sms = await eventually(async () => {
      const m = await textOf(a.id)
      return m?.provider_sid ? m : null
    })
    t.equal(sms.status, 'sending', 'the carrier holds it unsent')
    const atCarrier = state.messages({ to: '+15557600002' })
    t.equal(atCarrier.length, 1)
    t.equal(atCarrier[0]!.status, 'queued')
    t.ok(atCarrier[0]!.validityPeriod! > 3500 && atCarrier[0]!.validityPeriod! <= 3600, `ValidityPeriod: until the event starts (${atCarrier[0]!.validityPeriod} s)`)

    // The delivery deadline passes with the text still queued at the carrier.
    await query(server, `update sms_message set created_at = created_at - interval '11 minutes' where id = $1`, [sms.id])
    await addJob(server.deps.db, 'sms-finished', { smsId: sms.id })
    const [job] = await eventually(async () => {
      const rows = await query(server, `select run_at from graphile_worker.jobs where key = $1 and run_at > now() + interval '5 minutes'`, [`sms-finished:${sms.id}`])
      return rows.length > 0 ? rows : null
    })
    t.ok(job.run_at.getTime() > Date.now() + 5 * 60_000, 'asked again later')
    t.match(await alarmRow(server, a.id), { status: 2, num_attempt: 1 }, 'the attempt stays open')
    t.equal(state.messages({ to: '+15557600002' }).length, 1, 'not sent again')

    // Its usefulness ends (the event starts) while the carrier still holds it.
    await query(server, `update sms_message set valid_until = now() - interval '1 minute' where id = $1`, [sms.id])
    await addJob(server.deps.db, 'sms-finished', { smsId: sms.id })
    t.match(await settled(server, a.id), { status: 3, num_attempt: 1 }, 'failed, and not retried: a retry could be of no use either')
    t.match((await requestsOf(server, a.id))[0], { status: 3, reason: 'sms-expired', reason_detail: 'still sending at the carrier when its event started' })
    t.equal(state.messages({ to: '+15557600002' }).length, 1, 'one text in all')
  })

  t.test('a text past its usefulness is not sent at all', async (t) => {
    const [row] = await query(server, `insert into sms_message (organization_id, from_number, to_number, body, valid_until)
      values (1, '+15550000001', '+15557600011', 'Too late', now() - interval '1 second') returning id`)
    await addJob(server.deps.db, 'send-sms', { smsId: row.id })
    const sms = await eventually(async () => (await query(server, "select * from sms_message where id = $1 and status <> 'queued'", [row.id]))[0])
    t.match(sms, { status: 'failed', error: /^no longer useful/, provider_sid: null })
    t.equal(state.messages({ to: '+15557600011' }).length, 0)
  })

  t.test("the create's own answer never moves a status back", async (t) => {
    const [row] = await query(server, `insert into sms_message (organization_id, sms_gateway_id, from_number, to_number, body, status)
      values (1, 1, '+15550000001', '+15557600021', 'Hi', 'delivered') returning *`)
    const [gw] = await query(server, 'select * from sms_gateway where id = 1')
    // The delivery callback came first; now the create's answer (`queued`) arrives.
    await recordSent(server.deps, { ...row, smsGatewayId: 1, organizationId: 1 }, { ...gw, fromNumber: gw.from_number }, { sid: 'SM' + 'a'.repeat(32), status: 'queued' })
    t.match((await query(server, 'select status, provider_sid from sms_message where id = $1', [row.id]))[0], { status: 'delivered', provider_sid: 'SM' + 'a'.repeat(32) })
  })
})
