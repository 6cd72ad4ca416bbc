import { Type } from 'typebox'
import { Nullable } from '../kit/nullable.js'

const definition = Type.Unknown({
  description: 'the IVR survey definition JSON (version, start, nodes…); validated on every write, errors name the node',
})

/** An editable survey as the API shows it. */
export const Survey = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  name: Type.String(),
  description: Type.String(),
  tts_language: Type.String(),
  tts_voice: Type.String(),
  definition,
  created_date: Type.String({ format: 'date-time' }),
  updated_date: Type.String({ format: 'date-time' }),
})

/** An immutable copy made by sealing (or a built-in template): what alarms and calendar settings use. */
export const SealedSurvey = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  name: Type.String(),
  description: Type.String(),
  tts_language: Type.String(),
  tts_voice: Type.String(),
  definition,
  survey: Nullable(Type.String({ description: 'hyperlink to the survey it was sealed from' })),
  builtin: Type.Boolean({ description: 'a built-in template shared with every manager' }),
  created_date: Type.String({ format: 'date-time' }),
})

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Nullable(Type.String({ maxLength: 5000 })),
  tts_language: Type.String({
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
    maxLength: 35,
    description: 'BCP 47 language tag, e.g. en-US; default the definition\'s tts.language, else en-US',
  }),
  tts_voice: Type.String({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
    maxLength: 64,
    description: 'TTS voice, e.g. Polly.Joanna, man, woman or Google.en-US-Standard-C, able to speak tts_language; default the definition\'s tts.voice, else a voice for the language (Polly.Joanna for en-US)',
  }),
  definition,
}

export const SurveyCreate = Type.Object({
  name: writable.name,
  description: Type.Optional(writable.description),
  tts_language: Type.Optional(writable.tts_language),
  tts_voice: Type.Optional(writable.tts_voice),
  definition: writable.definition,
})

export const SurveyPatch = Type.Object({
  name: Type.Optional(writable.name),
  description: Type.Optional(writable.description),
  tts_language: Type.Optional(writable.tts_language),
  tts_voice: Type.Optional(writable.tts_voice),
  definition: Type.Optional(writable.definition),
})
