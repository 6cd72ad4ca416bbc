import { branchOf, isGather, ratingLapsOf } from './nodes.js'
import type { SurveyDefinition, SurveyNode } from './types.js'
import type { ValidationError } from './validate-fields.js'

/**
 * Whole-survey checks, run once every node is well formed: every node is reachable from the
 * start, and from every node some path ends the call (no loop without a way out).
 */
export function checkGraph(definition: SurveyDefinition): ValidationError[] {
  const byId = new Map(definition.nodes.map((node) => [node.id, node]))
  const reachable = new Set<string>()
  const queue = [definition.start]
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reachable.has(id)) continue
    reachable.add(id)
    queue.push(...targetsOf(byId.get(id)))
  }

  // Grow the set of nodes that can end the call backwards until it stops changing.
  const ending = new Set(definition.nodes.filter(canEndHere).map((node) => node.id))
  for (let grown = true; grown; ) {
    grown = false
    for (const node of definition.nodes) {
      if (!ending.has(node.id) && targetsOf(node).some((target) => ending.has(target))) {
        ending.add(node.id)
        grown = true
      }
    }
  }

  const errors: ValidationError[] = []
  const trapped = definition.nodes.filter((node) => reachable.has(node.id) && !ending.has(node.id))
  const loop = trapped.map((node) => node.id).join(', ')
  for (const node of definition.nodes) {
    if (!reachable.has(node.id)) {
      errors.push({ node: node.id, field: 'id', message: 'unreachable: no path from the start node leads here' })
    } else if (!ending.has(node.id)) {
      errors.push({ node: node.id, field: 'branches', message: `no path from here ends the call (loop among ${loop})` })
    }
  }
  return errors
}

function targetsOf(node: SurveyNode | undefined): string[] {
  return Object.values(node?.branches ?? {}).filter((target): target is string => typeof target === 'string')
}

/** Whether some input (or none) at this node ends the call directly, mirroring walk.ts and input.ts. */
function canEndHere(node: SurveyNode): boolean {
  const branches = Object.values(node.branches ?? {})
  if (branches.includes(null)) return true
  if (node.type === 'hangup') return true
  if (node.type === 'record_message') return branchOf(node, 'default') === undefined
  if (!isGather(node)) return branchOf(node, 'default') === undefined
  // Silence with no timeout branch ends with a goodbye; so does a valid answer with no branch.
  if (branchOf(node, 'timeout') === undefined) return true
  if (branchOf(node, 'any') !== undefined) return false
  // capture_digits has too many answers for exact branches to cover them all.
  if (node.type === 'capture_digits') return true
  const answers =
    node.type === 'rating'
      ? Array.from({ length: ratingLapsOf(node) }, (_, index) => String(index + 1))
      : Object.keys(node.choices ?? {})
  return answers.some((digits) => branchOf(node, digits) === undefined)
}
