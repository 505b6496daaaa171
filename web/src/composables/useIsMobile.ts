import { onBeforeUnmount, ref } from 'vue'

export const MOBILE_QUERY = '(max-width: 768px)'

/** Reactive "phone width" flag (≤ 768 px). */
export function useIsMobile() {
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null
  const isMobile = ref(mql ? mql.matches : false)
  const onChange = (e: MediaQueryListEvent) => {
    isMobile.value = e.matches
  }
  mql?.addEventListener?.('change', onChange)
  onBeforeUnmount(() => mql?.removeEventListener?.('change', onChange))
  return isMobile
}
