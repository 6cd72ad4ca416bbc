import { and, asc, count, desc, eq, ne } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client.js'
import { AUDIT_ACTION, appointment, organization, reminderPlan, type ReminderPlan } from '../../db/schema/index.js'
import { invalidField, notFound } from '../../errors.js'
import { isUuid } from '../../kit/values.js'
import { checkSteps, type StepBody } from '../../crm/reminders/plan-steps.js'
import { defaultPlan } from '../../crm/reminders/plans.js'
import type { AdminPrincipal } from '../session.js'
import { recordAudit } from './audit.js'

/**
 * The organization's reminder plans, as the CRM API keeps them (crm/reminders/plans.ts): one default, steps checked
 * by checkSteps. Written here in one transaction with the audit entry. Appointments already planned keep their
 * steps until they change, as with the API.
 */
export async function listPlans(db: Db, user: AdminPrincipal) {
  // The default exists from the first look, as in the API's list.
  await db.transaction((tx) => defaultPlan(tx, user.organizationId))
  const uses = db.select({ planId: appointment.reminderPlanId, n: count().as('n') }).from(appointment)
    .where(eq(appointment.organizationId, user.organizationId)).groupBy(appointment.reminderPlanId).as('uses')
  return db.select({ plan: reminderPlan, appointments: uses.n }).from(reminderPlan).leftJoin(uses, eq(uses.planId, reminderPlan.id))
    .where(eq(reminderPlan.organizationId, user.organizationId)).orderBy(desc(reminderPlan.isDefault), asc(reminderPlan.name), asc(reminderPlan.id))
}

async function findPlan(tx: Tx, user: AdminPrincipal, uuid: string, lock: boolean): Promise<ReminderPlan> {
  if (!isUuid(uuid)) throw notFound('Reminder plan')
  const query = tx.select().from(reminderPlan).where(and(eq(reminderPlan.uuid, uuid.toLowerCase()), eq(reminderPlan.organizationId, user.organizationId)))
  const [row] = lock ? await query.for('update') : await query
  if (!row) throw notFound('Reminder plan')
  return row
}

export const getPlan = (db: Db, user: AdminPrincipal, uuid: string) => findPlan(db, user, uuid, false)

export interface PlanInput { name: string; isDefault: boolean; steps: StepBody[] }

/** Makes `keepId` (or a plan about to be inserted, null) the only default. */
async function takeDefault(tx: Tx, user: AdminPrincipal, keepId: number | null): Promise<void> {
  await defaultPlan(tx, user.organizationId)
  await tx.update(reminderPlan).set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(reminderPlan.organizationId, user.organizationId), eq(reminderPlan.isDefault, true), keepId === null ? undefined : ne(reminderPlan.id, keepId)))
}

export async function createPlan(db: Db, user: AdminPrincipal, input: PlanInput): Promise<ReminderPlan> {
  return db.transaction(async (tx) => {
    const steps = await checkSteps(tx, user.organizationId, input.steps)
    if (input.isDefault) await takeDefault(tx, user, null)
    else await defaultPlan(tx, user.organizationId)
    const [row] = await tx.insert(reminderPlan).values({ organizationId: user.organizationId, name: input.name, isDefault: input.isDefault, steps }).returning()
    await recordAudit(tx, user, {
      action: AUDIT_ACTION.reminderPlanCreated, targetType: 'reminder-plan', targetId: row!.uuid, detail: { summary: `${input.name}: ${steps.length} steps` },
    })
    return row!
  })
}

/** Whether appointments created without `reminders_enabled` get reminders (the organization's `reminders_by_default`). */
export async function remindersByDefault(db: Db, user: AdminPrincipal): Promise<boolean> {
  const [row] = await db.select({ on: organization.remindersByDefault }).from(organization).where(eq(organization.id, user.organizationId))
  return row?.on ?? true
}

/** Turns reminders for new appointments on or off for the user's organization, audited; false when it already was so. */
export async function setRemindersByDefault(db: Db, user: AdminPrincipal, on: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [changed] = await tx.update(organization).set({ remindersByDefault: on, updatedAt: new Date() })
      .where(and(eq(organization.id, user.organizationId), ne(organization.remindersByDefault, on))).returning({ id: organization.id })
    if (!changed) return false
    await recordAudit(tx, user, {
      action: AUDIT_ACTION.remindersByDefaultChanged, targetType: 'organization', targetId: String(user.organizationId), detail: { reminders_by_default: on },
    })
    return true
  })
}

export async function updatePlan(db: Db, user: AdminPrincipal, uuid: string, input: PlanInput): Promise<ReminderPlan> {
  return db.transaction(async (tx) => {
    const current = await findPlan(tx, user, uuid, true)
    if (current.isDefault && !input.isDefault) throw invalidField('is_default', 'make another plan the default instead: an organization always has one')
    const steps = await checkSteps(tx, user.organizationId, input.steps)
    if (input.isDefault && !current.isDefault) await takeDefault(tx, user, current.id)
    const [row] = await tx.update(reminderPlan).set({ name: input.name, isDefault: input.isDefault, steps, updatedAt: new Date() })
      .where(eq(reminderPlan.id, current.id)).returning()
    await recordAudit(tx, user, {
      action: AUDIT_ACTION.reminderPlanChanged, targetType: 'reminder-plan', targetId: current.uuid,
      detail: { summary: `${input.name}: ${steps.length} steps`, previous: { name: current.name, is_default: current.isDefault, steps: current.steps } },
    })
    return row!
  })
}
