import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import t from 'tap'
import { ATTEMPT_REASON } from '../../src/db/schema/alarm-request.js'
import { EVENT_STATUS } from '../../src/db/schema/event.js'

/**
 * The repo explains itself: docs/ARCHITECTURE.md documents every status code the code stores, and no comment cites a
 * document outside the repo (the original design notes, reference specs or seeds).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const DOC = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8')
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const isCodeTable = (v: unknown): v is Record<string, number> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map)
  && Object.values(v).length > 0 && Object.values(v).every((n) => typeof n === 'number')

t.test('every code table in src/codes has a row per code in docs/ARCHITECTURE.md', async (t) => {
  const dir = join(ROOT, 'src/codes')
  let tables = 0
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>
    const labelMaps = Object.entries(mod).filter(([k, v]) => k.endsWith('_LABELS') && v instanceof Map)
    for (const [exportName, table] of Object.entries(mod)) {
      if (!isCodeTable(table)) continue
      tables++
      const labels = labelMaps.find(([, m]) => [...Object.values(table)].every((c) => (m as Map<number, string>).has(c)))?.[1] as
        | Map<number, string> | undefined
      for (const [name, code] of Object.entries(table)) {
        const label = labels?.get(code)
        const row = new RegExp(`^\\|\\s*${code}\\s*\\|\\s*\`${escapeRegExp(name)}\`\\s*\\|${label ? `\\s*${escapeRegExp(label)}\\s*\\|` : ''}`, 'm')
        t.match(DOC, row, `${file} ${exportName}.${name} = ${code}${label ? ` (${label})` : ''} is documented`)
      }
    }
  }
  t.ok(tables >= 6, `found the code tables (${tables})`)
})

t.test('every attempt reason and event status is documented', async (t) => {
  for (const reason of Object.values(ATTEMPT_REASON)) t.match(DOC, `| \`${reason}\` |`, `attempt reason ${reason}`)
  for (const [name, code] of Object.entries(EVENT_STATUS)) t.match(DOC, `${code} \`${name}\``, `event status ${name}`)
})

// Spelled in pieces so that this file does not match itself.
const FORBIDDEN = ['DES' + 'IGN', 'reference' + ' §', 'seed' + ' 00', '\\.\\./sha' + 'red/'].join('\\|')

t.test('no comment cites a document outside the repo', async (t) => {
  let out = ''
  try {
    out = execFileSync('grep', ['-rn', FORBIDDEN, 'src', 'ivr', 'test', 'bench'], {
      cwd: ROOT, encoding: 'utf8',
    })
  } catch (err) {
    // grep exits 1 when nothing matches: that is the pass; anything else is a real error.
    if ((err as { status?: number }).status !== 1) throw err
  }
  t.equal(out, '', 'cite docs/ARCHITECTURE.md, the README or an upstream public path instead')
})
