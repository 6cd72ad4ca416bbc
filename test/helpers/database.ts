import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDatabase, type Database } from '../../src/db/client.js'
import { createDatabaseSql, testCluster, withDatabase } from './cluster.js'

interface Teardown {
  teardown(fn: () => unknown): void
}

/** This test file's own database, cloned from the migrated template and dropped afterwards. */
export async function createTestDatabase(t: Teardown, poolSize = 10): Promise<Database & { url: string }> {
  const cluster = await testCluster()
  const { adminUrl, template } = cluster
  const name = `test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  // Cloning copies the template's files; two clones of one template at the same instant can
  // collide on its lock, so retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(createDatabaseSql(cluster, name, template))
      break
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
    }
  }
  await admin.end()
  const url = withDatabase(cluster.appUrl, name)
  const database = createDatabase(url, poolSize)
  t.teardown(async () => {
    await database.close()
    const dropper = new pg.Client({ connectionString: adminUrl })
    await dropper.connect()
    await dropper.query(`drop database if exists "${name}" with (force)`)
    await dropper.end()
  })
  return { ...database, url }
}
