/** Small fetch helpers for the demo endpoints. */

import type { DemoServerStats as DemoStats } from './server/contract-server.mjs'

export type { DemoStats }

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const json: unknown = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const message = (json as { message?: unknown } | undefined)?.message
    throw new ApiError(typeof message === 'string' ? message : `HTTP ${response.status}`, response.status)
  }
  return json as T
}

export interface NotificationInput {
  message: string
  title?: string
  link?: string
}

export const api = {
  publish: (input: NotificationInput) => request<{ id: string }>('POST', '/api/notifications', input),
  drop: () => request<{ dropped: number }>('POST', '/api/demo/drop'),
  outage: (seconds: number) => request<{ until: string | null }>('POST', '/api/demo/outage', { seconds }),
  stats: () => request<DemoStats>('GET', '/api/demo/stats'),
}
