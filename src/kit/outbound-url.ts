// The one policy for every URL Tocsin itself requests on someone's say-so: gateway base URLs (where the provider client
// POSTs with the account's credentials), result webhooks (url_confirm / url_cancel) and the mounted simulator's
// callbacks. A target must be http(s), and its address — a literal, or every address its host resolves to — must be
// public, unless OUTBOUND_URL_ALLOW names it. The check runs again on the address each connection is actually opened
// to (the agents' own DNS lookup), so a name that resolves to a public address when checked and to 127.0.0.1 a moment
// later (DNS rebinding) is still refused. Callers must not show a remote answer's body to whoever typed the URL.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { ADDRESS_KIND, cidrContains, classifyAddress, parseCidr, type Cidr } from './ip-ranges.js'

export class OutboundRefused extends Error {
  override name = 'OutboundRefused'
  readonly code = 'EOUTBOUNDREFUSED'
}

/** `OUTBOUND_URL_ALLOW` entries: an address, a CIDR range (`10.1.0.0/16`, `fd00::/8`) or a host name. */
export function parseAllowList(text: string): { ok: true; entries: string[] } | { ok: false; entry: string } {
  const entries = text.split(/[\s,]+/).filter((e) => e !== '')
  const bad = entries.find((e) => parseCidr(e) === null && !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(e))
  return bad === undefined ? { ok: true, entries } : { ok: false, entry: bad }
}

export interface PostResult { status: number; body: string }

export interface OutboundPolicy {
  /**
   * Resolves when `url` may be requested now ('unresolved': its host has no address yet — every connection is checked
   * again anyway); else rejects with OutboundRefused saying why. For validating input.
   */
  check(url: string): Promise<'allowed' | 'unresolved'>
  /** Connection pools whose every connection is checked against the policy (literal hosts and resolved addresses). */
  agents: { http: http.Agent; https: https.Agent }
  /** Tocsin's own URL (PUBLIC_URL's origin, under `path` below its base path, or exactly it), needing no address check. */
  isOwn(url: string, path?: string, exact?: boolean): boolean
  /** One JSON POST through the policy's agents, with a timeout; no redirects are followed. */
  postJson(url: string, body: string, headers: Record<string, string>, options?: { timeoutMs?: number }): Promise<PostResult>
  close(): void
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
type CreateConnection = (options: Record<string, unknown>, callback: (err: Error | null, socket?: unknown) => void) => unknown

export function createOutboundPolicy({ allow, publicUrl }: { allow: readonly string[]; publicUrl: string }): OutboundPolicy {
  const cidrs: Cidr[] = allow.map(parseCidr).filter((c): c is Cidr => c !== null)
  const hosts = new Set(allow.filter((e) => parseCidr(e) === null).map((e) => e.toLowerCase()))
  const own = new URL(publicUrl)
  const ownBase = own.pathname.replace(/\/+$/, '')

  /** null when the address may be connected to, else why not. */
  function refusal(address: string): string | null {
    const kind = classifyAddress(address)
    if (kind === ADDRESS_KIND.public || cidrs.some((c) => cidrContains(c, address))) return null
    return `${address} is ${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind} address; name it in OUTBOUND_URL_ALLOW to allow it`
  }

  const refused = (message: string) => new OutboundRefused(message)

  function lookupChecked(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    if (hosts.has(hostname.toLowerCase())) return void dnsLookup(hostname, options, callback as never)
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '')
      const list = addresses as LookupAddress[]
      const why = list.length === 0 ? `${hostname} has no address` : list.map((a) => refusal(a.address)).find((r) => r !== null)
      if (why) return callback(refused(`${hostname}: ${why}`), '')
      if (options.all) return callback(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }

  /** The agent's connections: a literal host is checked here (no DNS lookup happens for it), a name in the lookup. */
  function guarded<A extends http.Agent>(agent: A): A {
    const target = agent as unknown as { createConnection: CreateConnection }
    const create = target.createConnection.bind(agent)
    target.createConnection = (options, callback) => {
      const host = String(options.host ?? 'localhost').replace(/^\[|\]$/g, '')
      const why = isIP(host) !== 0 && !hosts.has(host.toLowerCase()) ? refusal(host) : null
      if (why) {
        process.nextTick(() => callback(refused(why)))
        return undefined
      }
      return create({ ...options, lookup: lookupChecked }, callback)
    }
    return agent
  }

  const agents = {
    http: guarded(new http.Agent({ keepAlive: true, maxSockets: 50 })),
    https: guarded(new https.Agent({ keepAlive: true, maxSockets: 50 })),
  }

  function parse(url: string): URL {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      throw refused('not a valid URL')
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw refused(`${target.protocol} is not http(s)`)
    if (target.username || target.password) throw refused('credentials in the URL are not allowed')
    return target
  }

  async function check(url: string): Promise<'allowed' | 'unresolved'> {
    const host = parse(url).hostname.replace(/^\[|\]$/g, '')
    if (hosts.has(host.toLowerCase())) return 'allowed'
    if (isIP(host) !== 0) {
      const why = refusal(host)
      if (why) throw refused(why)
      return 'allowed'
    }
    return new Promise((resolve, reject) => lookupChecked(host, { all: true }, (err) => {
      if (!err) return resolve('allowed')
      if (err instanceof OutboundRefused) return reject(err)
      resolve('unresolved')
    }))
  }

  function postJson(url: string, body: string, headers: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<PostResult> {
    const timeoutMs = options.timeoutMs ?? 10_000
    let target: URL
    try {
      target = parse(url)
    } catch (err) {
      return Promise.reject(err)
    }
    const secure = target.protocol === 'https:'
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(target, {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Tocsin-Webhook/1', ...headers },
        timeout: timeoutMs,
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
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      req.on('error', reject)
      req.end(body)
    })
  }

  return {
    check,
    agents,
    isOwn(url, path = '/', exact = false) {
      try {
        const u = new URL(url)
        if (u.origin !== own.origin || u.username !== '' || u.password !== '') return false
        return exact ? u.pathname.replace(/\/+$/, '') === ownBase + path && u.search === '' : u.pathname.startsWith(ownBase + path)
      } catch {
        return false
      }
    },
    postJson,
    close() {
      agents.http.destroy()
      agents.https.destroy()
    },
  }
}
