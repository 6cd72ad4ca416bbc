// Follows every link of every admin page, signed in as each role, from the overview: none may answer 404 or 500
// (nor anything but 200: a link the UI shows must lead somewhere the user may go), and every page is within two
// clicks of the overview.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { runAppointmentScenario } from '../admin/appointment-scenario.js'
import { runScenario } from '../admin/scenario.js'
import { chromiumAvailable, openBrowser, signIn } from './browser.js'

const MAX_PAGES = 600

t.setTimeout(600_000)

t.test('no dead links in the admin UI', async (t) => {
  if (!chromiumAvailable(t)) return
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const context = await openBrowser(t)
  const s = await runScenario(server)
  await runAppointmentScenario(server)
  const base = server.url
  const page = await context.newPage()
  const roles = [
    { username: 'admin', password: 'admin' },
    { username: s.cal.manager, password: s.cal.manager },
    { username: `cu_${s.cal.manager}`, password: `cu_${s.cal.manager}` },
  ]

  for (const role of roles) {
    t.test(`as ${role.username}`, async (t) => {
      await signIn(page, base, role.username, role.password)
      const depth = new Map<string, number>([['/admin', 0]])
      const queue = ['/admin']
      const failures: string[] = []
      let visited = 0
      while (queue.length > 0 && visited < MAX_PAGES) {
        const path = queue.shift()!
        visited++
        const response = await page.request.get(`${base}${path}`, { maxRedirects: 0 })
        if (response.status() !== 200) {
          failures.push(`${path} → ${response.status()}`)
          continue
        }
        if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) continue
        const body = await response.text()
        for (const match of body.matchAll(/<a [^>]*href="([^"]+)"/g)) {
          const href = match[1]!.replaceAll('&amp;', '&')
          if (href.startsWith('#')) continue
          const url = new URL(href, `${base}${path}`)
          if (url.origin !== base) continue
          if (!url.pathname.startsWith('/admin')) {
            failures.push(`${path} links outside the admin UI: ${href}`)
            continue
          }
          const target = `${url.pathname}${url.search}`
          if (!depth.has(target)) {
            depth.set(target, depth.get(path)! + 1)
            queue.push(target)
          }
        }
      }
      t.same(failures, [], `every link answers 200 (${visited} links followed)`)
      t.ok(visited < MAX_PAGES, 'the crawl finished')
      const sections = ['/admin/appointments', '/admin/alarm-requests', '/admin/reminder-plans', '/admin/calls', '/admin/messages', ...(role.username === 'admin' ? ['/admin/outbox', '/admin/do-not-contact', '/admin/audit'] : [])]
      for (const section of sections) t.equal(depth.get(section), 1, `${section} is one click from the overview`)
      const details = [...depth.entries()].filter(([p]) => /^\/admin\/((alarm-requests|calls|messages|events)\/\d+|(appointments|reminder-plans)\/[0-9a-f-]{36})$/.test(p))
      t.ok(details.length > 0, 'detail pages were reached')
      t.ok(details.every(([, d]) => d <= 2), 'every detail page is within two clicks of the overview')
      t.ok(details.some(([p]) => p.startsWith('/admin/appointments/')), 'an appointment timeline was reached')
    })
  }
})
