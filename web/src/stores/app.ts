import { defineStore } from 'pinia'
import { authApi } from '@/api/auth'
import type { Meta } from '@/api/types'

let metaLoading: Promise<void> | null = null

export const useAppStore = defineStore('app', {
  state: () => ({
    meta: null as Meta | null,
    sidebarCollapsed: localStorage.getItem('anzhi.sidebarCollapsed') === '1',
    drawerOpen: false,
  }),
  actions: {
    loadMeta(): Promise<void> {
      if (this.meta) return Promise.resolve()
      if (!metaLoading) {
        metaLoading = authApi
          .meta()
          .then((m) => {
            this.meta = m
          })
          .catch(() => {
            /* the banner is optional; try again on the next navigation */
          })
          .finally(() => {
            metaLoading = null
          })
      }
      return metaLoading
    },
    toggleSidebar() {
      this.sidebarCollapsed = !this.sidebarCollapsed
      localStorage.setItem('anzhi.sidebarCollapsed', this.sidebarCollapsed ? '1' : '0')
    },
  },
})
