// The answers of an inspection on their way to the server, free of Vue. Each answer is written
// to the phone's storage (localStorage, one key per inspection) before it is sent, and removed
// only when the server has it: a lost connection, a 5xx, an expired session or a reload loses
// nothing. Answers merge by item key (the newest wins, as on the server). They go one at a time,
// oldest first, so the server never gets an older answer after a newer one; the first failure
// that a retry may cure stops the round, and the rest wait for `online` or the next tick (10 s).
// An answer the server refuses (400, 403, 409 …) is dropped with the reason: sending it again
// would not help. An answer the server would refuse as it stands (a 不符合 without its 存在问题
// or its required photo) is kept on the phone as 待补充 (`hold`) and goes once completed.
import { ApiError } from '@/api/client'
import type { AnswerInput, SaveAnswersResult } from '@/api/inspections'
import { answerPayload, type AnswerDraft } from './checklist'

/** 保存中 已保存 未同步 保存失败 待补充 */
export type SaveStatus = 'saving' | 'saved' | 'unsynced' | 'error' | 'incomplete'

export const SAVE_STATUS_LABELS: Record<SaveStatus, string> = {
  saving: '保存中…',
  saved: '已保存',
  unsynced: '未同步',
  error: '保存失败',
  incomplete: '待补充',
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
export type EventsLike = Pick<Window, 'addEventListener' | 'removeEventListener'>

export interface AnswerQueueOptions {
  inspectionId: string
  /** sends one answer (PUT /api/inspections/{id}/answers with that answer) */
  send: (answer: AnswerInput) => Promise<SaveAnswersResult | void>
  /** where unsent answers are kept (localStorage by default; null: memory only) */
  storage?: StorageLike | null
  /** an item's save state changed (`detail`: why it was refused) */
  onStatus?: (key: string, status: SaveStatus, detail?: string) => void
  /** the server took an answer */
  onSaved?: (key: string, result: SaveAnswersResult | void) => void
  /** false: do not even try (navigator.onLine by default) */
  isOnline?: () => boolean
  /** where `online` is listened for (window by default) */
  events?: EventsLike | null
  /** retry period while answers wait (10 s) */
  retryMs?: number
  now?: () => number
}

interface Entry {
  draft: AnswerDraft
  rev: number
  at: number
  /** incomplete: kept, not sent */
  held: boolean
}

interface StoredAnswer {
  draft: AnswerDraft
  at: number
  held?: boolean
}

interface Stored {
  v: 1
  answers: StoredAnswer[]
}

export const RETRY_MS = 10_000

/** The localStorage key of an inspection's unsent answers. */
export function storageKey(inspectionId: string): string {
  return `anzhi.inspection-answers.${inspectionId}`
}

/** Worth sending again later: no connection, timeouts, rate limits, an expired session, 5xx. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof ApiError) {
    return e.status === 0 || e.status === 401 || e.status === 408 || e.status === 425 || e.status === 429 || e.status >= 500
  }
  return true // a TypeError from fetch, an abort: the connection, not the answer
}

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

function validDraft(d: unknown): d is AnswerDraft {
  if (!d || typeof d !== 'object') return false
  const x = d as Record<string, unknown>
  return typeof x.key === 'string' && x.key !== '' && 'value' in x && x.value !== null && x.value !== undefined
}

/** Reads what a queue kept in `storage` for an inspection (bad or foreign data is ignored). */
export function readStored(storage: StorageLike | null | undefined, inspectionId: string): StoredAnswer[] {
  if (!storage) return []
  let raw: string | null
  try {
    raw = storage.getItem(storageKey(inspectionId))
  } catch {
    return []
  }
  if (!raw) return []
  try {
    const parsed = JSON.parse(raw) as Partial<Stored>
    if (!parsed || !Array.isArray(parsed.answers)) return []
    const out: StoredAnswer[] = []
    for (const a of parsed.answers) {
      if (!a || !validDraft(a.draft)) continue
      const d = a.draft
      out.push({
        draft: { key: d.key, value: d.value, note: typeof d.note === 'string' ? d.note : '', photos: Array.isArray(d.photos) ? d.photos : [] },
        at: typeof a.at === 'number' ? a.at : 0,
        held: a.held === true,
      })
    }
    return out
  } catch {
    return []
  }
}

export class AnswerQueue {
  private readonly opts: AnswerQueueOptions
  private readonly storage: StorageLike | null
  private readonly entries = new Map<string, Entry>()
  private rev = 0
  private running: Promise<void> | null = null
  private again = false
  private timer: ReturnType<typeof setInterval> | null = null
  private readonly onOnline = () => void this.flush()

  constructor(opts: AnswerQueueOptions) {
    this.opts = opts
    this.storage = opts.storage === undefined ? defaultStorage() : opts.storage
    // answers left by an earlier visit (a reload, a closed tab): merged by key, newest wins
    for (const a of readStored(this.storage, opts.inspectionId)) {
      const old = this.entries.get(a.draft.key)
      if (!old || old.at <= a.at) this.entries.set(a.draft.key, { draft: a.draft, rev: ++this.rev, at: a.at, held: !!a.held })
    }
  }

  /** The answers not yet on the server (restored after a reload), oldest first. */
  pending(): AnswerDraft[] {
    return [...this.entries.values()].map((e) => e.draft)
  }

  /** Whether the item's answer waits as 待补充. */
  isHeld(key: string): boolean {
    return this.entries.get(key)?.held === true
  }

  /** Every answer kept on the phone (待补充 included). */
  get size(): number {
    return this.entries.size
  }

  /** The answers waiting to be sent (未同步; 待补充 not counted). */
  get unsent(): number {
    let n = 0
    for (const e of this.entries.values()) if (!e.held) n++
    return n
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Whether a round of sending is under way. */
  get busy(): boolean {
    return this.running !== null
  }

  /**
   * An answer given: kept on the phone at once, then sent (after the ones before it); with
   * `hold` only kept (待补充) until a complete answer replaces it.
   * Resolves when this round of sending ends (whatever became of it).
   */
  put(draft: AnswerDraft, hold = false): Promise<void> {
    if (!answerPayload(draft)) return Promise.resolve()
    const copy: AnswerDraft = { key: draft.key, value: draft.value, note: draft.note, photos: [...draft.photos] }
    // a newer answer to the same item replaces the older one (and goes to the back)
    this.entries.delete(draft.key)
    this.entries.set(draft.key, { draft: copy, rev: ++this.rev, at: this.now(), held: hold })
    this.persist()
    if (hold) {
      this.status(draft.key, 'incomplete')
      return this.running ?? Promise.resolve()
    }
    this.status(draft.key, this.online() ? 'saving' : 'unsynced')
    return this.flush()
  }

  /** Sends what waits, one at a time; a second call during a round makes the round go on. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    if (this.unsent === 0) return Promise.resolve()
    this.running = (async () => {
      try {
        do {
          this.again = false
          await this.drain()
        } while (this.again && this.unsent > 0 && this.online())
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  /** Listens for `online` and retries every 10 s while answers wait. */
  start(): void {
    const events = this.opts.events === undefined ? (typeof window === 'undefined' ? null : window) : this.opts.events
    events?.addEventListener('online', this.onOnline)
    if (this.timer === null) {
      this.timer = setInterval(() => {
        if (this.unsent > 0 && !this.running) void this.flush()
      }, this.opts.retryMs ?? RETRY_MS)
    }
  }

  stop(): void {
    const events = this.opts.events === undefined ? (typeof window === 'undefined' ? null : window) : this.opts.events
    events?.removeEventListener('online', this.onOnline)
    if (this.timer !== null) {
      clearInterval(this.timer)
      this.timer = null
    }
  }

  /** Forgets an item's unsent answer. */
  discard(key: string): void {
    if (this.entries.delete(key)) this.persist()
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = [...this.entries.entries()].find(([, e]) => !e.held)
      if (!next) return
      if (!this.online()) {
        this.markWaiting()
        return
      }
      const [key, entry] = next
      const payload = answerPayload(entry.draft)
      if (!payload) {
        this.discard(key)
        continue
      }
      this.status(key, 'saving')
      try {
        const result = await this.opts.send(payload)
        if (this.entries.get(key)?.rev === entry.rev) {
          this.entries.delete(key)
          this.persist()
          this.status(key, 'saved')
        }
        // else: answered again meanwhile; the newer answer is still to go
        this.opts.onSaved?.(key, result)
      } catch (e) {
        if (isRetryable(e)) {
          this.markWaiting()
          return
        }
        if (this.entries.get(key)?.rev === entry.rev) this.discard(key)
        this.status(key, 'error', e instanceof ApiError ? e.detail : e instanceof Error ? e.message : '保存失败')
      }
    }
  }

  private markWaiting() {
    for (const [key, e] of this.entries) if (!e.held) this.status(key, 'unsynced')
  }

  private persist() {
    if (!this.storage) return
    const k = storageKey(this.opts.inspectionId)
    try {
      if (this.entries.size === 0) {
        this.storage.removeItem(k)
      } else {
        const stored: Stored = {
          v: 1,
          answers: [...this.entries.values()].map((e) => (e.held ? { draft: e.draft, at: e.at, held: true } : { draft: e.draft, at: e.at })),
        }
        this.storage.setItem(k, JSON.stringify(stored))
      }
    } catch {
      // storage full or refused: the answers stay in memory and are still sent
    }
  }

  private status(key: string, s: SaveStatus, detail?: string) {
    this.opts.onStatus?.(key, s, detail)
  }

  private online(): boolean {
    if (this.opts.isOnline) return this.opts.isOnline()
    return typeof navigator === 'undefined' || navigator.onLine !== false
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now()
  }
}
