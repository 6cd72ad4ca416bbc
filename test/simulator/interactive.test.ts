import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startTestServer, type TestServer } from '../helpers/build.js'
import { eventually } from '../helpers/worker.js'
import { callForm, sendJson, startSimulator, startTwimlApp } from './fixtures/harness.js'

// A person answering a simulated number (`tocsin phone`): the whole reminder flow over real HTTP,
// with the keys coming from the press endpoint or from the CLI's stdin instead of a script.

interface LineEvent { seq: number; call_sid: string; kind: string; text?: string; digits?: string; from?: string; status?: string; seconds?: number }
interface EventsPage { events: LineEvent[]; next: number }
interface CallBody { id: number; status: string; callstatus: number; result: number; answers: { node: string; response: string }[] }

const data = { first_name: 'Ada', clinic: 'Mitte Clinic', doctor: 'Dr. Who', appointment_date: 'Monday', appointment_time: '10:30' }

// The simulator mounted in Tocsin lets admins act as callees (src/simulator-access.ts).
const ADMIN = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }

async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = ADMIN): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, json: text === '' ? null : JSON.parse(text) }
}

async function requestCall(server: TestServer, to: string): Promise<number> {
  const res = await server.call({
    method: 'POST', url: '/rest-api/callrequest/', as: 'manager',
    payload: { phone_number: to, survey: 1, gateway: 1, callerid: '+15550000001', data },
  })
  if (res.statusCode !== 201) throw new Error(`callrequest: ${res.statusCode} ${res.body}`)
  return (res.json() as CallBody).id
}

async function finished(server: TestServer, id: number): Promise<CallBody> {
  return eventually(async () => {
    const current = (await server.call({ method: 'GET', url: `/rest-api/callrequest/${id}/`, as: 'manager' })).json() as CallBody
    return current.callstatus >= 4 ? current : null
  }, 20_000)
}

