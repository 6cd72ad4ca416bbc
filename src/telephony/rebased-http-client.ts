import twilio from 'twilio'

/**
 * twilio-node has no base-URL option; its supported hook is a custom httpClient. This one keeps
 * the SDK's own client (serialisation, auth, timeouts) and only moves each request from
 * https://*.twilio.com onto `baseUrl`, keeping path and query, e.g.
 * https://api.twilio.com/2010-04-01/Accounts/AC../Calls.json -> http://127.0.0.1:8002/simulator/2010-04-01/Accounts/AC../Calls.json
 */
export function createRebasedHttpClient(baseUrl: string): twilio.RequestClient {
  const base = baseUrl.replace(/\/+$/, '')
  const client = new twilio.RequestClient()
  const forward = client.request.bind(client)
  client.request = (opts) => forward({ ...opts, uri: rebaseTwilioUrl(opts.uri, base) })
  return client
}

export function rebaseTwilioUrl(uri: string, base: string): string {
  const url = new URL(uri)
  if (url.hostname !== 'twilio.com' && !url.hostname.endsWith('.twilio.com')) return uri
  return base + url.pathname + url.search
}
