// The appointment timeline's words, pure: offsets, step states with their reasons, the call as the patient lived
// it, confirmation statuses, the carrier's reasons, and the plan form's parsing (hours → minutes, problems by row).
import t from 'tap'
import { offsetWords, stepWords, transcriptList } from '../../src/admin/appointment-timeline.js'
import { CONFIRMATION_OUTCOMES, confirmationWords } from '../../src/admin/confirmation.js'
import { reasonWords } from '../../src/admin/outcome.js'
import { fieldLabel, onRows, parsePlanForm, planValues } from '../../src/admin/plan-form.js'

t.test('offsets', async (t) => {
  t.equal(offsetWords(2880), '2 days before')
  t.equal(offsetWords(1440), '1 day before')
  t.equal(offsetWords(180), '3 hours before')
  t.equal(offsetWords(90), '90 minutes before')
  t.equal(offsetWords(0), '0 minutes before')
})

t.test('step states', async (t) => {
  t.same(stepWords({ state: 'scheduled', result: null, reason: null, channel: 'call' }), { text: 'Planned', tone: 'wait' })
  t.same(stepWords({ state: 'scheduled', result: null, reason: 'nobody answered', channel: 'call' }), { text: 'Planned — last try failed: nobody answered', tone: 'wait' })
  t.same(stepWords({ state: 'answered', result: 'confirmed', reason: null, channel: 'call' }), { text: 'Confirmed', tone: 'ok' })
  t.same(stepWords({ state: 'answered', result: 'reschedule_requested', reason: null, channel: 'call' }), { text: 'Wants another time', tone: 'wait' })
  t.same(stepWords({ state: 'delivered', result: null, reason: null, channel: 'sms' }), { text: 'Text sent', tone: 'ok' })
  t.same(stepWords({ state: 'failed', result: null, reason: 'the line was busy', channel: 'call' }), { text: 'Not reached: the line was busy', tone: 'bad' })
  t.same(stepWords({ state: 'cancelled', result: null, reason: 'the appointment was confirmed', channel: 'sms' }), { text: 'Stopped: the appointment was confirmed', tone: 'neutral' })
  t.same(stepWords({ state: 'skipped', result: null, reason: null, channel: 'email' }), { text: 'Not sent', tone: 'neutral' })
})

t.test('the call as heard, escaped', async (t) => {
  const list = transcriptList([
    { kind: 'say', text: 'Hello <b>Ada</b>.' }, { kind: 'press', text: '1' }, { kind: 'silence', text: '' },
    { kind: 'transfer', text: '+49305550000' }, { kind: 'hangup', text: '' },
  ]).value
  t.equal(list, '<ol class="said"><li>Heard: “Hello &lt;b&gt;Ada&lt;/b&gt;.”</li><li>Pressed 1</li><li>Pressed nothing</li><li>Put through to +49305550000</li><li>The call ended</li></ol>')
  t.equal(transcriptList([]).value, '')
})

t.test('confirmation statuses: every one worded, in the filter', async (t) => {
  t.same([...CONFIRMATION_OUTCOMES.keys()], ['unconfirmed', 'confirmed', 'cancelled', 'reschedule_requested', 'unreachable', 'opted_out'])
  t.same(confirmationWords('unreachable'), { text: 'Could not be reached', tone: 'bad' })
})

t.test("the carrier's reasons in words", async (t) => {
  const words = (reason: string) => reasonWords({ method: 1, reason: reason as never, callstatus: 0, calendarName: 'Mitte' })
  t.equal(words('carrier-permanent'), 'The carrier refused the number for good')
  t.equal(words('opted-out'), 'The patient replied STOP to our texts: the carrier refuses to send them')
  t.equal(words('not-placed'), 'The carrier never placed the call')
  t.equal(words('sms-expired'), 'Text not delivered in time (it expired at the carrier)')
})

t.test('the plan form', async (t) => {
  const { form, problems } = parsePlanForm({
    name: ' Plan ', 'steps.0.channel': 'call', 'steps.0.hours': '1.5', 'steps.0.max_retries': '2', 'steps.0.retry_minutes': '30',
    'steps.1.channel': '', 'steps.2.channel': 'sms', 'steps.2.hours': '24', 'steps.2.only_if_unconfirmed': 'on', 'steps.2.template': 'Hi',
  })
  t.same(problems, {})
  t.match(form, { name: 'Plan', isDefault: false, rows: [0, 2], steps: [
    { channel: 'call', offset_minutes: 90, max_retries: 2, retry_delay: 1800, only_if_unconfirmed: false, template: null, survey: null },
    { channel: 'sms', offset_minutes: 1440, only_if_unconfirmed: true, template: 'Hi', max_retries: null, retry_delay: null },
  ] })
  const bad = parsePlanForm({ name: '', 'steps.0.channel': 'call', 'steps.0.hours': 'soon', 'steps.0.max_retries': '1.5' })
  t.same(bad.problems, { name: 'a plan needs a name', 'steps.0.hours': 'a number of hours from 0 to 8760', 'steps.0.max_retries': 'a whole number from 0 to 10' })
  t.same(onRows({ 'steps.1.template': 'x', name: 'y' }, [0, 2]), { 'steps.2.template': 'x', name: 'y' }, 'a problem of the 2nd step lands on its form row')
  t.equal(fieldLabel('steps.2.template'), 'Step 3, text')
  t.equal(planValues({ name: 'P', isDefault: true, steps: [{ channel: 'call', offset_minutes: 90, only_if_unconfirmed: false, survey: 4, template: null, subject: null, max_retries: 2, retry_delay: 3600 }] })['steps.0.hours'], '1.5')
})
