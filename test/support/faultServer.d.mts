import type { Server } from 'node:http'

export declare const FAULTS: {
  cutStream: number
  refuseStream: number
  failRest: number
  malformed: number
  duplicate: number
  drip: number
  unknownType: number
}

export interface FaultServerSettings {
  faults: boolean
  rate: number
  serverReads: number
  serverReadAllEvery: number
  deletes: number
  replay: boolean
}

export interface FaultServer {
  server: Server
  settings: FaultServerSettings
  listen(port?: number): Promise<number>
  close(): Promise<void>
}

export declare function createFaultServer(options?: { seed?: number }): FaultServer
