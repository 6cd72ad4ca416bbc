/**
 * Replaying the original CRM service's own tests (joy-humanitec/kupfer_contact_appointment_service,
 * commit 0cbe97b) against Tocsin over HTTP. The translation rules, the same for every file in
 * test/compat/crm/:
 *
 * - One tap subtest per upstream test function, named `Class.test_name`, each on a fresh database
 *   and app (Django's TestCase rolls every test back, so each starts empty).
 * - `request.session = {jwt_organization_uuid, jwt_core_user_uuid, jwt_username}` → an RS256
 *   `Authorization: JWT <token>` carrying organization_uuid, core_user_uuid and username, signed by
 *   the key Tocsin is configured with (JWT_PUBLIC_KEY). The plain `User()` the tests attach beside
 *   the session carries no rights, so only the token is sent.
 * - A superuser (`is_superuser = True`, or the factories' superuser) → HTTP Basic `admin:admin`,
 *   Tocsin's seeded admin (admins are the superusers). No credentials at all → anonymous.
 * - `view = XViewSet.as_view({'<verb>': '<action>'})` + `view(request, pk=…)` → the HTTP request
 *   the router maps to that action: list/create on the collection URL, the others on the object URL.
 *   `{'post': 'update'}` is PUT, `{'patch': 'update'}` and `partial_update` are PATCH.
 * - `APIRequestFactory().post('', data)` sends multipart/form-data (DRF's test default): lists as
 *   repeated fields, every value as Python's str() of it (`True`, `2018-01-01 12:15:00+00:00`,
 *   `{'type': 'office'}`); `format='json'` or `json.dumps(...)` sends JSON (datetimes as DRF's
 *   encoder writes them, `…Z` for UTC).
 * - `response.data` → the JSON body. DRF's `ErrorDetail.code` is not part of the JSON, so an
 *   assertion on `.code` is kept as an assertion on the message DRF gives that code.
 * - Factories (factory_boy) write to the database directly, as upstream; their defaults are the
 *   upstream ones, including the organization and owner UUIDs factory_boy draws once per run
 *   (FACTORY_* below), so a factory object made without an organization belongs to another one.
 * - `Model.objects…` in assertions → SQL on Tocsin's tables. `mail.outbox` → a real SMTP server on
 *   loopback; Tocsin sends from a job, so the test runs the worker and waits for the mail.
 * - `http://testserver/` (Django's test host) → the app's own URL of the same resource.
 */
import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { exportSPKI, generateKeyPair, SignJWT } from 'jose'
import { buildTestApp, type TestApp } from '../../helpers/build.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js'
import { eventually, startTestWorker } from '../../helpers/worker.js'
import { createFactories, type Factories } from './factories.js'
import { encodeMultipart, jsonBody, type PyValue } from './python.js'

interface TestContext {
  teardown(fn: () => unknown): void
}

/** `request.session` of the upstream tests. */
export interface Session {
  jwt_organization_uuid?: string
  jwt_core_user_uuid?: string
  jwt_username?: string
}

export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'
  url: string
  /** the JWT session; `'superuser'` = Basic admin; absent = anonymous */
  as?: Session | 'superuser'
  /** multipart/form-data, as APIRequestFactory sends by default */
  form?: Record<string, PyValue>
  /** JSON (`format='json'` / `json.dumps`) */
  json?: unknown
}

const keys = generateKeyPair('RS256', { extractable: true })

export interface Compat {
  app: TestApp['app']
  deps: TestApp['deps']
  f: Factories
  request(call: Call): Promise<LightMyRequestResponse>
  /** the body of a successful request, failing with the body otherwise */
  pool: TestApp['deps']['database']['pool']
  base: string
  /** SMTP on loopback with the worker running (for tests of `mail.outbox`) */
  mail(): Promise<TestSmtpServer>
}

export function newSession(organization = randomUUID()): Required<Session> {
  return { jwt_organization_uuid: organization, jwt_core_user_uuid: randomUUID(), jwt_username: 'Test User' }
}

async function token(session: Session): Promise<string> {
  const claims: Record<string, unknown> = {}
  if (session.jwt_organization_uuid !== undefined) claims.organization_uuid = session.jwt_organization_uuid
  if (session.jwt_core_user_uuid !== undefined) claims.core_user_uuid = session.jwt_core_user_uuid
  if (session.jwt_username !== undefined) claims.username = session.jwt_username
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setIssuer('bifrost').setExpirationTime('1h')
    .sign((await keys).privateKey)
}

/** A fresh app and database with the JWT key configured. `env` adds configuration (SMTP_URL). */
export async function compat(t: TestContext, env: Record<string, string> = {}): Promise<Compat> {
  const { publicKey } = await keys
  let extra = env
  let smtp: TestSmtpServer | undefined
  if (env.SMTP === 'yes') {
    smtp = await startTestSmtpServer(t)
    extra = { SMTP_URL: smtp.url }
  }
  const built = await buildTestApp(t, { JWT_PUBLIC_KEY: await exportSPKI(publicKey), ...extra })
  const pool = built.deps.database.pool
  const request = async ({ method, url, as, form, json }: Call) => {
    const headers: Record<string, string> = {}
    if (as === 'superuser') headers.authorization = `Basic ${Buffer.from('admin:admin').toString('base64')}`
    else if (as) headers.authorization = `JWT ${await token(as)}`
    let payload: string | Buffer | undefined
    if (form !== undefined) {
      const encoded = encodeMultipart(form)
      headers['content-type'] = encoded.contentType
      payload = encoded.body
    } else if (json !== undefined) {
      headers['content-type'] = 'application/json'
      payload = typeof json === 'string' ? json : jsonBody(json)
    }
    return built.app.inject({ method, url, headers, payload })
  }
  let worker = false
  return {
    app: built.app,
    deps: built.deps,
    f: createFactories(pool),
    request,
    pool,
    base: 'http://localhost:80',
    async mail() {
      if (!smtp) throw new Error('compat(t, { SMTP: "yes" }) starts the SMTP server')
      if (!worker) {
        await startTestWorker(t, built.deps)
        worker = true
      }
      return smtp
    },
  }
}

/** The received mails once at least `count` arrived (the worker sends them). */
export async function mailsAfter(smtp: TestSmtpServer, count: number) {
  return eventually(async () => smtp.received.length >= count && smtp.received)
}