t.test('a person on an interactive number', async (t) => {
  const server = await startTestServer(t)
  const base = `${server.url}/simulator`

  t.test('the press endpoint refuses what no one could type', async (t) => {
    const plain = await http('POST', `${base}/numbers/+15557000009/press`, { digits: '1' })
    t.match(plain, { status: 409, json: { error: { code: 'not_interactive' } } }, 'not answered by a person')
    t.equal((await http('PUT', `${base}/numbers/+15557000009`, { interactive: true })).status, 200)
    t.match(await http('POST', `${base}/numbers/+15557000009/press`, { digits: '1' }), { status: 409, json: { error: { code: 'no_call' } } })
    t.match(await http('POST', `${base}/numbers/+15557000009/press`, { digits: '1a' }), {
      status: 400, json: { error: { fields: { digits: String } } },
    })
    t.match(await http('PUT', `${base}/numbers/+15557000009`, { interactive: 'yes' }), {
      status: 400, json: { error: { fields: { interactive: String } } },
    })
    t.match(await http('GET', `${base}/numbers/+15557000009/events?wait=99`), { status: 400, json: { error: { fields: { wait: String } } } })
    const started = Date.now()
    const idle = await http('GET', `${base}/numbers/+15557000009/events?after=0&wait=0.3`)
    t.same(idle.json, { events: [], next: 0 }, 'a quiet line answers empty when the wait is over')
    t.ok(Date.now() - started >= 250, 'and holds the request until then')
    t.equal((await http('DELETE', `${base}/numbers/+15557000009`)).status, 204)
    t.match((await http('GET', `${base}/numbers/+15557000009`)).json, { scripted: false, interactive: false })
  })

  t.test('events show the prompt live and a pushed 2 cancels', async (t) => {
    const number = '+15557000001'
    t.match(await http('PUT', `${base}/numbers/${number}`, { interactive: true }), { status: 200, json: { interactive: true } })
    let cursor = ((await http('GET', `${base}/numbers/${number}/events?wait=0`)).json as EventsPage).next
    const id = await requestCall(server, number)

    const seen: LineEvent[] = []
    const pollUntil = async (kind: string) => {
      while (!seen.some((e) => e.kind === kind)) {
        const page = (await http('GET', `${base}/numbers/${number}/events?after=${cursor}`)).json as EventsPage
        t.ok(page.events.length > 0, 'a long poll only answers early with news')
        seen.push(...page.events)
        cursor = page.next
      }
    }
    await pollUntil('listening')
    t.match(seen[0], { kind: 'ringing', from: '+15550000001' })
    t.ok(seen.some((e) => e.kind === 'answered'))
    const said = seen.filter((e) => e.kind === 'say').map((e) => e.text).join(' ')
    t.match(said, 'Hello Ada. This is Mitte Clinic')
    t.match(said, 'To cancel, press 2')
    t.equal(new Set(seen.map((e) => e.call_sid)).size, 1, 'every event names the call')

    t.match(await http('POST', `${base}/numbers/${number}/press`, { digits: '2' }), { status: 202 })
    await pollUntil('ended')
    t.ok(seen.some((e) => e.kind === 'press' && e.digits === '2'))
    t.match(seen.at(-1), { kind: 'ended', status: 'completed' })
    t.match(await finished(server, id), { status: 'completed', result: 2, answers: [{ node: 'ask', response: '2' }] })
    const call = server.simulator.state.calls({ to: number })[0]!
    t.ok(call.transcript.some((e) => e.kind === 'press' && e.digits === '2'), 'the press is in the transcript too')
  })

  t.test('tocsin phone answers from the keyboard and puts the script back', async (t) => {
    const number = '+15557000002'
    // A script of its own, which Ctrl-C must restore.
    await http('PUT', `${base}/numbers/${number}`, { behavior: 'answer', presses: ['3'], ring_seconds: 1 })
    const dataDir = mkdtempSync(join(tmpdir(), 'tocsin-phone-'))
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'phone', number, '--user', 'admin:admin', '--url', base], {
      env: {
        ...process.env,
        SECRET_KEY: 'phone-test-secret-key-0123',
        DATA_DIR: dataDir,
        PUBLIC_URL: 'http://127.0.0.1:9',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    t.teardown(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    const printed = (text: string) => eventually(async () => stdout.includes(text) || null, 20_000).catch(() => {
      throw new Error(`the phone never printed "${text}"; stdout: ${stdout}; stderr: ${stderr}`)
    })

    await printed('rings here')
    t.match((await http('GET', `${base}/numbers/${number}`)).json, { scripted: true, interactive: true, presses: ['3'] })
    const id = await requestCall(server, number)
    await printed('⌨')
    child.stdin.write('1\n')
    await printed('call ended: completed')
    t.match(await finished(server, id), { status: 'completed', result: 1, answers: [{ node: 'ask', response: '1' }] })
    t.match(stdout, '☎  incoming call from +15550000001')
    t.match(stdout, '🔊 Hello Ada. This is Mitte Clinic')
    t.match(stdout, 'you pressed 1')
    t.match(stdout, 'Your appointment is confirmed')

    child.kill('SIGINT')
    t.equal(await exited, 0, `exits cleanly on Ctrl-C (stderr: ${stderr})`)
    t.match(stdout, 'Phone put down')
    t.match((await http('GET', `${base}/numbers/${number}`)).json, { scripted: true, interactive: false, presses: ['3'], ring_seconds: 1 })
  })
})

t.test('Gather and Record wait in real time for the person', async (t) => {
  const app = await startTwimlApp(t)
  const { api, base, waitForCallEnd } = await startSimulator(t)
  const number = '+15557000003'
  await sendJson('PUT', `${base}/numbers/${number}`, { interactive: true, presses: ['9'] })
  // The Record's silence timeout is long, so that the key pressed below always lands inside the recording.
  app.route('/voice', `<Response><Gather action="/gathered" timeout="1"><Say>Press a key</Say></Gather>
    <Say>Leave a message</Say><Record action="/recorded" timeout="60"/></Response>`)
  app.route('/recorded', '<Response><Hangup/></Response>')
  const started = Date.now()
  const created = await api.createCall(callForm(app, number))
  const listening = async (text: string) =>
    eventually(async () => {
      const page = (await http('GET', `${base}/numbers/${number}/events?wait=0`)).json as EventsPage
      return page.events.find((e) => e.kind === 'listening' && e.text === text) ?? null
    }, 20_000)

  t.match(await listening('keys'), { seconds: 1 })
  // Nothing typed: the Gather's one second passes in real time despite the 0.01 time scale.
  t.match(await listening('recording'), { seconds: 60 })
  t.ok(Date.now() - started >= 1000, 'the Gather timeout was not scaled')
  // The person "talks" for at least 1.1 s (the recording started before its event could be seen), then presses #.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  t.match(await http('POST', `${base}/numbers/${number}/press`, { digits: '#' }), { status: 202 })
  const talked = (Date.now() - started) / 1000
  const call = await waitForCallEnd(created.json.sid)
  t.same(app.received('/gathered'), [], 'the scripted 9 is ignored for a person')
  const recorded = app.received('/recorded')[0]?.params
  t.match(recorded, { RecordingSid: /^RE/ })
  const seconds = Number(recorded?.RecordingDuration)
  t.ok(seconds >= 2 && seconds <= Math.ceil(talked),
    `the recording lasts as long as the person took, in whole seconds: ${seconds} s, between 2 and ${Math.ceil(talked)}`)
  t.match(call.transcript.map((e) => e.text ?? e.digits ?? e.url), [
    'listening for keys (timeout 1s)', 'Press a key', 'no input (timeout)', 'Leave a message', '#', /Recordings\/RE/, '<Hangup>',
  ])
})
