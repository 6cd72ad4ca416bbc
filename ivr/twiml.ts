import type { Command, DialCommand, PromptCommand } from './types.js'
import { element, escapeXml, XML_DECLARATION } from './xml.js'

/**
 * Commands -> one TwiML document. Only Twilio verbs and attributes are used.
 * - gather posts to `urls.gather` even on silence (actionOnEmptyResult), so the server sees an
 *   empty Digits and maps it to the timeout input.
 * - record is followed by a <Redirect> to `urls.record`: Twilio skips the action of an empty
 *   recording and falls through, so the server gets a post without RecordingUrl (= timeout).
 * - dial gets `urls.dial_action` only when nothing reachable follows it (Twilio ignores the verbs
 *   after a <Dial action>); with `urls.dial_confirm` and a confirm, the callee hears it first.
 * - sms is not rendered: the server sends it through the Messages API.
 */
export type TwimlUrls = { gather: string; record: string; dial_action?: string; dial_confirm?: string }

export function renderTwiml(commands: readonly Command[], urls: TwimlUrls): string {
  const verbs = commands.map((command, index) => verb(command, urls, commands.slice(index + 1)))
  return `${XML_DECLARATION}<Response>${verbs.join('')}</Response>`
}

function verb(command: Command, urls: TwimlUrls, rest: readonly Command[]): string {
  switch (command.type) {
    case 'say':
    case 'play':
    case 'pause':
      return promptVerb(command)
    case 'gather':
      return element(
        'Gather',
        {
          input: 'dtmf',
          action: urls.gather,
          method: 'POST',
          timeout: command.timeout,
          numDigits: command.num_digits,
          finishOnKey: command.finish_on_key,
          actionOnEmptyResult: 'true',
        },
        command.prompts.map(promptVerb).join(''),
      )
    case 'record':
      return (
        element('Record', {
          action: urls.record,
          method: 'POST',
          maxLength: command.max_length,
          finishOnKey: command.finish_on_key,
          timeout: command.timeout,
          playBeep: 'true',
        }) + element('Redirect', { method: 'POST' }, escapeXml(urls.record))
      )
    case 'dial':
      return dialVerb(command, urls, rest.every((later) => later.type === 'hangup' || later.type === 'sms'))
    case 'conference':
      return element('Dial', {}, element('Conference', {}, escapeXml(command.room)))
    case 'sms':
      return ''
    case 'hangup':
      return element('Hangup')
  }
}

function promptVerb(command: PromptCommand): string {
  switch (command.type) {
    case 'say':
      return element('Say', { voice: command.voice, language: command.language, loop: command.loop }, escapeXml(command.text))
    case 'play':
      return element('Play', {}, escapeXml(command.url))
    case 'pause':
      return element('Pause', { length: command.seconds })
  }
}

function dialVerb(command: DialCommand, urls: TwimlUrls, last: boolean): string {
  const action = last ? urls.dial_action : undefined
  const confirmUrl = command.confirm ? urls.dial_confirm : undefined
  const noun = command.number.startsWith('sip:') ? 'Sip' : 'Number'
  const target = element(
    noun,
    { url: confirmUrl, method: confirmUrl === undefined ? undefined : 'POST' },
    escapeXml(command.number),
  )
  return element(
    'Dial',
    {
      action,
      method: action === undefined ? undefined : 'POST',
      callerId: command.caller_id,
      timeout: command.timeout,
    },
    target,
  )
}
