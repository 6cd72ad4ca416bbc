// Which text-to-speech voice speaks which language, as Twilio's <Say> offers them: `man` and `woman` for a few
// languages, Amazon Polly voices (`Polly.Joanna`, `Polly.Joanna-Neural`), each speaking one language, and Google voices
// (`Google.en-US-Standard-C`), whose name carries their language. An invalid pair can make the <Say> fail
// (https://www.twilio.com/docs/voice/twiml/say), so a survey's pair is checked when it is written. `alice`, the
// old default, is no longer in Twilio's list.

/** Polly voices by language (Twilio's language codes), from Amazon Polly's voice list. */
const POLLY_BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = {
  'en-US': ['Joanna', 'Matthew', 'Ivy', 'Justin', 'Kendra', 'Kimberly', 'Salli', 'Joey', 'Kevin', 'Ruth', 'Stephen', 'Danielle', 'Gregory'],
  'en-GB': ['Amy', 'Emma', 'Brian', 'Arthur'],
  'en-AU': ['Nicole', 'Russell', 'Olivia'],
  'en-IN': ['Aditi', 'Raveena', 'Kajal'],
  'en-NZ': ['Aria'],
  'en-ZA': ['Ayanda'],
  'en-IE': ['Niamh'],
  'en-GB-WLS': ['Geraint'],
  'cy-GB': ['Gwyneth'],
  'de-DE': ['Vicki', 'Marlene', 'Hans', 'Daniel'],
  'de-AT': ['Hannah'],
  'fr-FR': ['Lea', 'Celine', 'Mathieu', 'Remi'],
  'fr-CA': ['Chantal', 'Gabrielle', 'Liam'],
  'es-ES': ['Lucia', 'Conchita', 'Enrique', 'Sergio'],
  'es-MX': ['Mia', 'Andres'],
  'es-US': ['Lupe', 'Penelope', 'Miguel', 'Pedro'],
  'it-IT': ['Bianca', 'Carla', 'Giorgio', 'Adriano'],
  'nl-NL': ['Lotte', 'Ruben', 'Laura'],
  'pt-BR': ['Camila', 'Vitoria', 'Ricardo', 'Thiago'],
  'pt-PT': ['Ines', 'Cristiano'],
  'da-DK': ['Naja', 'Mads', 'Sofie'],
  'sv-SE': ['Astrid', 'Elin'],
  'nb-NO': ['Liv', 'Ida'],
  'pl-PL': ['Ewa', 'Maja', 'Jacek', 'Jan', 'Ola'],
  'ru-RU': ['Tatyana', 'Maxim'],
  'tr-TR': ['Filiz', 'Burcu'],
  'ro-RO': ['Carmen'],
  'is-IS': ['Dora', 'Karl'],
  'ja-JP': ['Mizuki', 'Takumi', 'Kazuha', 'Tomoko'],
  'ko-KR': ['Seoyeon'],
  'cmn-CN': ['Zhiyu'],
  'arb': ['Zeina'],
  'ar-AE': ['Hala', 'Zayd'],
  'hi-IN': ['Aditi', 'Kajal'],
}

/** Twilio's basic voices speak only these. */
const BASIC_LANGUAGES = ['en', 'en-US', 'en-GB', 'es', 'es-ES', 'fr', 'fr-FR', 'de', 'de-DE']
const BASIC_VOICES = ['man', 'woman']

const POLLY = /^Polly\.([A-Za-z]+)(?:-(Neural|Generative))?$/
const GOOGLE = /^Google\.([a-z]{2,3}-[A-Z]{2})-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/

export const DEFAULT_TTS_LANGUAGE = 'en-US'
export const DEFAULT_TTS_VOICE = 'Polly.Joanna'

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** The languages a voice speaks, or null for a voice Twilio does not offer. */
function languagesOf(voice: string): string[] | null {
  if (BASIC_VOICES.includes(voice)) return BASIC_LANGUAGES
  const polly = POLLY.exec(voice)
  if (polly) {
    const languages = Object.entries(POLLY_BY_LANGUAGE).filter(([, names]) => names.includes(polly[1]!)).map(([language]) => language)
    return languages.length > 0 ? languages : null
  }
  const google = GOOGLE.exec(voice)
  return google ? [google[1]!] : null
}

/** Why `voice` cannot speak `language` (in words, for a 400), or null when it can. */
export function voiceProblem(voice: string, language: string): string | null {
  const languages = languagesOf(voice)
  if (languages === null) {
    const hint = voice === 'alice' ? ' (alice is no longer offered)' : ''
    return `${voice} is not a Twilio voice${hint}; use e.g. ${defaultVoiceFor(language) ?? DEFAULT_TTS_VOICE}, man or woman, or a Google.<language>-… voice`
  }
  if (languages.some((l) => same(l, language))) return null
  return `${voice} does not speak ${language} (it speaks ${languages.join(', ')})${defaultVoiceFor(language) ? `; ${defaultVoiceFor(language)} does` : ''}`
}

/** A voice for the language: the first Polly voice listed for it; null when none is known. */
export function defaultVoiceFor(language: string): string | null {
  const entry = Object.entries(POLLY_BY_LANGUAGE).find(([l]) => same(l, language))
  return entry ? `Polly.${entry[1][0]}` : null
}
