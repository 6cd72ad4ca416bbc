import t from 'tap'
import {
  escapeXml,
  renderConfirmResultTwiml,
  renderConfirmTwiml,
  renderTwiml,
  type Command,
} from '../../ivr/index.js'
import { parseXml, twimlProblems } from './fixtures/twiml-checker.js'

const URLS = { gather: 'https://h/g?a=1&b=2', record: 'https://h/r', dial_action: 'https://h/d' }
const DECL = '<?xml version="1.0" encoding="UTF-8"?>'

t.test('escaping', async (t) => {
  t.equal(escapeXml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;')
  t.equal(escapeXml('bell\u0007 tab\t'), 'bell tab\t', 'control characters are dropped')
  const twiml = renderTwiml([{ type: 'say', text: 'Tom & Jerry <3 "quotes"', voice: 'a"b' }], URLS)
  t.equal(twiml, `${DECL}<Response><Say voice="a&quot;b">Tom &amp; Jerry &lt;3 &quot;quotes&quot;</Say></Response>`)
  t.same(twimlProblems(twiml), [])
  const say = parseXml(twiml).children[0]
  t.same(typeof say === 'object' && say.children, ['Tom & Jerry <3 "quotes"'], 'round-trips through a parser')
})

t.test('every verb', async (t) => {
  const commands: Command[] = [
    { type: 'say', text: 'Hi', language: 'fr-FR', voice: 'Polly.Celine', loop: 2 },
    { type: 'play', url: 'https://h/a.mp3?x=1&y=2' },
    { type: 'pause', seconds: 1 },
    {
      type: 'gather',
      num_digits: 4,
      timeout: 7,
      finish_on_key: '#',
      prompts: [{ type: 'say', text: 'Enter' }, { type: 'pause', seconds: 2 }, { type: 'play', url: 'https://h/b.mp3' }],
    },
    { type: 'record', max_length: 60, finish_on_key: '#', timeout: 5 },
    { type: 'sms', to: 'callee', text: 'never rendered' },
    { type: 'conference', room: 'room & board' },
    { type: 'hangup' },
  ]
  const twiml = renderTwiml(commands, URLS)
  t.equal(
    twiml,
    DECL +
      '<Response>' +
      '<Say voice="Polly.Celine" language="fr-FR" loop="2">Hi</Say>' +
      '<Play>https://h/a.mp3?x=1&amp;y=2</Play>' +
      '<Pause length="1"/>' +
      '<Gather input="dtmf" action="https://h/g?a=1&amp;b=2" method="POST" timeout="7" numDigits="4" finishOnKey="#" actionOnEmptyResult="true">' +
      '<Say>Enter</Say><Pause length="2"/><Play>https://h/b.mp3</Play></Gather>' +
      '<Record action="https://h/r" method="POST" maxLength="60" finishOnKey="#" timeout="5" playBeep="true"/>' +
      '<Redirect method="POST">https://h/r</Redirect>' +
      '<Dial><Conference>room &amp; board</Conference></Dial>' +
      '<Hangup/>' +
      '</Response>',
  )
  t.same(twimlProblems(twiml), [])
  t.notMatch(twiml, /never rendered/, 'sms is sent by the server, not by TwiML')
})

t.test('empty command list', async (t) => {
  t.equal(renderTwiml([], URLS), `${DECL}<Response></Response>`)
})

t.test('dial gets the action URL only when nothing reachable follows it', async (t) => {
  const dial: Command = { type: 'dial', number: '+15551234567', caller_id: '+15550000000', timeout: 20 }
  t.equal(
    renderTwiml([dial, { type: 'hangup' }], URLS),
    `${DECL}<Response><Dial action="https://h/d" method="POST" callerId="+15550000000" timeout="20"><Number>+15551234567</Number></Dial><Hangup/></Response>`,
  )
  t.equal(
    renderTwiml([dial, { type: 'say', text: 'Bye' }], URLS),
    `${DECL}<Response><Dial callerId="+15550000000" timeout="20"><Number>+15551234567</Number></Dial><Say>Bye</Say></Response>`,
  )
  t.equal(
    renderTwiml([dial], { gather: 'g', record: 'r' }),
    `${DECL}<Response><Dial callerId="+15550000000" timeout="20"><Number>+15551234567</Number></Dial></Response>`,
    'no action without urls.dial_action',
  )
  const sip = renderTwiml([{ type: 'dial', number: 'sip:desk@pbx.example.com' }], URLS)
  t.match(sip, '<Sip>sip:desk@pbx.example.com</Sip>')
  t.same(twimlProblems(sip), [])
})

t.test('call screening for a transfer confirm', async (t) => {
  const confirm = { text: 'Press 1 to take a call from Ana & co.', key: '1', voice: 'Polly.Amy' }
  const dial = renderTwiml([{ type: 'dial', number: '+1555', confirm }], { ...URLS, dial_confirm: 'https://h/c?x=1&y=2' })
  t.match(dial, '<Number url="https://h/c?x=1&amp;y=2" method="POST">+1555</Number>')
  t.same(twimlProblems(dial), [])
  const whisper = renderConfirmTwiml(confirm, 'https://h/k')
  t.equal(
    whisper,
    `${DECL}<Response><Gather input="dtmf" action="https://h/k" method="POST" timeout="10" numDigits="1" actionOnEmptyResult="true"><Say voice="Polly.Amy">Press 1 to take a call from Ana &amp; co.</Say></Gather></Response>`,
  )
  t.same(twimlProblems(whisper), [])
  t.equal(renderConfirmResultTwiml(confirm, '1'), `${DECL}<Response></Response>`, 'the right key bridges')
  t.equal(renderConfirmResultTwiml(confirm, ''), `${DECL}<Response><Hangup/></Response>`, 'silence refuses')
  t.equal(renderConfirmResultTwiml(confirm, '2'), `${DECL}<Response><Hangup/></Response>`, 'another key refuses')
  t.equal(renderConfirmTwiml({ text: 'Incoming reminder call' }, 'https://h/k'), `${DECL}<Response><Say>Incoming reminder call</Say></Response>`)
  const noUrl = renderTwiml([{ type: 'dial', number: '+1555', confirm }], URLS)
  t.match(noUrl, '<Number>+1555</Number>', 'without urls.dial_confirm the confirm is not rendered')
})

t.test('the checker rejects what Twilio would', async (t) => {
  const problems = (body: string) => twimlProblems(`${DECL}<Response>${body}</Response>`)
  t.match(problems('<Say>unclosed'), [/not well-formed/])
  t.match(problems('<Say>a & b</Say>'), [/not well-formed/])
  t.match(problems('<Speak>hi</Speak>'), [/<Speak> is not allowed inside <Response>/])
  t.match(problems('<Say colour="red">hi</Say>'), [/no attribute colour/])
  t.match(problems('<Gather><Record/></Gather>'), [/not allowed inside <Gather>/])
  t.match(problems('<Gather timeout="soon"/>'), [/not a number/])
  t.match(problems('stray text'), [/cannot contain text/])
  t.match(twimlProblems('<Response/>'), [/declaration/])
  t.match(twimlProblems(`${DECL}<Say>hi</Say>`), [/root is <Say>/])
})
