import { and, count, eq } from 'drizzle-orm'
import type { Db } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import { event, rule, type Rule } from '../db/schema/index.js'
import { conflict, invalidField, notFound } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
import { parseRule } from '../recurrence/rule-params.js'
import { checkCanEdit, ownerFor } from './owners.js'
import { organizationForNewRow, readableBy } from '../accounts/sharing.js'

export interface RuleInput {
  name?: string
  description?: string
  frequency?: string
  params?: string | null
  rrule?: string | null
  user?: unknown
}

/** Everyone sees the system rules, their organization's shared ones and their (manager's) own (sharing.ts); admins all. */
export async function listRules(db: Db, principal: Principal, limit: number, offset: number) {
  const where = readableBy(rule, principal)
  const [total] = await db.select({ n: count() }).from(rule).where(where)
  const rows = await db.select().from(rule).where(where).orderBy(rule.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getRule(db: Db, principal: Principal, id: number): Promise<Rule> {
  const [row] = await db.select().from(rule).where(and(eq(rule.id, id), readableBy(rule, principal)))
  if (!row) throw notFound('Rule')
  return row
}

/**
 * frequency + params, or rrule, or both (they must agree) → the canonical pair. Parsed, never
 * evaluated. On update, what is not given comes from the stored rule: params alone keep the stored
 * frequency; a new frequency keeps the stored params (re-checked against it); an rrule replaces both.
 */
function readRule(input: RuleInput, stored?: Rule) {
  const hasRrule = input.rrule !== undefined && input.rrule !== null && input.rrule.trim() !== ''
  const parsed = hasRrule
    ? parseRule({ frequency: input.frequency, params: input.params || undefined, rrule: input.rrule })
    : parseRule({
      frequency: input.frequency ?? stored?.frequency,
      params: input.params !== undefined ? input.params : stored?.params ?? null,
    })
  if (!parsed.ok) throw invalidField(parsed.field, parsed.message.replace(`${parsed.field}: `, ''))
  return parsed.rule
}

export async function createRule(db: Db, principal: Principal, input: RuleInput & { name: string }): Promise<Rule> {
  const ownerId = await ownerFor(db, principal, input.user, 'shared')
  const parsed = readRule(input)
  const [row] = await db.insert(rule).values({
    name: input.name,
    description: input.description ?? '',
    ...parsed,
    organizationId: await organizationForNewRow(db, principal, ownerId),
    userId: ownerId,
  }).returning()
  return row!
}

export async function updateRule(db: Db, principal: Principal, id: number, input: RuleInput): Promise<Rule> {
  const stored = await getRule(db, principal, id)
  checkCanEdit(principal, stored.userId, 'rules')
  const touchesRule = input.frequency !== undefined || input.params !== undefined || (input.rrule ?? '') !== ''
  const parsed = touchesRule ? readRule(input, stored) : {}
  const [row] = await db.update(rule).set({
    name: input.name,
    description: input.description,
    ...parsed,
    updatedDate: new Date(),
  }).where(eq(rule.id, id)).returning()
  return row!
}

/** A rule that events (even deleted ones, whose history remains) recur by cannot be deleted: 409. */
export async function deleteRule(db: Db, principal: Principal, id: number): Promise<void> {
  const stored = await getRule(db, principal, id)
  checkCanEdit(principal, stored.userId, 'rules')
  const [used] = await db.select({ n: count() }).from(event).where(eq(event.ruleId, id))
  if ((used?.n ?? 0) > 0) throw conflict(`This rule is used by ${used!.n} event(s); give them another rule first`)
  try {
    await db.delete(rule).where(eq(rule.id, id))
  } catch (err) {
    if (pgErrorCode(err) === PG.foreignKeyViolation) throw conflict('This rule is in use')
    throw err
  }
}
