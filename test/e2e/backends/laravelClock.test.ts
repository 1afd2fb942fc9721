import { describe } from 'vitest'
import { laravelClock } from '../../backends/laravelClock'
import { streamOnlyBackendTests } from './streamOnlyChecks'

/** Seed 000: Laravel `response()->stream()`, `event: message` + `{"time": "H:i:s"}`. */
describe('Laravel clock stream (seed 000) in the bell', () => {
  streamOnlyBackendTests({
    backend: 'laravelClock',
    start: (fallback) => laravelClock({ fallback }),
    // The options' `message` turns `{"time": "12:00:05"}` into this.
    display: (time) => `Server time ${time}`,
  })
})
