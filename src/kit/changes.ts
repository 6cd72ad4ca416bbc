/**
 * Whether an update names anything to change. A PATCH whose body is empty after parsing (`{}`, or only unknown
 * fields, which the schemas strip) leaves every value undefined, and drizzle refuses an UPDATE with nothing to SET
 * ("No values to set"): such a PATCH is a no-op that answers the object as it is.
 */
export function hasChanges(values: Record<string, unknown>): boolean {
  return Object.values(values).some((value) => value !== undefined)
}
