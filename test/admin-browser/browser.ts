/// <reference lib="dom" />
// Debian's chromium, driven by playwright-core (never a downloaded browser), for the admin UI's browser tests.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const OUTPUT_DIR = join(import.meta.dirname, '..', 'output', 'admin-browser')
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
]
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface TestLike {
  teardown(fn: () => unknown): void
  fail(message: string): void
  plan(count: number, comment?: string): void
}

/**
 * Whether chromium is there. When it is not, the test fails in CI (CI=true, where .ci/run installs it) and is
 * skipped with a message elsewhere.
 */
export function chromiumAvailable(t: TestLike): boolean {
  if (existsSync(CHROMIUM)) return true
  const message = `chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); the admin UI browser tests need it`
  // plan(0, why) ends the test as skipped, with the reason shown.
  if (process.env.CI === 'true') t.fail(message)
  else t.plan(0, message)
  return false
}

/**
 * A browser with a fresh profile (its own --user-data-dir, removed afterwards). Open it after starting the server:
 * teardowns run last-first, so the browser closes before the server, which would otherwise wait for the browser's
 * open connections.
 */
export async function openBrowser(t: TestLike): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'tocsin-chromium-'))
  // bypassCSP: axe is injected as a script, which the pages' CSP (no script at all) would otherwise refuse.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, bypassCSP: true, viewport: { width: 1280, height: 900 },
  })
  t.teardown(async () => {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  })
  mkdirSync(OUTPUT_DIR, { recursive: true })
  return context
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, baseUrl: string, username: string, password = username): Promise<void> {
  await page.context().clearCookies()
  await page.goto(`${baseUrl}/admin/login`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.getByRole('button', { name: 'Log in' }).click()])
}

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe-core's serious and critical violations on the current page. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined')
  if (!loaded) await page.addScriptTag({ content: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe
    return (await axe.run(document)).violations
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) }))
}

/** Whether the page itself scrolls sideways (tables scroll inside their own boxes and do not count). */
export function pageScrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
}

export function screenshotPath(name: string, width: number): string {
  return join(OUTPUT_DIR, `${name}-${width}.png`)
}
