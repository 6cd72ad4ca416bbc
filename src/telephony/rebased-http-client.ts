import type http from 'node:http'
import type https from 'node:https'
import twilio from 'twilio'

/**
 * twilio-node has no base-URL option; its supported hook is a custom httpClient. This one keeps
 * the SDK's own client (serialisation, auth, timeouts) and only moves each request from
 * https://*.twilio.com onto `baseUrl`, keeping path and query, e.g.
 * https://api.twilio.com/2010-04-01/Accounts/AC../Calls.json -> http://127.0.0.1:8002/simulator/2010-04-01/Accounts/AC../Calls.json
 * With `agents` (the outbound URL policy's, kit/outbound-url.ts) every connection goes through them, and redirects
 * are never followed, so the answer always comes from the address the policy checked.
 */
export function createRebasedHttpClient(baseUrl: string, agents?: { http: http.Agent; https: https.Agent }): twilio.RequestClient {
  const base = baseUrl.replace(/\/+$/, '')
  const client = new twilio.RequestClient()
  if (agents) {
    client.axios.defaults.httpAgent = agents.http
    client.axios.defaults.httpsAgent = agents.https
  }
  const forward = client.request.bind(client)
  client.request = (opts) => forward({ ...opts, uri: rebaseTwilioUrl(opts.uri, base), allowRedirects: false })
  return client
}

export function rebaseTwilioUrl(uri: string, base: string): string {
  const url = new URL(uri)
  if (url.hostname !== 'twilio.com' && !url.hostname.endsWith('.twilio.com')) return uri
  return base + url.pathname + url.search
}
