import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A `node:http` server on 127.0.0.1 that stops like a crashed process (every
 * connection destroyed) and starts again on the same port.
 */
export class LoopbackServer {
  port = 0
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()

  constructor(private readonly handler: RequestListener) {}

  async start(): Promise<void> {
    const server = createServer(this.handler)
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
