/** The part of the Web Locks API the election uses (`navigator.locks`). */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>
}

/** The part of `Storage` the lease fallback uses (`localStorage`). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface ElectLeaderOptions {
  /** Lock (or storage key) name shared by the competing tabs. */
  name: string
  /** Called with `true` when this tab becomes leader and `false` when it stops being leader. */
  onChange: (isLeader: boolean) => void
  /** Web Locks implementation; `null` forces the lease fallback. @default navigator.locks */
  locks?: LockManagerLike | null
  /** Storage for the lease fallback. @default localStorage */
  storage?: StorageLike | null
  /** How long a lease lasts without renewal, in ms. @default 1000 */
  leaseMs?: number
  /** How often the lease is checked and renewed, in ms. @default 250 */
  renewMs?: number
}

interface Lease {
  id: string
  expires: number
}

function readLease(storage: StorageLike, key: string): Lease | undefined {
  try {
    const lease = JSON.parse(storage.getItem(key) ?? 'null') as Lease | null
    return lease && typeof lease.id === 'string' && typeof lease.expires === 'number' ? lease : undefined
  } catch {
    return undefined
  }
}

/**
 * Runs for one tab among those sharing `name` and calls `onChange(true)` in the
 * tab that wins. With Web Locks the lock is held until `stop()` or the tab
 * closes, and the browser hands it to the next waiting tab at once. Without
 * them, a lease in storage, renewed every `renewMs`, stands in: it is released
 * on `pagehide` and expires after `leaseMs` if the tab dies. Returns `stop()`.
 */
export function electLeader(options: ElectLeaderOptions): () => void {
  const { name, onChange, leaseMs = 1000, renewMs = 250 } = options
  const hasWindow = typeof window !== 'undefined'
  const locks = options.locks === undefined ? (hasWindow ? navigator.locks : undefined) : options.locks
  let leader = false
  let stopped = false
  const setLeader = (next: boolean) => {
    if (leader !== next) onChange((leader = next))
  }

  if (locks) {
    const abort = new AbortController()
    let release: (() => void) | undefined
    locks
      .request(name, { signal: abort.signal }, () => {
        if (stopped) return Promise.resolve()
        setLeader(true)
        return new Promise<void>((resolve) => (release = resolve))
      })
      .catch(() => {
        // Aborted by stop() while still waiting for the lock.
      })
    return () => {
      stopped = true
      abort.abort()
      release?.()
      setLeader(false)
    }
  }

  const storage = options.storage === undefined ? (hasWindow ? window.localStorage : undefined) : options.storage
  if (!storage) {
    // Nothing to share state with: this tab is alone, so it leads.
    setLeader(true)
    return () => setLeader(false)
  }
  const key = `${name}:lease`
  const id = Math.random().toString(36).slice(2) + Date.now().toString(36)

  /** A claim becomes leadership only if it survives until the next check: concurrent claims resolve to one. */
  const check = () => {
    const lease = readLease(storage, key)
    const now = Date.now()
    if (!lease || lease.expires <= now || lease.id === id) {
      storage.setItem(key, JSON.stringify({ id, expires: now + leaseMs }))
      setLeader(lease?.id === id)
    } else {
      setLeader(false)
    }
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key === key && event.newValue === null) check()
  }
  const stop = () => {
    if (stopped) return
    stopped = true
    clearInterval(timer)
    if (readLease(storage, key)?.id === id) storage.removeItem(key)
    if (hasWindow) {
      window.removeEventListener('storage', onStorage)
      window.removeEventListener('pagehide', stop)
    }
    setLeader(false)
  }
  const timer = setInterval(check, renewMs)
  if (hasWindow) {
    window.addEventListener('storage', onStorage)
    window.addEventListener('pagehide', stop)
  }
  check()
  return stop
}
