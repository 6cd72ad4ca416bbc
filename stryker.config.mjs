// `npm run mutate`: StrykerJS mutation testing of the pure, policy-heavy cores (see CONTRIBUTING.md, "Mutation
// testing"). Each mutant is one small change to one of the files below; the test files listed with it run against it
// (each in its own node process, through tsx) and must fail. Slow — not part of `npm test` or CI.
//
// To put another core under mutation testing, append an entry: the files to mutate and the fast tests that cover them.
// Keep to code without I/O: a test that needs PostgreSQL or the simulator costs seconds per mutant.
const CORES = [
  {
    key: 'ivr',
    name: 'IVR engine',
    mutate: ['ivr/**/*.ts', '!ivr/templates/**', '!ivr/index.ts', '!ivr/types.ts'],
    // Not purity.test.ts: it reads the source text, which Stryker's instrumentation changes.
    tests: ['test/ivr/engine.test.ts', 'test/ivr/golden.test.ts', 'test/ivr/tags.test.ts', 'test/ivr/twiml.test.ts', 'test/ivr/validate.test.ts'],
  },
  {
    key: 'due-time',
    name: 'due time and daily window',
    mutate: ['src/alarms/due-time.ts', 'src/kit/wall-clock.ts'],
    tests: ['test/alarms/due-time.test.ts', 'test/kit/wall-clock.test.ts', 'test/recurrence/recurrence.test.ts'],
  },
  {
    key: 'recurrence',
    name: 'recurrence',
    mutate: ['src/recurrence/recurrence.ts', 'src/recurrence/recurrence-fixed.ts', 'src/recurrence/rule-params.ts'],
    tests: [
      'test/recurrence/recurrence.test.ts', 'test/recurrence/recurrence-window.test.ts', 'test/recurrence/recurrence-budget.test.ts',
      'test/recurrence/time-of-day.test.ts', 'test/recurrence/rule-params.test.ts',
    ],
  },
  {
    key: 'call-status',
    name: 'call-status transitions',
    mutate: ['src/codes/call-status.ts'],
    tests: ['test/codes/call-status.test.ts', 'test/codes/codes.test.ts'],
  },
  {
    key: 'carrier-errors',
    name: 'carrier error classification',
    mutate: ['src/dialer/carrier-errors.ts'],
    tests: ['test/dialer/carrier-errors.test.ts'],
  },
  {
    key: 'contact-hours',
    name: "contact hours and the callee's zone",
    mutate: ['src/alarms/contact-hours.ts', 'src/kit/callee-zone.ts', 'src/dialer/sms-keywords.ts'],
    tests: ['test/alarms/contact-hours.test.ts', 'test/kit/callee-zone.test.ts', 'test/dialer/sms-keywords.test.ts'],
  },
]

// `MUTATE_CORE=due-time npm run mutate` runs one core (its files and its tests); unset, every core runs.
const only = process.env.MUTATE_CORE
const selected = only ? CORES.filter((core) => core.key === only) : CORES
if (selected.length === 0) {
  throw new Error(`MUTATE_CORE=${only} names no core; the cores: ${CORES.map((core) => core.key).join(', ')}`)
}

// A test file run by itself gives up after tap's default 30 s; on a busy machine a slow one would fail the dry run.
// (The test processes inherit this process's environment.)
process.env.TAP_TIMEOUT ??= '300'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: [...new Set(selected.flatMap((core) => core.tests))],
    nodeArgs: ['--import', 'tsx'],
  },
  mutate: selected.flatMap((core) => core.mutate),
  // Coverage per test file: a mutant runs only the files that reach its code.
  coverageAnalysis: 'perTest',
  // One test process at a time: the machine is shared (on an idle one, `npm run mutate -- --concurrency 2`).
  concurrency: 1,
  // A mutant that makes a loop endless is stopped this long after 1.5 × the test's normal time (and counts as
  // killed). Recurrence has many such loops, guarded only by the step budget: at 30 s they took two thirds of its
  // run, at 10 s still half.
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: `reports/mutation${only ? `-${only}` : ''}/index.html` },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: '.stryker-tmp',
  // Unchanged mutants and tests keep their last result (one file per core run, so runs of different cores do not
  // overwrite each other's); --force tests them all.
  incremental: true,
  incrementalFile: `reports/stryker-incremental${only ? `-${only}` : ''}.json`,
  cleanTempDir: 'always',
}
