import { GATHER_TYPES, isValidAnswer, NAMED_KEYS, PROMPT_REQUIRED, rangeOf } from './nodes.js'
import { NodeType, type SurveyNode } from './types.js'
import {
  boolean,
  integerIn,
  isObject,
  nonEmptyString,
  promptProblems,
  unknownFields,
  type ValidationError,
} from './validate-fields.js'

/** Per-node checks: known type, fields allowed for that type, ranges, prompt, branch keys and targets. */

const COMMON_FIELDS = ['id', 'type', 'prompt', 'branches', 'retries', 'timeout', 'completed']
const TYPE_FIELDS: Readonly<Record<NodeType, readonly string[]>> = {
  play_message: [],
  multi_choice: ['choices', 'invalid_prompt'],
  rating: ['rating_laps', 'invalid_prompt'],
  capture_digits: ['number_digits', 'min', 'max', 'validate', 'invalid_prompt'],
  record_message: ['max_length', 'finish_on_key'],
  call_transfer: ['number', 'confirm_script', 'confirm_key'],
  hangup: [],
  conference: ['room'],
  dnc: [],
  sms: ['sms_text'],
}

const isNodeType = (value: unknown): value is NodeType => typeof value === 'string' && Object.hasOwn(NodeType, value)

export function checkNode(raw: unknown, index: number, ids: ReadonlySet<string>): ValidationError[] {
  if (!isObject(raw)) return [{ field: `nodes[${index}]`, message: 'must be an object' }]
  const nodeId = typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined
  const errors: ValidationError[] = []
  const add = (field: string, message: string | undefined) => {
    // A node without a usable id is named by its position instead.
    if (message !== undefined) errors.push(nodeId !== undefined ? { node: nodeId, field, message } : { field: `nodes[${index}].${field}`, message })
  }
  const optional = (field: string, check: (value: unknown) => string | undefined) => {
    if (raw[field] !== undefined) add(field, check(raw[field]))
  }

  if (nodeId === undefined) add('id', `node ${index + 1} needs a non-empty string id`)
  if (!isNodeType(raw.type)) {
    add('type', `unknown type ${JSON.stringify(raw.type)}; expected one of ${Object.keys(NodeType).join(', ')}`)
    return errors
  }
  const type = raw.type
  for (const field of unknownFields(raw, [...COMMON_FIELDS, ...TYPE_FIELDS[type]])) {
    add(field, `unknown field for a ${type} node`)
  }
  if (raw.prompt === undefined) {
    if (PROMPT_REQUIRED.has(type)) add('prompt', `a ${type} node needs a prompt with a script or an audio_url`)
  } else {
    for (const [field, message] of promptProblems(raw.prompt, 'prompt')) add(field, message)
  }
  if (raw.invalid_prompt !== undefined) {
    for (const [field, message] of promptProblems(raw.invalid_prompt, 'invalid_prompt')) add(field, message)
  }
  optional('retries', (value) => integerIn(value, 0, 10))
  optional('timeout', (value) => integerIn(value, 1, 60))
  optional('completed', boolean)

  const beforeTypeFields = errors.length
  switch (type) {
    case 'multi_choice':
      add('choices', choicesProblem(raw.choices))
      break
    case 'rating':
      optional('rating_laps', (value) => integerIn(value, 1, 9))
      break
    case 'capture_digits':
      optional('number_digits', (value) => integerIn(value, 1, 15))
      optional('min', (value) => integerIn(value, 0, Number.MAX_SAFE_INTEGER))
      optional('max', (value) => integerIn(value, 0, Number.MAX_SAFE_INTEGER))
      optional('validate', boolean)
      if (errors.length === beforeTypeFields) {
        const { min, max } = rangeOf(raw as SurveyNode)
        if (min > max) add('min', `min (${min}) is larger than max (${max})`)
      }
      break
    case 'record_message':
      optional('max_length', (value) => integerIn(value, 1, 3600))
      optional('finish_on_key', (value) =>
        typeof value === 'string' && /^[0-9*#]*$/.test(value) ? undefined : 'must be made of the keys 0-9, * and #',
      )
      break
    case 'call_transfer':
      add('number', raw.number === undefined ? 'a call_transfer node needs a number' : nonEmptyString(raw.number, 200))
      optional('confirm_script', nonEmptyString)
      optional('confirm_key', (value) =>
        typeof value === 'string' && /^[0-9*#]$/.test(value) ? undefined : 'must be one key: 0-9, * or #',
      )
      if (raw.confirm_key !== undefined && raw.confirm_script === undefined) {
        add('confirm_key', 'needs a confirm_script telling the callee which key to press')
      }
      break
    case 'conference':
      add('room', raw.room === undefined ? 'a conference node needs a room' : nonEmptyString(raw.room, 128))
      break
    case 'sms':
      add('sms_text', raw.sms_text === undefined ? 'an sms node needs an sms_text' : nonEmptyString(raw.sms_text, 1600))
      break
    default:
      break
  }
  // Digit keys are judged against the node's own answers, so they need sane fields first.
  if (raw.branches !== undefined) {
    const fieldsOk = errors.length === beforeTypeFields
    for (const [field, message] of branchProblems(raw as SurveyNode, raw.branches, ids, fieldsOk)) add(field, message)
  }
  return errors
}

function choicesProblem(value: unknown): string | undefined {
  if (!isObject(value) || Object.keys(value).length === 0) return 'a multi_choice node needs choices: {"1": "label", ...}'
  for (const [key, label] of Object.entries(value)) {
    if (!/^[0-9]$/.test(key)) return `choice key "${key}" must be a single digit 0-9`
    if (typeof label !== 'string' || label.trim() === '') return `choice "${key}" needs a non-empty label`
  }
  return undefined
}

function branchProblems(node: SurveyNode, value: unknown, ids: ReadonlySet<string>, fieldsOk: boolean): [string, string][] {
  if (!isObject(value)) return [['branches', 'must be an object of key -> node id (or null to hang up)']]
  const named = NAMED_KEYS[node.type] ?? []
  const problems: [string, string][] = []
  for (const [key, target] of Object.entries(value)) {
    const field = `branches.${key}`
    if (/^[0-9]+$/.test(key) && GATHER_TYPES.has(node.type)) {
      if (fieldsOk && !isValidAnswer(node, key)) problems.push([field, `"${key}" is not an answer this node accepts`])
    } else if (!named.includes(key)) {
      const allowed = GATHER_TYPES.has(node.type) ? ['its answers', ...named] : named
      problems.push([field, `a ${node.type} node takes ${allowed.length ? allowed.join(', ') : 'no branches'}`])
    }
    if (target !== null && typeof target !== 'string') problems.push([field, 'must be a node id or null'])
    else if (typeof target === 'string' && !ids.has(target)) problems.push([field, `branches to missing node "${target}"`])
  }
  return problems
}
