// POSTs to URLs that API users typed in (url_confirm, url_cancel). Without ALLOW_PRIVATE_WEBHOOKS, a target that is,
// or resolves to, a loopback, private, link-local or otherwise internal address is refused — checked on the address
// actually connected to (a custom DNS lookup), so a name that resolves differently the second time cannot slip past.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { isInternalAddress } from '../../kit/internal-address.js'

export { isInternalAddress }

export class RefusedTarget extends Error {
  override name = 'RefusedTarget'
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** dns.lookup, refusing internal addresses; works for both the single-address and `all` forms net.connect uses. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '')
    const list = addresses as LookupAddress[]
    const bad = list.find((a) => isInternalAddress(a.address))
    if (bad || list.length === 0) {
      return callback(Object.assign(new RefusedTarget(`${hostname} resolves to an internal address (${bad?.address ?? 'none'})`), { code: 'EREFUSEDTARGET' }), '')
    }
    if (options.all) return callback(null, list)
    callback(null, list[0]!.address, list[0]!.family)
  })
}

export interface PostResult { status: number; body: string }

/** One JSON POST with a timeout; throws RefusedTarget for an internal target (unless allowed), or the network error. */
export function postJson(url: string, body: string, headers: Record<string, string>, options: { allowPrivate: boolean; timeoutMs?: number }): Promise<PostResult> {
  const target = new URL(url)
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new RefusedTarget(`${target.protocol} is not http(s)`))
  const host = target.hostname.replace(/^\[|\]$/g, '')
  if (!options.allowPrivate && isIP(host) !== 0 && isInternalAddress(host)) {
    return Promise.reject(new RefusedTarget(`${host} is an internal address`))
  }
  const client = target.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Tocsin-Webhook/1', ...headers },
      timeout: options.timeoutMs ?? 10_000,
      ...(!options.allowPrivate && { lookup: guardedLookup as never }),
    }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= 64 * 1024) chunks.push(chunk)
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)))
    req.on('error', (err) => reject((err as NodeJS.ErrnoException).code === 'EREFUSEDTARGET' ? new RefusedTarget(err.message) : err))
    req.end(body)
  })
}
