// @ts-check
/**
 * What the demo checks before publishing a notification from the page's form,
 * its sample notifications, and reading and answering JSON.
 */
import { NotificationServerError } from 'vue-sse-notifications/server'

/**
 * @typedef {import('./contract-server.mjs').NotificationInput} NotificationInput
 * @typedef {{ maxMessageLength: number, maxTitleLength: number, maxLinkLength: number }} InputLimits
 */

/** Thrown by `publish()` (and answered as 400) when the input breaks the contract. */
export class DemoServerValidationError extends NotificationServerError {
  /**
   * @param {string} message
   * @param {string} [field]
   */
  constructor(message, field) {
    super(400, 'invalid_request', message)
    this.name = 'DemoServerValidationError'
    /** @type {string | undefined} */
    this.field = field
  }
}

const SAMPLE_MESSAGES = [
  { title: 'Build passed', message: 'main is green again after 14 minutes.' },
  { title: 'New comment', message: 'Ada replied to your review: "Looks good, one nit."', link: '/reviews/42' },
  { title: 'Deploy finished', message: 'Version 2.3.1 is live in production.' },
  { message: 'Your export is ready to download.', link: '/exports/latest' },
  { title: 'Mention', message: 'Grace mentioned you in #release-planning.' },
  { title: 'Reminder', message: 'Stand-up starts in 10 minutes.' },
  { title: 'Security', message: 'A new sign-in to your account from Firefox on Linux.' },
  { message: 'Three tasks are due tomorrow.' },
]

/**
 * @param {number} index
 * @returns {NotificationInput}
 */
export function sampleNotification(index) {
  const sample = SAMPLE_MESSAGES[((index % SAMPLE_MESSAGES.length) + SAMPLE_MESSAGES.length) % SAMPLE_MESSAGES.length]
  return { ...(/** @type {NotificationInput} */ (sample)) }
}

/**
 * @param {unknown} input
 * @param {InputLimits} limits
 * @returns {NotificationInput}
 */
export function validateInput(input, limits) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new DemoServerValidationError('the body must be a JSON object')
  }
  const { message, title, link } = /** @type {Record<string, unknown>} */ (input)
  if (typeof message !== 'string' || message.trim() === '') {
    throw new DemoServerValidationError('message must be a non-empty string', 'message')
  }
  if (message.length > limits.maxMessageLength) {
    throw new DemoServerValidationError(`message must be at most ${limits.maxMessageLength} characters`, 'message')
  }
  /** @type {NotificationInput} */
  const result = { message }
  if (title !== undefined && title !== null) {
    if (typeof title !== 'string') throw new DemoServerValidationError('title must be a string', 'title')
    if (title.length > limits.maxTitleLength) {
      throw new DemoServerValidationError(`title must be at most ${limits.maxTitleLength} characters`, 'title')
    }
    if (title.trim() !== '') result.title = title
  }
  if (link !== undefined && link !== null) {
    if (typeof link !== 'string') throw new DemoServerValidationError('link must be a string', 'link')
    if (link.length > limits.maxLinkLength) {
      throw new DemoServerValidationError(`link must be at most ${limits.maxLinkLength} characters`, 'link')
    }
    if (link !== '') {
      if (!isSafeLink(link)) throw new DemoServerValidationError('link must be an http(s) URL or a relative URL', 'link')
      result.link = link
    }
  }
  return result
}

/** @param {string} link */
function isSafeLink(link) {
  for (const char of link) {
    if (char.charCodeAt(0) < 0x20 || /\s/.test(char)) return false
  }
  if (/^https?:\/\//i.test(link)) {
    try {
      new URL(link)
      return true
    } catch {
      return false
    }
  }
  // Relative: no scheme before the first `/`, `?` or `#`, and not protocol-relative.
  return !link.startsWith('//') && !/^[a-z][a-z\d+.-]*:/i.test(link)
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} maxBodyBytes
 * @returns {Promise<unknown>} The parsed body, or undefined when it is empty.
 */
export async function readJson(req, maxBodyBytes) {
  const preParsed = /** @type {{ body?: unknown }} */ (req).body
  if (preParsed !== undefined) return preParsed
  const tooLarge = () => new NotificationServerError(413, 'payload_too_large', `the body must be at most ${maxBodyBytes} bytes`)
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    req.resume()
    throw tooLarge()
  }
  /** @type {Buffer[]} */
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : /** @type {Buffer} */ (chunk)
    size += buffer.length
    if (size > maxBodyBytes) {
      req.resume()
      throw tooLarge()
    }
    chunks.push(buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8').trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new NotificationServerError(400, 'invalid_json', 'the body is not valid JSON')
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Readonly<Record<string, string>>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body)
  const type = 'application/json; charset=utf-8'
  res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' }).end(text)
}
