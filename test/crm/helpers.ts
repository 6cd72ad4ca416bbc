import type { TestApp } from '../helpers/build.js'

export interface Org {
  id: number
  uuid: string
  url: string
}

/** A second organization (as admin), with `timezone`, `default_region`, `phone` as given. */
/**
 * A new organization, reachable at any hour unless `body` names its contact hours (as the seeded one is in tests:
 * test/helpers/cluster.ts), so that a test placing an alarm "now" does not depend on the hour it runs at.
 */
export async function createOrganization(call: TestApp['call'], body: Record<string, unknown>): Promise<Org> {
  const payload = { contact_hours_start: '00:00', contact_hours_end: '24:00', ...body }
  const res = await call({ method: 'POST', url: '/rest-api/organization/', as: 'admin', payload })
  if (res.statusCode !== 201) throw new Error(`organization: ${res.statusCode} ${res.body}`)
  const { id, uuid, url } = res.json()
  return { id, uuid, url }
}

/** A manager in `org` whose password is its username. */
export async function createManager(call: TestApp['call'], username: string, org: Org): Promise<{ id: number; uuid: string }> {
  const res = await call({
    method: 'POST', url: '/rest-api/user/', as: 'admin',
    payload: { username, password: username, role: 'manager', organization: org.url },
  })
  if (res.statusCode !== 201) throw new Error(`user: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** Organization 1 (the seeded one, where `admin` and `manager` live), with settings for the tests. */
export async function configureDefaultOrganization(call: TestApp['call'], body: Record<string, unknown>): Promise<Org> {
  const res = await call({ method: 'PATCH', url: '/rest-api/organization/1/', as: 'admin', payload: body })
  if (res.statusCode !== 200) throw new Error(`organization 1: ${res.statusCode} ${res.body}`)
  const { id, uuid, url } = res.json()
  return { id, uuid, url }
}
