import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { isE164, isKeys } from '../simulator/callee-script.js'
import type { LineEvent } from '../simulator/phone-lines.js'

const USAGE = 'Usage: tocsin phone +15551234567 [--user admin:password] [--url http://localhost:8002/simulator]'

interface NumberView {
  number: string
  scripted: boolean
  behavior: string
  presses: string[]
  ring_seconds: number
  talk_seconds: number
  drop_callbacks: boolean
  interactive: boolean
  error_code: number | null
  answered_by: string | null
}

/** Basic credentials of a Tocsin admin (`--user`): the simulator mounted in `serve` lets only admins act as callees. */
let authorization: Record<string, string> = {}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; json: T }> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      signal,
      headers: { ...authorization, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
  } catch (err) {
    if (signal?.aborted) throw err
    throw new Error(`cannot reach the simulator at ${url}: ${(err as Error).cause ?? (err as Error).message}`)
  }
  const text = await response.text()
  return { status: response.status, json: (text === '' ? null : JSON.parse(text)) as T }
}

/** One line per event, as a person holding the phone would notice it; null for the unremarkable. */
export function describe(e: LineEvent): string | null {
  switch (e.kind) {
    case 'ringing':
      return `☎  incoming call from ${e.from ?? 'unknown'}`
    case 'answered':
      return '✆  answered'
    case 'say':
      return `🔊 ${e.text ?? ''}`
    case 'play':
      return e.digits !== undefined ? `🔊 (tones ${e.digits})` : `🎵 (audio ${e.url ?? ''})`
    case 'listening':
      return e.text === 'recording'
        ? `🎙  recording: type any key then Enter to end your message (silence for ${e.seconds} s leaves none)`
        : `⌨  press keys then Enter (or wait ${e.seconds} s)…`
    case 'press':
      return `   you pressed ${e.digits ?? ''}`
    case 'gather':
      return e.text === 'no input (timeout)' ? '   (no input)' : null
    case 'record':
      return e.seconds ? `🎙  message recorded (${e.seconds} s)` : '🎙  nothing recorded'
    case 'dial':
      return `↪  transferred to ${e.number ?? ''}: ${e.text ?? ''}`
    case 'sms':
      return `✉  text message to ${e.number ?? ''}: ${e.text ?? ''}`
    case 'hangup':
      return `✆  the other side hung up (${e.text ?? ''})`
    case 'error':
      return `⚠  ${e.text ?? ''}`
    case 'ended':
      return `call ended: ${e.status ?? ''}`
    default:
      return null
  }
}

/**
 * `tocsin phone`: makes a simulated number ring in this terminal. The number is scripted as a
 * person (`interactive`), its calls are followed through the simulator's event long-poll, and the
 * keys typed here are pushed to the call. Ctrl-C puts the number's previous script back.
 */
export async function phone(args: string[], defaultBase: string): Promise<void> {
  const urlAt = args.indexOf('--url')
  const userAt = args.indexOf('--user')
  const number = args.find((arg, i) => !arg.startsWith('--') && (urlAt < 0 || i !== urlAt + 1) && (userAt < 0 || i !== userAt + 1))
  if (number === undefined || !isE164(number)) throw new Error(`a phone number in E.164 form is required\n${USAGE}`)
  if (urlAt >= 0 && args[urlAt + 1] === undefined) throw new Error(`--url needs a value\n${USAGE}`)
  const user = userAt >= 0 ? args[userAt + 1] : undefined
  if (userAt >= 0 && (user === undefined || !user.includes(':'))) throw new Error(`--user needs name:password\n${USAGE}`)
  if (user !== undefined) authorization = { authorization: `Basic ${Buffer.from(user).toString('base64')}` }
  const base = (urlAt >= 0 ? args[urlAt + 1]! : defaultBase).replace(/\/+$/, '')
  const line = `${base}/numbers/${encodeURIComponent(number)}`

  const previous = await request<NumberView>('GET', line)
  if (previous.status === 401 || previous.status === 403) {
    throw new Error(`GET ${line} answered ${previous.status}: the simulator in \`tocsin serve\` needs an admin's --user name:password`)
  }
  if (previous.status !== 200) throw new Error(`GET ${line} answered ${previous.status}; is --url the simulator's base?`)
  // The view names the number and whether it was scripted; the script is the rest (PUT refuses unknown fields).
  const { scripted, number: _number, ...script } = previous.json
  const pickUp = async () => {
    const put = await request('PUT', line, { ...script, behavior: 'answer', interactive: true })
    if (put.status !== 200) throw new Error(`PUT ${line} answered ${put.status}: ${JSON.stringify(put.json)}`)
  }
  await pickUp()

  const stopped = new AbortController()
  const restore = async () => {
    // A script left interactive by a phone that crashed is not worth putting back.
    if (scripted) await request('PUT', line, { ...script, interactive: false })
    else await request('DELETE', line)
  }
  const input = createInterface({ input: process.stdin, terminal: process.stdin.isTTY })
  let _stopping: Promise<void> | null = null
  const stop = () => {
    _stopping ??= (async () => {
      stopped.abort()
      input.close()
      try {
        await restore()
        console.log(`\nPhone put down; ${number} is ${scripted ? 'back to its previous script' : 'the default callee again'}.`)
      } catch (err) {
        console.error(`\ncould not restore ${number}: ${(err as Error).message}`)
      }
      process.exit(0)
    })()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  input.on('SIGINT', stop)
  // Ctrl-D at a terminal puts the phone down; end of piped input just means no more keys.
  input.on('close', () => {
    if (process.stdin.isTTY) stop()
  })
  input.on('line', (typed) => {
    const digits = typed.replace(/\s+/g, '')
    if (digits === '') return
    if (!isKeys(digits)) {
      console.log('   keys are 0-9, * and # (Ctrl-C to put the phone down)')
      return
    }
    request<{ error?: { message: string } }>('POST', `${line}/press`, { digits }).then(
      ({ status, json }) => {
        if (status !== 202) console.log(`   not sent: ${json.error?.message ?? `HTTP ${status}`}`)
      },
      (err: Error) => console.log(`   not sent: ${err.message}`),
    )
  })

  let cursor = (await request<{ next: number }>('GET', `${line}/events?wait=0`)).json.next
  console.log(`📱 ${number} rings here (simulator ${base}). Waiting for calls; Ctrl-C to put the phone down.`)
  let unreachable = false
  while (!stopped.signal.aborted) {
    try {
      const { status, json } = await request<{ events: LineEvent[]; next: number }>(
        'GET', `${line}/events?after=${cursor}`, undefined, stopped.signal,
      )
      if (status !== 200) throw new Error(`events answered HTTP ${status}`)
      // A restarted simulator has forgotten that this number is answered here.
      if (unreachable) await pickUp()
      unreachable = false
      for (const event of json.events) {
        const text = describe(event)
        if (text !== null) console.log(text)
      }
      cursor = json.next
    } catch (err) {
      if (stopped.signal.aborted) break
      if (!unreachable) console.error(`⚠  ${(err as Error).message}; retrying`)
      unreachable = true
      await sleep(1000)
    }
  }
}
