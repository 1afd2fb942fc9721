import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TutorialServerOptions } from './laravelClock'
import { SeedServer } from './seedServer'

/** Express sets it on every response unless `app.disable('x-powered-by')`. */
const EXPRESS_HEADER = ['X-Powered-By', 'Express'] as const

/**
 * An Express `/events` handler that writes `message(counter)` every
 * `interval` ms with the given headers, until the request closes.
 */
function expressStream(
  server: SeedServer,
  headers: Readonly<Record<string, string>>,
  interval: number,
  message: (counter: number) => string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const stream = server.openStream(res)
    res.setHeader(...EXPRESS_HEADER)
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
    let counter = 0
    const timer = setInterval(() => {
      const text = message(counter++)
      server.write(res, stream, `data: ${text}\n\n`, text)
    }, interval)
    req.on('close', () => clearInterval(timer))
  }
}

/**
 * Seed 003: Express writing the server time as plain text. No CORS headers:
 * the tutorial's page on another origin (`new EventSource('http://localhost:3000/events')`
 * from a file) is refused by the browser.
 *
 * ```js
 * res.setHeader('Content-Type', 'text/event-stream');
 * res.setHeader('Cache-Control', 'no-cache');
 * res.setHeader('Connection', 'keep-alive');
 * res.write(`data: Server time is ${new Date().toLocaleTimeString()}\n\n`);
 * ```
 */
export function expressClock({ interval = 150, fallback }: TutorialServerOptions = {}): SeedServer {
  const server: SeedServer = new SeedServer(
    {
      '/events': (req, res) =>
        expressStream(
          server,
          { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' },
          interval,
          () => `Server time is ${new Date().toLocaleTimeString()}`,
        )(req, res),
    },
    fallback,
  )
  return server
}

/**
 * Seed 004: Express counting messages, from 0 again on each connection.
 *
 * ```js
 * res.setHeader("Content-Type", "text/event-stream");
 * res.setHeader("Cache-Control", "no-cache");
 * let counter = 0;
 * const interval = setInterval(() => { res.write(`data: Message #${counter++}\n\n`); }, 2000);
 * req.on("close", () => clearInterval(interval));
 * ```
 */
export function expressCounter({ interval = 150, fallback }: TutorialServerOptions = {}): SeedServer {
  const server: SeedServer = new SeedServer(
    {
      '/events': (req, res) =>
        expressStream(
          server,
          { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
          interval,
          (counter) => `Message #${counter}`,
        )(req, res),
    },
    fallback,
  )
  return server
}
