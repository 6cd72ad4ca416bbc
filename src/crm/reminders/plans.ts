import { and, asc, count, eq, ne } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client.js'
import { reminderPlan, type ReminderPlan, type ReminderStep } from '../../db/schema/index.js'
import { conflict, invalidField, notFound } from '../../errors.js'
import { isUuid } from '../../kit/values.js'
import type { CrmScope } from '../scope.js'
import { checkSteps, type StepBody } from './plan-steps.js'

export interface PlanBody {
  name?: string
  is_default?: boolean
  steps?: StepBody[]
}

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 1000

/** Every organization's plan until it makes its own: a call 2 days before, an SMS 1 day before if still unconfirmed. */
export const DEFAULT_STEPS: ReminderStep[] = [
  { channel: 'call', offset_minutes: 2 * 24 * 60, only_if_unconfirmed: false, survey: null, template: null, subject: null, max_retries: 2, retry_delay: 3600 },
  { channel: 'sms', offset_minutes: 24 * 60, only_if_unconfirmed: true, survey: null, template: null, subject: null, max_retries: 0, retry_delay: 3600 },
]

/** The organization's default plan, made (as DEFAULT_STEPS) the first time it is needed. */
export async function defaultPlan(tx: Tx, organizationId: number): Promise<ReminderPlan> {
  const find = () => tx.select().from(reminderPlan)
    .where(and(eq(reminderPlan.organizationId, organizationId), eq(reminderPlan.isDefault, true)))
  const [existing] = await find()
  if (existing) return existing
  // Two first uses at once: the unique index on the default lets one insert win; the other reads it.
  await tx.insert(reminderPlan).values({ organizationId, name: 'Default', isDefault: true, steps: DEFAULT_STEPS }).onConflictDoNothing()
  const [made] = await find()
  return made!
}

function byUuid(scope: CrmScope, uuid: string) {
  return and(eq(reminderPlan.uuid, uuid.toLowerCase()), eq(reminderPlan.organizationId, scope.organizationId))
}

export async function getPlan(db: Tx, scope: CrmScope, uuid: string): Promise<ReminderPlan> {
  if (!isUuid(uuid)) throw notFound('Reminder plan')
  const [row] = await db.select().from(reminderPlan).where(byUuid(scope, uuid))
  if (!row) throw notFound('Reminder plan')
  return row
}

/** A plan named by uuid (or `…/reminderplans/<uuid>/`) in the caller's organization; null clears it. */
export async function planRef(tx: Tx, scope: CrmScope, field: string, value: string | null): Promise<number | null> {
  if (value === null || value.trim() === '') return null
  const match = /([0-9a-fA-F-]{36})\/?$/.exec(value.trim())
  const uuid = match?.[1]
  const [row] = uuid && isUuid(uuid) ? await tx.select({ id: reminderPlan.id }).from(reminderPlan).where(byUuid(scope, uuid)) : []
  if (!row) throw invalidField(field, 'No reminder plan with this UUID in your organization.')
  return row.id
}

export async function listPlans(db: Db, scope: CrmScope, query: { limit?: number; offset?: number }) {
  await db.transaction((tx) => defaultPlan(tx, scope.organizationId))
  const where = eq(reminderPlan.organizationId, scope.organizationId)
  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT)
  const offset = query.offset ?? 0
  const [total] = await db.select({ n: count() }).from(reminderPlan).where(where)
  const rows = await db.select().from(reminderPlan).where(where).orderBy(asc(reminderPlan.id)).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows, limit, offset }
}

/** Making a plan the default takes the flag from the one that had it (the organization always has one). */
async function takeDefault(tx: Tx, scope: CrmScope, exceptId: number | null): Promise<void> {
  await defaultPlan(tx, scope.organizationId)
  await tx.update(reminderPlan).set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(reminderPlan.organizationId, scope.organizationId), eq(reminderPlan.isDefault, true),
      exceptId === null ? undefined : ne(reminderPlan.id, exceptId)))
}

const blankName = () => invalidField('name', 'This field may not be blank.')

export async function createPlan(db: Db, scope: CrmScope, body: PlanBody & { name: string; steps: StepBody[] }): Promise<ReminderPlan> {
  if (body.name.trim() === '') throw blankName()
  return db.transaction(async (tx) => {
    const steps = await checkSteps(tx, scope.organizationId, body.steps)
    if (body.is_default) await takeDefault(tx, scope, null)
    const [row] = await tx.insert(reminderPlan)
      .values({ organizationId: scope.organizationId, name: body.name.trim(), isDefault: body.is_default ?? false, steps }).returning()
    return row!
  })
}

/** PUT (`full`: name and steps required) or PATCH. Appointments already scheduled keep their steps until they change. */
export async function updatePlan(db: Db, scope: CrmScope, uuid: string, body: PlanBody, full: boolean): Promise<ReminderPlan> {
  return db.transaction(async (tx) => {
    const current = await getPlan(tx, scope, uuid)
    if (body.name !== undefined && body.name.trim() === '') throw blankName()
    if (current.isDefault && body.is_default === false) {
      throw invalidField('is_default', 'make another plan the default instead: an organization always has one')
    }
    const steps = body.steps === undefined ? undefined : await checkSteps(tx, scope.organizationId, body.steps)
    if (body.is_default && !current.isDefault) await takeDefault(tx, scope, current.id)
    const [row] = await tx.update(reminderPlan).set({
      name: body.name?.trim(),
      steps: steps ?? (full ? [] : undefined),
      isDefault: body.is_default ?? (full ? current.isDefault : undefined),
      updatedAt: new Date(),
    }).where(eq(reminderPlan.id, current.id)).returning()
    return row!
  })
}

/** Appointments that named it fall back to the default plan; the default itself cannot go. */
export async function deletePlan(db: Db, scope: CrmScope, uuid: string): Promise<void> {
  await db.transaction(async (tx) => {
    const current = await getPlan(tx, scope, uuid)
    if (current.isDefault) throw conflict('is_default: make another plan the default before deleting this one', { is_default: 'this is the default plan' })
    await tx.delete(reminderPlan).where(eq(reminderPlan.id, current.id))
  })
}
