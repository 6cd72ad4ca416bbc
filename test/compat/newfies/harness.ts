/**
 * Replaying Newfies-Dialer's documented requests and responses (newfies-dialer/newfies-dialer,
 * commit 8168b3dd: the docstrings of newfies/apirest/api_appointment/*_serializers.py and
 * user_serializers.py, and docs/source/user-guide-doc/appointment.rst) against Tocsin. Newfies has
 * no tests of its REST API; these examples and its viewsets are the specification. The rules, the
 * same for every file in test/compat/newfies/:
 *
 * - `curl -u username:password` → HTTP Basic as Tocsin's seeded `manager` (a Newfies manager), to
 *   `http://localhost:8000` (the Host the examples use, so hyperlinks read as in the examples).
 * - `-H "Content-Type:application/json" --data '…'` → the same JSON body, byte for byte, except for
 *   ids: the examples' `calendar-user/4/`, `calendar/1/`, `event/1/` … are the ids the earlier
 *   requests of the same file returned.
 * - A response is checked field by field as the example shows it, and by status code and Location.
 *   The volatile headers (Date, Server, Vary, Content-Language) are not. Ids and dates that the
 *   examples took from their own database are checked for their form, not their value.
 * - Where an example contradicts Newfies' own code (a docstring written before the viewset was
 *   changed), the code wins, and the comment says which: the hand-built lists of calendar-user,
 *   calendar-user-profile, get_list_child and get_list_alarm are the object itself for one item;
 *   `PATCH` answers 200 with the object (DRF's UpdateModelMixin), not an empty text/html body.
 * - Where Tocsin deviates on purpose (docs/compatibility.md), the subtest is a `todo` with the
 *   example's exact expectation, beside a subtest of what Tocsin answers instead.
 */
import type { LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { buildTestApp, type TestApp } from '../../helpers/build.js'
import { ensureSealedSurvey } from '../../calendar/helpers.js'

export const HOST = 'localhost:8000'
export const BASE = `http://${HOST}`

export interface Newfies {
  deps: TestApp['deps']
  /** curl -u manager:manager [-H "Content-Type:application/json" --data DATA] -X METHOD http://localhost:8000PATH */
  curl(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, data?: string, as?: [string, string]): Promise<LightMyRequestResponse>
  link(resource: string, id: number): string
}

/** A fresh app whose sealed survey 1 exists (gateway 1 and SMS gateway 1 are seeded). */
export async function newfies(t: Test): Promise<Newfies> {
  const { app, deps } = await buildTestApp(t)
  await ensureSealedSurvey(deps, { id: 1 })
  return {
    deps,
    curl(method, path, data, [user, password] = ['manager', 'manager']) {
      const headers: Record<string, string> = {
        host: HOST,
        accept: 'application/json',
        authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
      }
      if (data !== undefined) headers['content-type'] = 'application/json'
      return app.inject({ method, url: path, headers, payload: data })
    },
    link: (resource, id) => `${BASE}/rest-api/${resource}/${id}/`,
  }
}

/** The body of a response with this status (failing with the body otherwise). */
export function body(t: Test, res: LightMyRequestResponse, status: number): any {
  t.equal(res.statusCode, status, `HTTP ${status}: ${res.body}`)
  return res.body === '' ? undefined : res.json()
}

export const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/
/** Newfies' paginated envelope (PAGINATE_BY 10) around the results */
export const page = (results: unknown[]) => ({ count: results.length, next: null, previous: null, results })
