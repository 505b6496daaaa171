// The risk vocabulary (GET /api/risk/methods), loaded once per page load and shared by the
// form, the list filters and the cards; a failed load is tried again next time.
import { riskApi, type RiskMethods } from '@/api/risk'

let cached: Promise<RiskMethods> | null = null

export function fetchRiskMethods(): Promise<RiskMethods> {
  if (!cached) {
    cached = riskApi.methods().catch((e: unknown) => {
      cached = null
      throw e
    })
  }
  return cached
}

/** Forgets the cached vocabulary (after the thresholds changed; tests). */
export function resetRiskMethods(): void {
  cached = null
}
