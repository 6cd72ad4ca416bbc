import type { TestApp } from '../helpers/build.js'

/** A small valid definition: "ask" offers 1 (→ "thanks") and 2 (hang up). */
export function simpleDefinition(): Record<string, any> {
  return {
    version: 1,
    start: 'ask',
    nodes: [
      {
        id: 'ask',
        type: 'multi_choice',
        prompt: { script: 'Press 1 to confirm or 2 to cancel.' },
        choices: { '1': 'confirm', '2': 'cancel' },
        branches: { '1': 'thanks', '2': null },
      },
      { id: 'thanks', type: 'play_message', prompt: { script: 'Thank you.' } },
    ],
  }
}

export function surveyBody(overrides: Record<string, unknown> = {}) {
  return { name: 'Dentist reminder', description: 'asks to confirm', definition: simpleDefinition(), ...overrides }
}

/** A manager `username` with password `username`, created by the admin; returns its id. */
export async function addManager(call: TestApp['call'], username: string): Promise<number> {
  const res = await call({ method: 'POST', url: '/rest-api/user/', as: 'admin', payload: { username, password: username, role: 'manager' } })
  if (res.statusCode !== 201) throw new Error(`creating ${username}: ${res.statusCode} ${res.body}`)
  return res.json().id
}
