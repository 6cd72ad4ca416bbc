import { eq } from 'drizzle-orm'
import { templates, validateDefinition } from '../../ivr/index.js'
import { sealedSurvey } from '../db/schema/index.js'
import type { Seeder } from '../db/seeder.js'
import { ttsDefaults } from './surveys.js'

/**
 * Seals every built-in template (ivr/templates) once, in the templates' order, so that on a fresh
 * install sealed-survey 1 is the appointment reminder (the README's calendar walkthrough uses it). A template
 * already sealed is left alone: sealed surveys never change, and alarms may already point at it.
 */
export const seedBuiltinSurveys: Seeder = async ({ db, logger }) => {
  for (const template of templates) {
    const [existing] = await db.select({ id: sealedSurvey.id }).from(sealedSurvey).where(eq(sealedSurvey.templateKey, template.key))
    if (existing) continue
    // Templates ship with the code and are covered by the engine's tests, but a broken one must
    // stop start-up rather than be dialled.
    const checked = validateDefinition(template.definition)
    if (!checked.ok) throw new Error(`built-in survey "${template.key}" is invalid: ${JSON.stringify(checked.errors)}`)
    const [row] = await db.insert(sealedSurvey).values({
      name: template.name,
      description: template.description,
      ...ttsDefaults(checked.definition),
      definition: checked.definition,
      userId: null,
      builtin: true,
      templateKey: template.key,
    }).onConflictDoNothing({ target: sealedSurvey.templateKey }).returning({ id: sealedSurvey.id })
    if (row) logger.info({ sealedSurvey: row.id, template: template.key }, 'built-in survey sealed')
  }
}
