// A loopback HTTP server standing in for a clinic's url_confirm/url_cancel endpoints: it answers 204 and records the
// path of every request, so a test can count how often each webhook fired.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export async function receiver(t: { teardown(fn: () => unknown): void }) {
  const hits: string[] = []
  const hook = createServer((req, res) => {
    hits.push(req.url!)
    req.resume()
    req.on('end', () => { res.statusCode = 204; res.end() })
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  t.teardown(() => new Promise<void>((r) => hook.close(() => r())))
  return { hits, base: `http://127.0.0.1:${(hook.address() as AddressInfo).port}` }
}
