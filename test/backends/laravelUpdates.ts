import type { ServerResponse } from 'node:http'
import { laravelTime, type TutorialServerOptions } from './laravelClock'
import { SeedServer, sleep } from './seedServer'

/** Headers both variants of the tutorial set. */
const HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' }

/** Carbon's `now()` as a string: `Y-m-d H:i:s`. */
function carbonNow(): string {
  return `${new Date().toISOString().slice(0, 10)} ${laravelTime()}`
}

export interface LaravelUpdatesOptions extends TutorialServerOptions {
  /**
   * `loop`: the first route, which keeps the response open and writes an
   * update every 5 s; `broadcast`: the route of part 4e, which writes one
   * message, sleeps 3 s and returns, so that every response ends after one
   * message and the browser reconnects.
   * @default 'loop'
   */
  variant?: 'loop' | 'broadcast'
}

/**
 * Seed 001: Laravel's `/sse` route, in either of the tutorial's versions.
 *
 * ```php
 * // loop
 * while (true) {
 *     echo "data: " . json_encode(['message' => 'New update at ' . now()]) . "\n\n";
 *     ob_flush(); flush(); sleep(5);
 * }
 * // broadcast (the response ends after it)
 * event(new MessageSent('Hello from Laravel!'));
 * echo "data: " . json_encode(['message' => 'New broadcasted message at ' . now()]) . "\n\n";
 * ob_flush(); flush(); sleep(3);
 * ```
 */
export function laravelUpdates({ interval = 150, fallback, variant = 'loop' }: LaravelUpdatesOptions = {}): SeedServer {
  /** Writes one message; `false` once the client is gone. */
  const send = (res: ServerResponse, stream: number, prefix: string): boolean => {
    const message = `${prefix} ${carbonNow()}`
    return server.write(res, stream, `data: ${JSON.stringify({ message })}\n\n`, message)
  }
  const server: SeedServer = new SeedServer(
    {
      '/sse': (_req, res) => {
        const stream = server.openStream(res)
        res.writeHead(200, HEADERS)
        void (async () => {
          if (variant === 'broadcast') {
            // `event(new MessageSent(…))` goes to Pusher: nothing of it reaches this response.
            send(res, stream, 'New broadcasted message at')
            await sleep(interval)
            res.end()
            return
          }
          while (send(res, stream, 'New update at')) await sleep(interval)
        })()
      },
    },
    fallback,
  )
  return server
}
