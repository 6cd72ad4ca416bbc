import t from 'tap'
import { childElements, parseXml, textOf, XmlParseError } from '../../src/simulator/xml.js'

t.test('parses TwiML with declarations, comments, CDATA, entities and attributes', async (t) => {
  const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
    <!-- reminder -->
    <Response>
      <Say voice='Polly.Amy' language="en-GB">Tom &amp; Jerry&#39;s &#x263A; <![CDATA[<raw>]]></Say>
      <Gather numDigits="1" action="/g?a=1&amp;b=2"><Play>https://x/y.mp3</Play></Gather>
      <Hangup/>
    </Response>`)
  t.equal(root.name, 'Response')
  const [say, gather, hangup] = childElements(root)
  t.same(say?.attrs, { voice: 'Polly.Amy', language: 'en-GB' })
  t.equal(textOf(say!), "Tom & Jerry's \u263A <raw>")
  t.equal(gather?.attrs.action, '/g?a=1&b=2')
  t.equal(textOf(childElements(gather!)[0]!), 'https://x/y.mp3')
  t.same(hangup, { name: 'Hangup', attrs: {}, children: [] })
})

t.test('rejects what Twilio would reject as a document parse failure', async (t) => {
  for (const bad of ['', 'hello', '<Response><Say>a & b</Say></Response>', '<Response><Say></Response>', '<A/><B/>', '<Response', '<Response><Say>x</Say>']) {
    t.throws(() => parseXml(bad), XmlParseError, JSON.stringify(bad))
  }
})
