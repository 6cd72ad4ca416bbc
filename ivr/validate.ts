import { AlarmResult, type SurveyDefinition } from './types.js'
import { checkGraph } from './validate-graph.js'
import { boolean, isObject, promptProblems, unknownFields, type ValidationError } from './validate-fields.js'
import { checkNode } from './validate-node.js'

export type { ValidationError } from './validate-fields.js'
export type ValidationResult =
  | { ok: true; definition: SurveyDefinition }
  | { ok: false; errors: ValidationError[] }

const TOP_FIELDS = ['version', 'start', 'tts', 'allow_repeat', 'result_map', 'goodbye', 'voicemail', 'nodes']
/** Errors in these fields make the node graph meaningless, so the graph checks wait for them. */
const STRUCTURAL = new Set(['id', 'type', 'start', 'nodes', 'branches'])

/** Checks a definition before it is saved or run; every error names its node (when it has one) and field. */
export function validateDefinition(json: unknown): ValidationResult {
  if (!isObject(json)) return { ok: false, errors: [{ field: '', message: 'a survey definition must be a JSON object' }] }
  const errors: ValidationError[] = unknownFields(json, TOP_FIELDS).map((field) => ({ field, message: 'unknown field' }))
  const add = (field: string, message: string | undefined) => {
    if (message !== undefined) errors.push({ field, message })
  }

  if (json.version !== 1) add('version', 'must be 1')
  if (json.tts !== undefined) add('tts', ttsProblem(json.tts))
  if (json.allow_repeat !== undefined) add('allow_repeat', boolean(json.allow_repeat))
  if (json.result_map !== undefined) add('result_map', resultMapProblem(json.result_map))
  for (const field of ['goodbye', 'voicemail'] as const) {
    if (json[field] !== undefined) for (const [where, message] of promptProblems(json[field], field)) add(where, message)
  }

  const nodes = Array.isArray(json.nodes) ? json.nodes : []
  if (nodes.length === 0) add('nodes', 'must be a non-empty array of nodes')
  const ids = new Set<string>()
  for (const node of nodes) {
    if (!isObject(node) || typeof node.id !== 'string') continue
    if (ids.has(node.id)) errors.push({ node: node.id, field: 'id', message: `duplicate node id "${node.id}"` })
    ids.add(node.id)
  }
  for (const [index, node] of nodes.entries()) errors.push(...checkNode(node, index, ids))
  if (typeof json.start !== 'string' || json.start === '') add('start', 'must name the first node')
  else if (!ids.has(json.start)) add('start', `start node "${json.start}" does not exist`)

  if (errors.some((error) => STRUCTURAL.has(error.field.split(/[.[]/)[0] ?? ''))) return { ok: false, errors }
  const definition = json as SurveyDefinition
  errors.push(...checkGraph(definition))
  return errors.length === 0 ? { ok: true, definition } : { ok: false, errors }
}

function ttsProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'must be an object {language?, voice?}'
  const unknown = unknownFields(value, ['language', 'voice'])
  if (unknown.length > 0) return `unknown field ${unknown.join(', ')}`
  const bad = ['language', 'voice'].find((key) => value[key] !== undefined && typeof value[key] !== 'string')
  return bad === undefined ? undefined : `${bad} must be a string`
}

function resultMapProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'must be an object of digit -> result'
  const results: readonly unknown[] = Object.values(AlarmResult)
  for (const [key, result] of Object.entries(value)) {
    if (!/^[0-9]$/.test(key)) return `key "${key}" must be a single digit`
    if (!results.includes(result)) return `"${key}" must map to one of ${results.join(', ')}`
  }
  return undefined
}
