export interface ValidationIssue {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
  data?: unknown
}

/** The Python type name DRF puts in its messages ("Expected a list of items but got type \"str\"."). */
function pythonType(value: unknown): string {
  if (value === null) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  switch (typeof value) {
    case 'string': return 'str'
    case 'number': return Number.isInteger(value) ? 'int' : 'float'
    case 'boolean': return 'bool'
    case 'object': return 'dict'
    default: return typeof value
  }
}

function typeProblem(expected: string, data: unknown): string {
  const types = expected.split(',')
  if (data === null && !types.includes('null')) return 'This field may not be null.'
  if (types.includes('integer')) return 'A valid integer is required.'
  if (types.includes('number')) return 'A valid number is required.'
  if (types.includes('boolean')) return 'Must be a valid boolean.'
  if (types.includes('array')) return `Expected a list of items but got type "${pythonType(data)}".`
  if (types.includes('object')) return `Expected a dictionary of items but got type "${pythonType(data)}".`
  return 'Not a valid string.'
}

/** An Ajv issue in Django REST framework's words (rest_framework/fields.py default_error_messages). */
export function drfProblem(issue: ValidationIssue): string {
  const p = issue.params
  switch (issue.keyword) {
    case 'type':
      if (issue.instancePath === '' && String(p.type).includes('object')) return `Invalid data. Expected a dictionary, but got ${pythonType(issue.data)}.`
      return typeProblem(String(p.type), issue.data)
    case 'minLength': return Number(p.limit) <= 1 ? 'This field may not be blank.' : `Ensure this field has at least ${String(p.limit)} characters.`
    case 'maxLength': return `Ensure this field has no more than ${String(p.limit)} characters.`
    case 'minimum': return `Ensure this value is greater than or equal to ${String(p.limit)}.`
    case 'maximum': return `Ensure this value is less than or equal to ${String(p.limit)}.`
    case 'minItems': return Number(p.limit) <= 1 ? 'This list may not be empty.' : `Ensure this field has at least ${String(p.limit)} elements.`
    case 'maxItems': return `Ensure this field has no more than ${String(p.limit)} elements.`
    case 'enum': return `"${String(issue.data)}" is not a valid choice.`
    case 'format': return p.format === 'uuid' ? 'Must be a valid UUID.' : `Enter a valid ${String(p.format)}.`
    case 'pattern': return 'This value does not match the required pattern.'
    default: return issue.message ?? 'Invalid value.'
  }
}
