import { NotificationServerError } from './NotificationServerError.js'
import { RESERVED_IDS } from './http.js'
import type { NewNotification } from './storage.js'

export interface PublishOptions {
  /**
   * Creation time, for importing older notifications: it must be later than
   * every time the user already has. @default now (or 1 ms after the user's newest time)
   */
  createdAt?: Date
  /** Send a `notification` event to the user's streams; false stores it only (an import the clients load over REST). @default true */
  broadcast?: boolean
}

/** Fields the server owns: a published notification may not bring them. */
const OWNED_FIELDS = ['createdAt', 'readAt', 'updatedAt'] as const

/** Checks what the app publishes and turns it into what a storage stores. */
export function prepareNotification(notification: object & { id?: unknown }, options: PublishOptions, createId: () => string): NewNotification {
  if (typeof notification !== 'object' || notification === null || Array.isArray(notification)) {
    throw invalid('a notification must be an object')
  }
  const { id = createId(), ...fields } = notification as Record<string, unknown>
  if (typeof id !== 'string' || id === '' || id.length > 256) throw invalid('id must be a non-empty string of at most 256 characters')
  if (RESERVED_IDS.includes(id)) throw invalid(`id ${JSON.stringify(id)} names a route`)
  const owned = OWNED_FIELDS.filter((field) => field in fields)
  if (owned.length > 0) throw invalid(`${owned.join(', ')} ${owned.length === 1 ? 'is' : 'are'} set by the server`)
  let body: string
  try {
    body = JSON.stringify(fields)
  } catch (error) {
    throw invalid(`a notification must be JSON-serialisable (${error instanceof Error ? error.message : String(error)})`)
  }
  let createdAt: number | undefined
  if (options.createdAt !== undefined) {
    createdAt = options.createdAt instanceof Date ? options.createdAt.getTime() : Number.NaN
    if (!Number.isFinite(createdAt) || createdAt < 0) throw invalid('createdAt must be a valid Date')
  }
  return { id, body, broadcast: options.broadcast ?? true, ...(createdAt === undefined ? {} : { createdAt }) }
}

function invalid(message: string): NotificationServerError {
  return new NotificationServerError(400, 'invalid_notification', message)
}
