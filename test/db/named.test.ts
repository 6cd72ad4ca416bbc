// runNamed (src/db/named.ts) leans on drizzle's internal dialect and session fields: these tests fail if an upgrade
// moves them, and show that the statement really is prepared once per connection under a name of its shape.
import t from 'tap'
import { eq, sql } from 'drizzle-orm'
import { integer, pgTable, text } from 'drizzle-orm/pg-core'
import { runNamed } from '../../src/db/named.js'
import { createTestDatabase } from '../helpers/database.js'

const note = pgTable('named_note', { id: integer('id').primaryKey(), body: text('body').notNull(), seen: integer('seen') })

t.test('a named statement', async (t) => {
  const database = await createTestDatabase(t)
  const { db } = database
  await db.execute(sql`create table named_note (id int primary key, body text not null, seen int)`)
  await db.execute(sql`insert into named_note values (1, 'one', null), (2, 'two', null)`)
  const prepared = async (tx: typeof db) =>
    ((await tx.execute(sql`select name, statement from pg_prepared_statements where name like 'note_%' order by name`)).rows as
      { name: string; statement: string }[])

  t.test('runs a builder or a sql template with its values, and returns pg\'s rows', async (t) => {
    await runNamed(db, db.update(note).set({ body: 'uno' }).where(eq(note.id, 1)), 'note_write')
    const read = await runNamed(db, sql`select id, body from named_note where id = ${1}`, 'note_read')
    t.same(read.rows, [{ id: 1, body: 'uno' }])
    const other = await runNamed(db, sql`select id, body from named_note where id = ${2}`, 'note_read')
    t.same(other.rows, [{ id: 2, body: 'two' }], 'the same statement with another value')
  })

  t.test('is prepared on its connection under its label and a hash of its text: one name per shape', async (t) => {
    await db.transaction(async (tx) => {
      // A transaction holds one connection: what it prepared is listed there.
      await runNamed(tx, tx.update(note).set({ body: 'a' }).where(eq(note.id, 1)), 'note_shape')
      await runNamed(tx, tx.update(note).set({ body: 'b' }).where(eq(note.id, 2)), 'note_shape')
      let names = (await prepared(tx)).filter((p) => p.name.startsWith('note_shape_'))
      t.equal(names.length, 1, 'two runs of one shape: one prepared statement')
      t.match(names[0]!.statement, /^update "named_note" set "body" = \$1 where "named_note"\."id" = \$2$/)
      t.match(names[0]!.name, /^note_shape_[0-9a-f]{16}$/)
      await runNamed(tx, tx.update(note).set({ body: 'c', seen: 1 }).where(eq(note.id, 2)), 'note_shape')
      names = (await prepared(tx)).filter((p) => p.name.startsWith('note_shape_'))
      t.equal(names.length, 2, 'another set of columns: a statement of its own')
    })
    const rows = (await db.execute(sql`select id, body, seen from named_note order by id`)).rows
    t.same(rows, [{ id: 1, body: 'a', seen: null }, { id: 2, body: 'c', seen: 1 }])
  })

  t.test('belongs to the transaction it is given: a rollback undoes it', async (t) => {
    await t.rejects(db.transaction(async (tx) => {
      await runNamed(tx, tx.update(note).set({ body: 'lost' }).where(eq(note.id, 1)), 'note_write')
      throw new Error('roll back')
    }), /roll back/)
    const [row] = (await db.execute(sql`select body from named_note where id = 1`)).rows
    t.same(row, { body: 'a' })
  })

  t.test('a label with too many shapes runs the others unnamed, and warns once', async (t) => {
    const warnings: string[] = []
    const onWarning = (w: Error) => warnings.push(w.message)
    process.on('warning', onWarning)
    t.teardown(() => process.off('warning', onWarning))
    await db.transaction(async (tx) => {
      // A value written into the text (sql.raw) gives every run a shape of its own: the mistake the cap guards against.
      for (let i = 0; i < 20; i++) {
        const { rows } = await runNamed(tx, sql`select ${sql.raw(String(i))}::int as n`, 'note_many')
        t.same(rows, [{ n: i }], `run ${i} still runs`)
      }
      t.equal((await prepared(tx)).filter((p) => p.name.startsWith('note_many_')).length, 16, 'no more than 16 prepared')
    })
    await new Promise((resolve) => setImmediate(resolve)) // process warnings are emitted on the next tick
    t.same(warnings, ['statements labelled note_many have more than 16 shapes: the others run unnamed'])
  })
})
