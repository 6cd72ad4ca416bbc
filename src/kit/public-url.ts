import { isIP } from 'node:net'
import { ADDRESS_KIND, classifyAddress } from './ip-ranges.js'

/**
 * Why a carrier on the internet could not reach `url` (PUBLIC_URL, which every webhook URL starts with), or null:
 * Twilio calls webhooks over the public internet, and — with credentials and callers' answers in them — they must
 * travel over https. Judged from the URL alone (no DNS lookup), so it can be said at start-up.
 */
export function publicUrlProblem(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'it is not a URL'
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (isIP(host) !== 0 && classifyAddress(host) !== ADDRESS_KIND.public) return `${host} is a private or loopback address (${classifyAddress(host)})`
  if (host === 'localhost' || /\.(localhost|local|internal|lan|home|test|example|invalid)$/.test(host)) return `${host} is not a public name`
  if (isIP(host) === 0 && !host.includes('.')) return `${host} is not a public name (no domain)`
  if (parsed.protocol !== 'https:') return 'it is not https'
  return null
}
