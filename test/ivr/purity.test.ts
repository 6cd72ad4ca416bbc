import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import ts from 'typescript'

/**
 * ivr/ must stay pure: it imports only its own files, and never touches the clock, randomness,
 * timers, the process or the network. Parsed with the TypeScript compiler, so comments and
 * strings cannot fool the scan.
 */
const IVR = resolve(dirname(fileURLToPath(import.meta.url)), '../../ivr')

const FORBIDDEN_GLOBALS = new Set([
  'Date', 'process', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'performance',
  'require', 'fetch', 'crypto', 'globalThis', 'global', 'Buffer', 'console', 'eval', 'Function',
])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(m|c)?[jt]sx?$/.test(entry.name) ? [path] : []
  })
}

/** Every problem in one file's source, as "line: message". */
export function impurities(file: string, source: string): string[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const problems: string[] = []
  const report = (node: ts.Node, message: string) =>
    problems.push(`${parsed.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${message}`)

  const checkSpecifier = (node: ts.Node, specifier: string) => {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return report(node, `imports "${specifier}" (only ivr/ files)`)
    const target = resolve(dirname(file), specifier)
    if (target !== IVR && !target.startsWith(IVR + sep)) return report(node, `imports "${specifier}" from outside ivr/`)
    if (!specifier.endsWith('.js')) report(node, `relative import "${specifier}" must end in .js`)
  }

  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) checkSpecifier(node, node.moduleSpecifier.text)
    } else if (ts.isImportEqualsDeclaration(node)) {
      report(node, 'import = require(...)')
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      report(node, 'dynamic import()')
    } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !isPropertyName(node)) {
      report(node, `uses ${node.text}`)
    } else if (ts.isPropertyAccessExpression(node) && node.getText() === 'Math.random') {
      report(node, 'uses Math.random')
    }
    ts.forEachChild(node, visit)
  }
  visit(parsed)
  return problems
}

/** `x.Date` or `{ Date: 1 }` name a property, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isPropertySignature(parent) && parent.name === node)
  )
}

t.test('every file under ivr/ is pure', async (t) => {
  const files = sourceFiles(IVR)
  t.ok(files.length >= 10, `found ${files.length} files`)
  for (const file of files) {
    t.same(impurities(file, readFileSync(file, 'utf8')), [], relative(IVR, file))
  }
})

t.test('the scan catches what it should', async (t) => {
  const file = join(IVR, 'example.ts')
  const check = (source: string) => impurities(file, source)
  t.match(check(`import fs from 'node:fs';`), [/imports "node:fs"/])
  t.match(check(`import { x } from 'lodash';`), [/imports "lodash"/])
  t.match(check(`import { x } from '../src/db.js';`), [/outside ivr/])
  t.match(check(`export * from '../../escape.js';`), [/outside ivr/])
  t.match(check(`import { x } from './types';`), [/must end in .js/])
  t.match(check(`const m = await import('./x.js');`), [/dynamic import/])
  t.match(check(`const now = Date.now();`), [/uses Date/])
  t.match(check(`const r = Math.random();`), [/Math.random/])
  t.match(check(`const env = process.env.X;`), [/uses process/])
  t.match(check(`setTimeout(() => 1, 5);`), [/uses setTimeout/])
  t.same(check(`// Date, process and setTimeout in a comment\nconst s = 'Math.random in a string';`), [])
  t.same(check(`import { step } from './engine.js';\nconst o = { Date: 1 }; o.Date;`), [])
})
