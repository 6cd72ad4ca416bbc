/**
 * Who a reminder is for, as far as today's data tell: events and calls carry the patient in their data
 * (`first_name`, `last_name`, or one `name` / `patient_name`), the fields the reminder scripts speak.
 */
export const NAME_FIELDS = ['first_name', 'last_name', 'name', 'patient_name'] as const

export function patientName(data: unknown): string | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null
  const record = data as Record<string, unknown>
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string).trim() : '')
  const full = [text('first_name'), text('last_name')].filter(Boolean).join(' ')
  return full || text('patient_name') || text('name') || null
}
