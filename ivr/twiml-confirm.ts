import type { DialConfirm } from './types.js'
import { element, escapeXml, XML_DECLARATION } from './xml.js'

/**
 * Call screening for call_transfer's confirm_script/confirm_key. Twilio fetches the <Number url>
 * (TwimlUrls.dial_confirm) and plays its TwiML to the person being called before bridging. The
 * server keeps the dial command's `confirm` for that request (the engine state does not).
 */
export function renderConfirmTwiml(confirm: DialConfirm, action: string): string {
  const say = element('Say', { voice: confirm.voice, language: confirm.language }, escapeXml(confirm.text))
  if (confirm.key === undefined) return `${XML_DECLARATION}<Response>${say}</Response>`
  const gather = element(
    'Gather',
    { input: 'dtmf', action, method: 'POST', timeout: 10, numDigits: 1, actionOnEmptyResult: 'true' },
    say,
  )
  return `${XML_DECLARATION}<Response>${gather}</Response>`
}

/** The answer to the confirm gather: an empty document bridges the call, a hangup refuses it. */
export function renderConfirmResultTwiml(confirm: DialConfirm, digits: string): string {
  const accepted = confirm.key === undefined || digits === confirm.key
  return `${XML_DECLARATION}<Response>${accepted ? '' : element('Hangup')}</Response>`
}
