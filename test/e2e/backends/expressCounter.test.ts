import { describe } from 'vitest'
import { expressCounter } from '../../backends/expressStreams'
import { streamOnlyBackendTests } from './streamOnlyChecks'

/** Seed 004: Express, `data: Message #N`, counting from 0 on every connection. */
describe('Express counter stream (seed 004) in the bell', () => {
  streamOnlyBackendTests({ backend: 'expressCounter', start: (fallback) => expressCounter({ fallback }) })
})
