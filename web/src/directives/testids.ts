// Test ids on elements that Element Plus renders without a way to pass attributes.
//
// `v-row-testid="'task-row'"` on an el-table puts data-testid on every body row (<tr>):
// el-table has no prop for row attributes. A MutationObserver keeps the ids on rows the
// table re-renders (new data, paging, sorting).
//
// `v-file-input-testid="'import-file'"` on an el-upload puts it on the native
// <input type="file">, so a browser test can set files on it directly.
import type { Directive } from 'vue'

const observers = new WeakMap<HTMLElement, MutationObserver>()
const ids = new WeakMap<HTMLElement, string>()

function applyRows(el: HTMLElement) {
  const id = ids.get(el)
  if (!id) return
  for (const tr of el.querySelectorAll<HTMLTableRowElement>('.el-table__body tr.el-table__row')) {
    if (tr.getAttribute('data-testid') !== id) tr.setAttribute('data-testid', id)
  }
}

export const vRowTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    ids.set(el, binding.value)
    applyRows(el)
    const observer = new MutationObserver(() => applyRows(el))
    observer.observe(el, { childList: true, subtree: true })
    observers.set(el, observer)
  },
  updated(el, binding) {
    ids.set(el, binding.value)
    applyRows(el)
  },
  beforeUnmount(el) {
    observers.get(el)?.disconnect()
    observers.delete(el)
  },
}

export const vFileInputTestid: Directive<HTMLElement, string> = {
  mounted(el, binding) {
    el.querySelector('input[type="file"]')?.setAttribute('data-testid', binding.value)
  },
  updated(el, binding) {
    el.querySelector('input[type="file"]')?.setAttribute('data-testid', binding.value)
  },
}
