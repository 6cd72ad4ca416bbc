// Every admin page in a real browser at a desktop and a phone width: no serious or critical axe violation, no sideways
// page scroll at 390 and 360 px, a screenshot of each under test/output/admin-browser/ for people to look at, and the
// header, keyboard focus and language checked where a person would notice them.
import t from 'tap'
import { startTestServer } from '../helpers/build.js'
import { query, requestsOf } from '../alarms/helpers.js'
import { runAppointmentScenario } from '../admin/appointment-scenario.js'
import { runScenario } from '../admin/scenario.js'
import { chromiumAvailable, openBrowser, pageScrollsSideways, screenshotPath, seriousViolations, signIn } from './browser.js'

const WIDTHS = [1280, 390] as const

t.setTimeout(600_000)

t.test('admin pages in chromium', async (t) => {
  if (!chromiumAvailable(t)) return
  const server = await startTestServer(t, {}, { timeScale: 0.01 })
  const context = await openBrowser(t)
  await server.deps.database.pool.query(`update organization set timezone = 'Europe/Berlin' where id = 1`)
  const s = await runScenario(server)
  const appts = await runAppointmentScenario(server)
  const [defaultPlan] = await query(server, 'select uuid from reminder_plan where organization_id = 1 and is_default')
  const confirmedAttempt = (await requestsOf(server, s.alarms.confirmed))[0]
  const noLineAttempt = (await requestsOf(server, s.alarms.noLine))[0]
  const [fallbackText] = await query(server, 'select id from sms_message where to_number = $1', [s.numbers.fallbackText])
  const base = server.url
  const page = await context.newPage()

  await page.goto(`${base}/admin/login`)
  const login = await seriousViolations(page)
  t.same(login, [], 'login page: no serious or critical axe violations')
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: screenshotPath('login', width), fullPage: true })
  }

  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, base, 'admin')
  const pages: { name: string; path: string; status?: number }[] = [
    { name: 'overview', path: '/admin' },
    { name: 'overview-30-days', path: '/admin?days=30' },
    { name: 'reminders', path: '/admin/alarm-requests' },
    { name: 'reminders-failed', path: '/admin/alarm-requests?outcome=failed&q=Kurt' },
    { name: 'reminder-confirmed', path: `/admin/alarm-requests/${confirmedAttempt.id}` },
    { name: 'reminder-no-voice-line', path: `/admin/alarm-requests/${noLineAttempt.id}` },
    { name: 'appointments', path: '/admin/appointments' },
    { name: 'appointments-confirmed', path: '/admin/appointments?outcome=confirmed' },
    { name: 'appointment-confirmed', path: `/admin/appointments/${appts.confirmed.uuid}` },
    { name: 'appointment-waiting', path: `/admin/appointments/${appts.waiting.uuid}` },
    { name: 'reminder-plans', path: '/admin/reminder-plans' },
    { name: 'reminder-plan', path: `/admin/reminder-plans/${defaultPlan.uuid}` },
    { name: 'reminder-plan-new', path: '/admin/reminder-plans/new' },
    { name: 'event', path: `/admin/events/${s.events.fallback}` },
    { name: 'calls', path: '/admin/calls' },
    { name: 'call', path: `/admin/calls/${confirmedAttempt.call_id}` },
    { name: 'texts', path: '/admin/messages' },
    { name: 'text-fallback', path: `/admin/messages/${fallbackText.id}` },
    { name: 'outbox', path: '/admin/outbox' },
    { name: 'do-not-contact', path: '/admin/do-not-contact' },
    { name: 'changes', path: '/admin/audit' },
    { name: 'not-found', path: '/admin/alarm-requests/999999', status: 404 },
  ]
  for (const p of pages) {
    t.test(p.name, async (t) => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 })
        const response = await page.goto(`${base}${p.path}`)
        t.equal(response?.status(), p.status ?? 200, `${p.path} at ${width}px`)
        t.equal(await page.getAttribute('html', 'lang'), 'en')
        t.same(await seriousViolations(page), [], `${p.path} at ${width}px: no serious or critical axe violations`)
        if (width < 1000) {
          t.notOk(await pageScrollsSideways(page), `${p.path}: no sideways page scroll at ${width}px`)
          await page.setViewportSize({ width: 360, height: 900 })
          t.notOk(await pageScrollsSideways(page), `${p.path}: no sideways page scroll at 360px`)
          await page.setViewportSize({ width, height: 900 })
        }
        await page.screenshot({ path: screenshotPath(p.name, width), fullPage: true })
      }
    })
  }

  t.test('marking an appointment confirmed by hand, as a receptionist would', async (t) => {
    await page.setViewportSize({ width: 390, height: 900 })
    await page.goto(`${base}/admin/appointments/${appts.waiting.uuid}`)
    await page.getByLabel('Note (who said so, how)').fill('Confirmed at the desk')
    await Promise.all([page.waitForURL(/notice=confirmed/), page.getByRole('button', { name: 'Mark confirmed' }).click()])
    t.match(await page.locator('[role=status]').textContent(), /Marked confirmed/)
    t.match(await page.locator('dl').textContent(), /Confirmation\s*Confirmed/)
    t.same(await seriousViolations(page), [])
    await page.screenshot({ path: screenshotPath('appointment-marked-confirmed', 390), fullPage: true })
    const [row] = await query(server, 'select confirmation_status from appointment where uuid = $1', [appts.waiting.uuid])
    t.equal(row.confirmation_status, 'confirmed')
  })

  t.test('the header at 360px: a long username never covers "Log out"', async (t) => {
    const username = 'reception_desk_with_a_rather_long_name'
    const created = await server.call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username, password: username, role: 'manager' } })
    t.equal(created.statusCode, 201)
    await page.setViewportSize({ width: 360, height: 800 })
    await signIn(page, base, username)
    const logout = page.getByRole('button', { name: 'Log out' })
    const box = (await logout.boundingBox())!
    t.ok(box.x >= 0 && box.x + box.width <= 360, 'Log out is inside the screen')
    const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.textContent ?? null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 })
    t.equal(onTop, 'Log out', 'nothing is drawn over the button')
    const user = (await page.locator('.who .user').boundingBox())!
    t.ok(user.x + user.width <= box.x, 'the username ends before the button starts')
    t.notOk(await pageScrollsSideways(page))
    await page.screenshot({ path: screenshotPath('header-long-username', 360) })
  })

  t.test('keyboard: skip link first, visible focus, every control reachable', async (t) => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`${base}/admin/alarm-requests`)
    await page.keyboard.press('Tab')
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      const style = getComputedStyle(el)
      return { text: el.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth), left: el.getBoundingClientRect().left }
    })
    t.match(first, { text: 'Skip to content', outline: 'solid' })
    t.ok(first.width >= 2 && first.left >= 0, 'shown, with a visible outline')
    await page.keyboard.press('Enter')
    t.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'the skip link moves focus to the content')
    const seen = new Set<string>()
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const style = getComputedStyle(el)
        return { what: `${el.tagName.toLowerCase()}:${el.getAttribute('name') ?? el.textContent?.trim().slice(0, 20)}`, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) }
      })
      if (focus.what.startsWith('body:')) break // past the last control: focus has left the page
      seen.add(focus.what)
      if (focus.outline === 'none' || focus.width < 2) t.fail(`no visible focus on ${focus.what}`)
    }
    for (const control of ['input:q', 'select:outcome', 'input:date_from', 'input:date_to', 'button:Show']) t.ok(seen.has(control), `${control} is reachable by keyboard`)
  })
})
