import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import ts from 'typescript'

/**
 * The layers of src/, bottom to top: a file may import its own layer and the layers below it, never one above. Parsed
 * with the TypeScript compiler, so comments and strings cannot fool the scan. A new top-level file or folder under
 * src/ must be given a rank here (an unranked one fails), which is where a newcomer decides where it belongs.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

export const RANKS: Record<string, number> = {
  // 0 kit: no domain knowledge (configuration, errors, the database and its schema, small shared helpers, codes)
  'config.ts': 0, 'errors.ts': 0, 'logger.ts': 0, db: 0, kit: 0, codes: 0, recurrence: 0,
  // 1 the job queue: addJob and one spec per task
  queue: 1,
  // 2 accounts and the outside world: users and auth, telephony providers, e-mail, surveys
  accounts: 2, telephony: 2, mail: 2, surveys: 2,
  // 3 the dialer: calls, texts, limits, the dialling line; it reports how they end (dialer/outcomes.ts)
  dialer: 3,
  // 4 alarms: planning, dispatch, settling, chains, sweeps, result webhooks
  alarms: 4,
  // 5 the two APIs' domains, which never import each other
  calendar: 5, crm: 5,
  // 6 HTTP
  routes: 6, schemas: 6, plugins: 6, admin: 6,
  // 7 the process: wiring, the worker runtime and the task registry, the command line, seeding
  'app.ts': 7, 'server.ts': 7, 'seed.ts': 7, 'deps.ts': 7, cli: 7, jobs: 7,
  // how the process guards the simulator it mounts (Tocsin's logins, what each may see)
  'simulator-access.ts': 7,
}

/** Pairs of layers at one rank that must not import each other. */
const APART = [['calendar', 'crm']]

/**
 * src/deps.ts types AppDeps, the bag of process-wide services built in createDeps (src/app.ts) and handed to every
 * route and job. Every layer may name it, but only in an `import type`: that is erased at compile time, so no
 * module of a lower layer loads an upper one at run time. For the same reason deps.ts itself imports types only.
 */
const TYPE_ONLY = 'deps.ts'

/** The carrier simulator is a separate component (it stands in for Twilio): it may use rank 0 and itself only. */
const SEPARATE: Record<string, number> = { simulator: 0 }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(m|c)?[jt]sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** The layer of a path under src/: its top-level folder, or the file itself at the top. */
const layerOf = (path: string) => relative(SRC, path).split(sep)[0]!.replace(/\.js$/, '.ts')

interface Import { line: number; specifier: string; typeOnly: boolean }

function importsOf(file: string, source: string): Import[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const found: Import[] = []
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) =>
    found.push({ line: parsed.getLineAndCharacterOfPosition(node.getStart()).line + 1, specifier, typeOnly })
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings)
        && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)))
      add(node, node.moduleSpecifier.text, typeOnly)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments
      if (arg && ts.isStringLiteralLike(arg)) add(node, arg.text, false)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(parsed)
  return found
}

/**
 * Files that answer requests and so hold no queries: the REST routes, and the admin pages (their queries live in
 * admin/data/; a page may name the Db type to hand it on).
 */
function handlesRequests(file: string): boolean {
  const path = relative(SRC, resolve(SRC, file)).split(sep)
  return path[0] === 'routes' || (path[0] === 'admin' && path[1] !== 'data')
}

/** Every layering problem in one file's source, as "line: message". */
export function violations(file: string, source: string): string[] {
  const from = layerOf(file)
  const problems: string[] = []
  const fromRank = SEPARATE[from] ?? RANKS[from]
  if (fromRank === undefined) return [`0: ${from} has no rank in test/architecture/layers.test.ts`]
  for (const { line, specifier, typeOnly } of importsOf(file, source)) {
    const report = (message: string) => problems.push(`${line}: ${message}`)
    if (handlesRequests(file) && (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/'))) {
      report(`a route imports "${specifier}": queries belong in the layer below`)
      continue
    }
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) continue // a package
    const target = resolve(dirname(file), specifier)
    if (target !== SRC && !target.startsWith(SRC + sep)) continue // ivr/ (pure, below everything) or a package file
    const to = layerOf(target)
    if ((from === 'routes' || (handlesRequests(file) && !typeOnly)) && relative(SRC, target).replace(/\.js$/, '.ts') === join('db', 'client.ts')) {
      report(`a route imports "${specifier}": queries belong in the layer below`)
      continue
    }
    if (to === from) continue
    if (from === TYPE_ONLY) {
      if (!typeOnly) report(`deps.ts imports "${specifier}" for its value: it may import types only`)
      continue
    }
    if (to === TYPE_ONLY) {
      if (!typeOnly) report(`imports "${specifier}" for its value: import AppDeps with \`import type\``)
      continue
    }
    const toRank = RANKS[to]
    const apart = APART.find(([a, b]) => (from === a && to === b) || (from === b && to === a))
    if (to in SEPARATE) {
      // the simulator is started by the process (rank 7) only
      if (fromRank < RANKS['app.ts']!) report(`imports the ${to} component ("${specifier}")`)
    } else if (toRank === undefined) {
      report(`imports "${specifier}" from ${to}, which has no rank`)
    } else if (from in SEPARATE) {
      if (toRank > fromRank) report(`${from} is a separate component: it imports ${to} (rank ${toRank})`)
    } else if (toRank > fromRank) {
      report(`${from} (rank ${fromRank}) imports ${to} (rank ${toRank}): "${specifier}"`)
    } else if (apart) {
      report(`${apart[0]} and ${apart[1]} must not import each other: "${specifier}"`)
    }
  }
  return problems
}

