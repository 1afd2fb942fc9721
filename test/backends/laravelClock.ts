import type { RequestListener } from 'node:http'
import { SeedServer, sleep } from './seedServer'

export interface TutorialServerOptions {
  /** The tutorial's sleep between messages, shortened. @default 150 */
  interval?: number
  /** Serves every request the tutorial's routes do not: the test page. */
  fallback?: RequestListener
}

/** `H:i:s` of Laravel's `now()` (UTC, the default app timezone). */
export function laravelTime(date = new Date()): string {
  return date.toISOString().slice(11, 19)
}

/**
 * Seed 000: a Laravel controller streaming the server time.
 *
 * ```php
 * return response()->stream(function () {
 *     while (true) {
 *         echo "event: message\n";
 *         echo 'data: ' . json_encode(['time' => now()->format('H:i:s')]) . "\n\n";
 *         ob_flush(); flush();
 *         sleep(2);
 *     }
 * }, 200, ['Content-Type' => 'text/event-stream', 'Cache-Control' => 'no-cache', 'Connection' => 'keep-alive']);
 * ```
 */
export function laravelClock({ interval = 150, fallback }: TutorialServerOptions = {}): SeedServer {
  const server: SeedServer = new SeedServer(
    {
      '/stream': (_req, res) => {
        const stream = server.openStream(res)
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
        void (async () => {
          for (;;) {
            const time = laravelTime()
            // PHP ends the script at the first flush to a client that has gone.
            if (!server.write(res, stream, `event: message\ndata: ${JSON.stringify({ time })}\n\n`, time)) return
            await sleep(interval)
          }
        })()
      },
    },
    fallback,
  )
  return server
}
