import pino from 'pino'
import t from 'tap'
import { seedDatabase } from '../../src/seed.js'
import { testConfig } from '../helpers/build.js'
import { createTestDatabase } from '../helpers/database.js'

t.test('seeding is idempotent', async (t) => {
  const database = await createTestDatabase(t)
  const snapshot = async () => {
    const tables = ['organization', 'users', 'sealed_survey', 'gateway', 'sms_gateway', 'rule']
    const counts: Record<string, number> = {}
    for (const table of tables) {
      const exists = await database.pool.query('select to_regclass($1) as r', [table])
      if (!exists.rows[0].r) continue
      counts[table] = (await database.pool.query(`select count(*)::int as n from ${table}`)).rows[0].n
    }
    return counts
  }
  const before = await snapshot() // the template is seeded once already
  t.equal(before.organization, 1)
  t.equal(before.users, 2)
  const config = testConfig({ DATABASE_URL: database.url })
  await seedDatabase(database, config, pino({ level: 'silent' }))
  await Promise.all([1, 2, 3].map(() => seedDatabase(database, config, pino({ level: 'silent' }))))
  t.same(await snapshot(), before, 'seeding again, even concurrently, adds nothing')
  const { rows } = await database.pool.query('select id, username, role from users order by id')
  t.same(rows, [{ id: 1, username: 'admin', role: 'admin' }, { id: 2, username: 'manager', role: 'manager' }])
})
