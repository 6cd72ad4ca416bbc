import { createHmac } from 'node:crypto'
import t from 'tap'
import { failureSmsText, fillText } from '../../src/alarms/texts.js'
import { signWebhook, verifyWebhook, webhookSigningKey } from '../../src/alarms/webhooks/webhook-signature.js'

t.test('the signature scheme, as documented', async (t) => {
  const secret = 'test-secret-key-0123456789'
  const key = webhookSigningKey(secret)
  t.equal(key, createHmac('sha256', secret).update('tocsin webhook signing key v1').digest('hex'), 'K = HMAC-SHA256(SECRET_KEY, label)')
  const body = '{"type":"alarm.confirmed"}'
  const header = signWebhook(secret, body, 1_700_000_000)
  const mac = createHmac('sha256', Buffer.from(key, 'hex')).update(`1700000000.${body}`).digest('hex')
  t.equal(header, `t=1700000000,v1=${mac}`)
  t.ok(verifyWebhook(key, header, body, 1_700_000_100))
  t.notOk(verifyWebhook(key, header, body, 1_700_000_000 + 301), 'too old: a replay')
  t.notOk(verifyWebhook(key, header, body.replace('confirmed', 'cancelled'), 1_700_000_000), 'another body')
  t.notOk(verifyWebhook(webhookSigningKey('another-secret-key-0123'), header, body, 1_700_000_000), 'another key')
  t.notOk(verifyWebhook(key, undefined, body), 'no header')
  t.notOk(verifyWebhook(key, 't=abc,v1=00', body), 'garbage')
})

t.test('texts', async (t) => {
  const ev = { title: 'Dentist', description: null, start: new Date('2030-01-10T08:00:00Z'), end: new Date('2030-01-10T09:00:00Z'), timezone: 'Europe/Berlin', data: { clinic: 'Mitte', phone: '+4930123456' } }
  t.equal(fillText('{title} at {clinic} on {start_date} at {start_time}, call {phone}', ev), 'Dentist at Mitte on 2030-01-10 at 09:00, call +4930123456')
  t.equal(fillText('{title}', { ...ev, data: { title: 'Overridden' } }), 'Overridden', 'event.data wins')
  t.equal(failureSmsText({ alarmPhonenumber: '+15550001', alarmEmail: null, numAttempt: 3 }, { data: null }),
    "we haven't been able to reach '+15550001' after trying 3 times")
  t.equal(failureSmsText({ alarmPhonenumber: '+15550001', alarmEmail: null, numAttempt: 2 }, { data: { sms_failure: '#alarm_phonenumber# x#num_attempt#, #num_attempt#' } }),
    '+15550001 x2, 2')
})
