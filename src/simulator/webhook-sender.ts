import http from 'node:http'
import https from 'node:https'
import twilio from 'twilio'
import type { Logger } from 'pino'
import type { WebhookAttempt, WebhookKind } from './types.js'

export interface WebhookRequest {
  kind: WebhookKind
  url: string
  method?: 'GET' | 'POST'
  params: Record<string, string>
  /** The auth token the call or message was created with; it signs the request as Twilio would. */
  authToken: string
}

export interface WebhookResult {
  attempt: WebhookAttempt
  ok: boolean
  body: string
}

export type SendWebhook = (request: WebhookRequest) => Promise<WebhookResult>

export interface WebhookSender {
  /** Never rejects: a refused, failed or timed-out request is reported in the attempt. */
  send: SendWebhook
  /** From now on, requests only URLs `allowUrl` accepts; others are recorded as not sent. */
  restrict(allowUrl: (url: string) => boolean): void
  /** Refuses new requests and waits for those in flight. */
  close(): Promise<void>
}

/**
 * Requests are never aborted from outside, only by Twilio's timeout: cutting a request off half-written
 * leaves the receiving server holding a connection open for a minute. A hang-up or redirect simply
 * stops waiting for the answer (see call-session.ts).
 */
export function createWebhookSender({ logger, timeoutMs }: { logger: Logger; timeoutMs: number }): WebhookSender {
  const inFlight = new Set<Promise<WebhookResult>>()
  let closed = false
  let allowUrl: (url: string) => boolean = () => true
  // Kept-alive connections, as Twilio's own proxies keep them: a new TCP connection per callback would cost the
  // receiving server more than the callback itself.
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) }

  function post(target: string, method: 'GET' | 'POST', form: string | undefined, headers: Record<string, string>, retry = true) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(target)
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method,
        agent: agents[url.protocol as 'http:' | 'https:'],
        timeout: timeoutMs,
        headers: form === undefined ? headers : {
          ...headers, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(form),
        },
      }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', reject)
      })
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      request.on('error', (err: NodeJS.ErrnoException) => {
        // The server closed an idle kept-alive connection just as it was reused: that request never arrived.
        if (retry && request.reusedSocket && err.code === 'ECONNRESET') resolve(post(target, method, form, headers, false))
        else reject(err)
      })
      request.end(form)
    })
  }

  async function deliver({ kind, url, method = 'POST', params, authToken }: WebhookRequest): Promise<WebhookResult> {
    // Twilio signs GET requests over the full URL (query included) with no body parameters.
    const target = method === 'GET' ? withQuery(url, params) : url
    const signature = twilio.getExpectedTwilioSignature(authToken, target, method === 'GET' ? {} : params)
    const started = Date.now()
    const attempt: WebhookAttempt = { at: new Date(started).toISOString(), kind, method, url: target, status: null, ms: 0 }
    let body = ''
    try {
      const response = await post(target, method, method === 'POST' ? new URLSearchParams(params).toString() : undefined, {
        'User-Agent': 'TwilioProxy/1.1',
        'X-Twilio-Signature': signature,
      })
      attempt.status = response.status
      body = response.body
    } catch (err) {
      attempt.error = describe(err)
    }
    attempt.ms = Date.now() - started
    const ok = attempt.status !== null && attempt.status >= 200 && attempt.status < 300
    logger.debug({ kind, method, url: target, status: attempt.status, ms: attempt.ms, error: attempt.error }, 'webhook sent')
    return { attempt, ok, body }
  }

  const notSent = (request: WebhookRequest, error: string): Promise<WebhookResult> => Promise.resolve({
    attempt: { at: new Date().toISOString(), kind: request.kind, method: request.method ?? 'POST', url: request.url, status: null, error, ms: 0 },
    ok: false,
    body: '',
  })

  return {
    send(request) {
      if (closed) return notSent(request, 'not sent: the simulator is shutting down')
      if (!allowUrl(request.url)) return notSent(request, 'not sent: not a URL of the application this simulator serves')
      const pending = deliver(request).finally(() => inFlight.delete(pending))
      inFlight.add(pending)
      return pending
    },
    restrict(allow) {
      allowUrl = allow
    },
    async close() {
      closed = true
      await Promise.allSettled(inFlight)
      for (const agent of Object.values(agents)) agent.destroy()
    },
  }
}

/** The record kept for a callback a callee script told us to swallow (`drop_callbacks`). */
export function droppedAttempt(
  kind: WebhookKind, url: string, method: 'GET' | 'POST', error = 'not sent: drop_callbacks is set for this number',
): WebhookAttempt {
  return { at: new Date().toISOString(), kind, method, url, status: null, error, ms: 0 }
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url)
  for (const [key, value] of Object.entries(params)) u.searchParams.append(key, value)
  return u.toString()
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
