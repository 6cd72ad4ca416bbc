// builtOnce (src/db/built-once.ts) leans on drizzle's internal prepared-query fields: these tests fail if an upgrade
// moves them, and show that a query built once runs on the pool and inside a transaction, as built anew would.
import t from 'tap'
import { eq, sql } from 'drizzle-orm'
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { builtOnce, builtOnceSql } from '../../src/db/built-once.js'
import { createTestDatabase } from '../helpers/database.js'

const owner = pgTable('built_once_owner', { id: integer('id').primaryKey(), name: text('name').notNull() })
const pet = pgTable('built_once_pet', {
  id: integer('id').primaryKey(),
  ownerId: integer('owner_id'),
  bornAt: timestamp('born_at', { withTimezone: true }).notNull(),
})

t.test('a query built once', async (t) => {
  const database = await createTestDatabase(t)
  const { db } = database
  await db.execute(sql`create table built_once_owner (id int primary key, name text not null);
    create table built_once_pet (id int primary key, owner_id int references built_once_owner, born_at timestamptz not null)`)
  await db.execute(sql`insert into built_once_owner values (1, 'Ada');
    insert into built_once_pet values (10, 1, '2026-03-29T01:30:00Z'), (11, null, '2026-04-05T12:00:00Z')`)

  let builds = 0
  const read = builtOnce((tx) => {
    builds++
    return tx.select({ pet, owner }).from(pet).leftJoin(owner, eq(owner.id, pet.ownerId)).where(eq(pet.id, sql.placeholder('id')))
      .for('update', { of: pet })
  })

  t.test('maps rows as drizzle does: columns by name, timestamps as Dates, a missing left join as null', async (t) => {
    const [withOwner] = await read(db, { id: 10 })
    t.same(withOwner, { pet: { id: 10, ownerId: 1, bornAt: new Date('2026-03-29T01:30:00Z') }, owner: { id: 1, name: 'Ada' } })
    t.ok(withOwner!.pet.bornAt instanceof Date)
    const [without] = await read(db, { id: 11 })
    t.same(without, { pet: { id: 11, ownerId: null, bornAt: new Date('2026-04-05T12:00:00Z') }, owner: null }, 'the next run takes its own value')
    t.same(await read(db, { id: 12 }), [], 'no row: an empty list')
  })

  t.test('runs inside the transaction it is given: the row lock is that transaction\'s', async (t) => {
    const other = new pg.Client({ connectionString: database.url })
    await other.connect()
    t.teardown(() => other.end())
    await db.transaction(async (tx) => {
      const [row] = await read(tx, { id: 10 })
      t.equal(row?.pet.id, 10)
      await t.rejects(other.query('select id from built_once_pet where id = 10 for update nowait'), /could not obtain lock/,
        'the row is locked while the transaction is open')
    })
    const after = await other.query('select id from built_once_pet where id = 10 for update nowait')
    t.equal(after.rows.length, 1, 'and free once it commits')
  })

  t.test('sees the transaction\'s own uncommitted writes, and a rollback undoes them', async (t) => {
    await t.rejects(db.transaction(async (tx) => {
      await tx.execute(sql`update built_once_owner set name = 'Grace' where id = 1`)
      const [row] = await read(tx, { id: 10 })
      t.equal(row?.owner?.name, 'Grace')
      throw new Error('roll back')
    }), /roll back/)
    const [row] = await read(db, { id: 10 })
    t.equal(row?.owner?.name, 'Ada')
  })

  t.test('is built once, however many handles run it', async (t) => {
    t.equal(builds, 1)
  })

  t.test('named: prepared once per connection, and the same rows', async (t) => {
    const named = builtOnce((tx) => tx.select({ pet, owner }).from(pet).leftJoin(owner, eq(owner.id, pet.ownerId))
      .where(eq(pet.id, sql.placeholder('id'))), 'built_once_pet_named')
    await db.transaction(async (tx) => {
      t.same((await named(tx, { id: 10 }))[0]?.owner, { id: 1, name: 'Ada' })
      t.same((await named(tx, { id: 11 }))[0]?.owner, null, 'run again with another value')
      const prepared = await tx.execute(sql`select name from pg_prepared_statements where name = 'built_once_pet_named'`)
      t.equal(prepared.rows.length, 1, 'PostgreSQL holds it on this connection')
    })
  })

  t.test('a sql template built once: a data-modifying WITH, its placeholders filled on each run, pg\'s rows', async (t) => {
    let built = 0
    const rename = builtOnceSql(() => {
      built++
      return sql`with renamed as (update ${owner} set name = ${sql.placeholder('name')}::text where ${owner.id} = ${sql.placeholder('id')}::int
        returning ${owner.id})
        select (select count(*)::int from renamed) as renamed, p.id as pet_id, p.born_at from ${pet} p where p.owner_id = ${sql.placeholder('id')}::int`
    }, 'built_once_rename')
    const [first, ...more] = await rename(db, { id: 1, name: 'Grace' }) as { renamed: number; pet_id: number; born_at: unknown }[]
    t.match(first, { renamed: 1, pet_id: 10 }, 'columns by their SQL names')
    t.equal(more.length, 0)
    t.type(first!.born_at, 'string', 'a timestamp as text (in the session\'s zone)')
    t.equal(new Date(first!.born_at as string).toISOString(), '2026-03-29T01:30:00.000Z')
    await db.transaction(async (tx) => {
      t.same(await rename(tx, { id: 2, name: 'Nobody' }), [], 'another value, in a transaction: no owner 2, no pet')
      t.match(await rename(tx, { id: 1, name: 'Ada' }), [{ renamed: 1, pet_id: 10 }])
      const prepared = await tx.execute(sql`select name from pg_prepared_statements where name = 'built_once_rename'`)
      t.equal(prepared.rows.length, 1, 'named: PostgreSQL holds it on this connection')
    })
    const [ada] = await db.select().from(owner).where(eq(owner.id, 1))
    t.equal(ada?.name, 'Ada', 'the writes committed')
    t.equal(built, 1, 'built once')
  })
})

t.test('a name is one statement\'s: a second text under it fails as it is built', async (t) => {
  const database = await createTestDatabase(t)
  const first = builtOnceSql(() => sql`select ${sql.placeholder('n')}::int as n`, 'built_once_named_twice')
  const again = builtOnceSql(() => sql`select ${sql.placeholder('n')}::int as n`, 'built_once_named_twice')
  const other = builtOnceSql(() => sql`select ${sql.placeholder('n')}::int + 1 as n`, 'built_once_named_twice')
  t.same(await first(database.db, { n: 1 }), [{ n: 1 }])
  t.same(await again(database.db, { n: 2 }), [{ n: 2 }], 'the same text under the same name: one statement')
  await t.rejects(other(database.db, { n: 3 }), /two statements named built_once_named_twice/)
})
