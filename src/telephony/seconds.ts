/**
 * A duration a carrier reports in whole seconds (`CallDuration`, `RecordingDuration`). Callbacks
 * are signed but their values are still text: anything but a plain non-negative integer that fits
 * PostgreSQL's `integer` (no `-5`, `1e400`, `3.7`) is treated as not reported.
 */
const MAX_SECONDS = 2_147_483_647

export function reportedSeconds(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,10}$/.test(raw.trim())) return undefined
  const seconds = Number(raw.trim())
  return seconds <= MAX_SECONDS ? seconds : undefined
}
