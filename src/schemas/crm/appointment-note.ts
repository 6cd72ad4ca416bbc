import { Type } from 'typebox'
import { OrganizationQuery } from './common.js'
import { Nullable } from '../../kit/nullable.js'
import { PAGE_SIZES, pageSizeDescription } from '../../kit/pagination.js'
import { Id, Int4 } from '../../kit/ids.js'

export const AppointmentNote = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  note: Type.String(),
  type: Type.Integer({ description: '1 Primary, 2 Secondary, 3 OOO Reason, 4 OOO Note' }),
  appointments: Type.Array(Type.String({ description: 'appointment hyperlink' })),
})

const writable = {
  note: Nullable(Type.String({ maxLength: 10_000 })),
  type: Type.Union([Type.Integer(), Type.String()], { description: '1..4 or Primary, Secondary, OOO Reason, OOO Note; default 1' }),
  appointments: Nullable(Type.Array(Type.String(), {
    description: 'appointment hyperlinks or UUIDs to attach the note to (at most one note of each type per appointment); left out = unchanged',
  })),
}

/** POST and PUT: `note` is required (it may be empty); PUT resets `type` to 1 when left out. */
export const AppointmentNoteWrite = Type.Object({
  note: writable.note,
  type: Type.Optional(writable.type),
  appointments: Type.Optional(writable.appointments),
})
export const AppointmentNotePatch = Type.Partial(Type.Object(writable))

export const AppointmentNoteListQuery = Type.Object({
  ...OrganizationQuery,
  limit: Type.Optional(Id({ description: pageSizeDescription(PAGE_SIZES.limitOffset) })),
  offset: Type.Optional(Int4()),
  appointment: Type.Optional(Type.String({ description: 'notes of this appointment (UUID or hyperlink)' })),
  type: Type.Optional(Type.String({ description: '1..4 or the label' })),
})
