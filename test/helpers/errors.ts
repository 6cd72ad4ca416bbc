/**
 * The problem a 400 names for `field`, in either error format (README, "Compatibility and error format"): Tocsin's
 * `{"error": {"fields": {field: problem}}}` on its own surfaces, Django REST framework's `{field: [problem, …]}` on the
 * originals' (there a nested field such as `emails.0.email` is reported under its top field, `emails`).
 */
export function fieldError(body: any, field: string): string | undefined {
  if (body?.error?.fields) return body.error.fields[field]
  const problems = body?.[field.split('.')[0]!]
  return Array.isArray(problems) ? problems.join(' ') : undefined
}
