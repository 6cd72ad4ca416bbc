// Tables are the source of truth: drizzle-kit generates sql/ from these files.
export * from './organization.js'
export * from './user.js'
export * from './api-token.js'
export * from './login-failure.js'
export * from './survey.js'