t.test('every file under src/ imports only its own layer and those below', async (t) => {
  const files = sourceFiles(SRC)
  t.ok(files.length >= 150, `found ${files.length} files`)
  for (const file of files) {
    t.same(violations(file, readFileSync(file, 'utf8')), [], relative(SRC, file))
  }
})

t.test('the scan catches what it should', async (t) => {
  const at = (path: string) => join(SRC, path)
  const check = (path: string, source: string) => violations(at(path), source)
  t.match(check('dialer/dial-call.ts', `import { settleAttempt } from '../alarms/settle/settle.js'`), [/dialer \(rank 3\) imports alarms \(rank 4\)/])
  t.match(check('dialer/dial-call.ts', `import type { Alarm } from '../alarms/owner.js'`), [/imports alarms/], 'a type import upward too')
  t.match(check('queue/queue.ts', `export { x } from '../dialer/urls.js'`), [/queue \(rank 1\) imports dialer/])
  t.match(check('kit/links.ts', `const m = await import('../routes/users.js')`), [/kit \(rank 0\) imports routes/])
  t.match(check('calendar/alarms.ts', `import { x } from '../crm/values.js'`), [/calendar and crm must not import each other/])
  t.match(check('crm/contacts.ts', `import { x } from '../calendar/scope.js'`), [/calendar and crm must not import each other/])
  t.match(check('routes/users.ts', `import { eq } from 'drizzle-orm'`), [/a route imports "drizzle-orm"/])
  t.match(check('routes/calendar/rules.ts', `import { sql } from 'drizzle-orm/sql'`), [/a route imports/])
  t.match(check('routes/calendar/rules.ts', `import type { Db } from '../../db/client.js'`), [/a route imports/])
  t.match(check('alarms/chain.ts', `import { AppDeps } from '../deps.js'`), [/import AppDeps with `import type`/])
  t.match(check('deps.ts', `import { createMetrics } from './kit/metrics.js'`), [/types only/])
  t.match(check('simulator/store.ts', `import { x } from '../dialer/urls.js'`), [/separate component/])
  t.match(check('dialer/urls.ts', `import { x } from '../simulator/sids.js'`), [/the simulator component/])
  t.match(check('newfolder/x.ts', ``), [/has no rank/])
  t.same(check('alarms/chain.ts', [
    `import type { AppDeps } from '../deps.js'`,
    `import { type AppDeps as D } from '../deps.js'`,
    `import { addJob } from '../queue/queue.js'`,
    `import { claimCall } from '../dialer/dial-call.js'`,
    `import { step } from '../../ivr/index.js'`,
    `import { DateTime } from 'luxon'`,
    `// import { x } from '../routes/users.js'`,
    `const s = "import { x } from '../routes/users.js'"`,
  ].join('\n')), [])
  t.same(check('simulator/store.ts', `import { x } from '../kit/links.js'\nimport { y } from './types.js'`), [])
  t.same(check('app.ts', `import { createSimulator } from './simulator/simulator.js'`), [])
  t.same(check('routes/users.ts', `import type { User } from '../db/schema/index.js'`), [])
  t.match(check('admin/overview.ts', `import { eq } from 'drizzle-orm'`), [/a route imports "drizzle-orm"/], 'an admin page holds no queries')
  t.match(check('admin/overview.ts', `import { db } from '../db/client.js'`), [/a route imports/])
  t.same(check('admin/overview-panels.ts', `import type { Db } from '../db/client.js'`), [], 'it may name the Db type')
  t.same(check('admin/data/overview.ts', `import { sql } from 'drizzle-orm'\nimport type { Db } from '../../db/client.js'`), [], 'admin/data/ holds them')
})
