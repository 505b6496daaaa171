import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { useAppStore } from '@/stores/app'

declare module 'vue-router' {
  interface RouteMeta {
    /** page title (breadcrumb, document title) */
    title?: string
    /** permission required to open the page */
    permission?: string
    /** reachable without logging in */
    public?: boolean
    /** the forced page for this pending state */
    forced?: 'password_change' | 'totp_setup'
    /** the menu entry to highlight when the page itself is not in the menu */
    activeMenu?: string
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/force/password',
    name: 'force-password',
    component: () => import('@/views/auth/ForcePasswordView.vue'),
    meta: { title: '修改初始密码', forced: 'password_change' },
  },
  {
    path: '/force/totp',
    name: 'force-totp',
    component: () => import('@/views/auth/ForceTotpView.vue'),
    meta: { title: '绑定动态口令', forced: 'totp_setup' },
  },
  {
    path: '/',
    component: () => import('@/layout/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: '首页' } },
      {
        // 领导驾驶舱 and 月报 (docs/api-accountability.md): the leaders' figures, each linking to its list
        path: 'cockpit',
        name: 'cockpit',
        component: () => import('@/views/cockpit/CockpitView.vue'),
        meta: { title: '领导驾驶舱', permission: 'cockpit.read' },
      },
      {
        path: 'reports/monthly',
        name: 'monthly-report',
        component: () => import('@/views/reports/MonthlyReportView.vue'),
        meta: { title: '月报', permission: 'cockpit.read' },
      },
      {
        path: 'profile',
        name: 'profile',
        component: () => import('@/views/profile/ProfileView.vue'),
        meta: { title: '个人中心' },
      },
      {
        // the bell's 查看全部: every logged-in user (notifications of the own unit)
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/notifications/NotificationsView.vue'),
        meta: { title: '消息通知' },
      },
      {
        // 企业管理: the registry, one enterprise's page, completeness statistics
        path: 'enterprises',
        meta: { title: '企业管理', permission: 'enterprise.read' },
        children: [
          { path: '', name: 'enterprises', component: () => import('@/views/enterprises/EnterprisesView.vue') },
          {
            path: 'completeness',
            name: 'enterprise-completeness',
            component: () => import('@/views/enterprises/CompletenessView.vue'),
            meta: { title: '完整度统计' },
          },
          {
            path: ':id',
            name: 'enterprise',
            component: () => import('@/views/enterprises/EnterpriseView.vue'),
            meta: { title: '企业详情', activeMenu: '/enterprises' },
          },
        ],
      },
      {
        // 本企业: the enterprise user's own enterprise page (me.user.org_id)
        path: 'my-enterprise',
        name: 'my-enterprise',
        component: () => import('@/views/enterprises/EnterpriseView.vue'),
        meta: { title: '本企业', permission: 'profile.write' },
      },
      {
        path: 'dictionaries/industry-categories',
        name: 'industry-categories',
        component: () => import('@/views/dictionaries/IndustryCategoriesView.vue'),
        meta: { title: '行业类别', permission: 'dictionary.write' },
      },
      {
        // 隐患排查治理 (docs/api-hazards.md): the ledger, 上报隐患 as a page, one hazard
        path: 'hazards',
        meta: { title: '隐患台账', permission: 'hazard.read' },
        children: [
          { path: '', name: 'hazards', component: () => import('@/views/hazards/HazardLedgerView.vue') },
          {
            path: 'new',
            name: 'hazard-new',
            component: () => import('@/views/hazards/HazardNewView.vue'),
            meta: { title: '上报隐患', permission: 'hazard.report', activeMenu: '/hazards' },
          },
          {
            path: ':id',
            name: 'hazard',
            component: () => import('@/views/hazards/HazardDetailView.vue'),
            meta: { title: '隐患详情', activeMenu: '/hazards' },
          },
        ],
      },
      {
        // its own record (not under 隐患台账), so the breadcrumb reads 首页 / 统计分析
        path: 'hazards/stats',
        name: 'hazard-stats',
        component: () => import('@/views/hazards/HazardStatsView.vue'),
        meta: { title: '统计分析', permission: 'hazard.read' },
      },
      {
        // 自查自改自报: the records, one record
        path: 'self-checks',
        meta: { title: '自查自报', permission: 'hazard.read' },
        children: [
          { path: '', name: 'self-checks', component: () => import('@/views/hazards/SelfChecksView.vue') },
          {
            path: ':id',
            name: 'self-check',
            component: () => import('@/views/hazards/SelfCheckDetailView.vue'),
            meta: { title: '自查记录', activeMenu: '/self-checks' },
          },
        ],
      },
      {
        path: 'self-checks/status',
        name: 'self-check-status',
        component: () => import('@/views/hazards/SelfCheckStatusView.vue'),
        meta: { title: '自查情况', permission: 'hazard.verify' },
      },
      {
        path: 'dictionaries/hazard-categories',
        name: 'hazard-categories',
        component: () => import('@/views/dictionaries/HazardCategoriesView.vue'),
        meta: { title: '隐患类别', permission: 'dictionary.write' },
      },
      {
        // 风险分级管控 (docs/api-risk.md): 风险点清单, 四色分布
        path: 'risk-points',
        name: 'risk-points',
        component: () => import('@/views/risk/RiskPointsView.vue'),
        meta: { title: '风险点清单', permission: 'risk.read' },
      },
      {
        path: 'risk/distribution',
        name: 'risk-distribution',
        component: () => import('@/views/risk/RiskDistributionView.vue'),
        meta: { title: '四色分布', permission: 'risk.read' },
      },
      {
        // 极端天气预警 (docs/api-weather.md): the warnings, one warning
        path: 'weather',
        meta: { title: '预警信息', permission: 'weather.read' },
        children: [
          { path: '', name: 'weather', component: () => import('@/views/weather/WarningsView.vue') },
          {
            path: ':id',
            name: 'weather-warning',
            component: () => import('@/views/weather/WarningDetailView.vue'),
            meta: { title: '预警详情', activeMenu: '/weather' },
          },
        ],
      },
      {
        // 教育培训 (docs/api-training.md): 人员名册, 培训记录, 证书管理, 轮训情况, 培训评估
        path: 'training/employees',
        name: 'training-employees',
        component: () => import('@/views/training/EmployeesView.vue'),
        meta: { title: '人员名册', permission: 'training.read' },
      },
      {
        path: 'training/sessions',
        name: 'training-sessions',
        component: () => import('@/views/training/SessionsView.vue'),
        meta: { title: '培训记录', permission: 'training.read' },
      },
      {
        path: 'training/certificates',
        name: 'training-certificates',
        component: () => import('@/views/training/CertificatesView.vue'),
        meta: { title: '证书管理', permission: 'training.read' },
      },
      {
        path: 'training/coverage',
        name: 'training-coverage',
        component: () => import('@/views/training/CoverageView.vue'),
        meta: { title: '轮训情况', permission: 'training.read' },
      },
      {
        path: 'training/evaluations',
        name: 'training-evaluations',
        component: () => import('@/views/training/EvaluationsView.vue'),
        meta: { title: '培训评估', permission: 'training.evaluate' },
      },
      {
        // 应急管理: 应急预案, 应急演练 (with 演练情况), 抽查评估
        path: 'drills/plans',
        name: 'emergency-plans',
        component: () => import('@/views/drills/PlansView.vue'),
        meta: { title: '应急预案', permission: 'training.read' },
      },
      {
        path: 'drills/spot-checks',
        name: 'drill-spot-checks',
        component: () => import('@/views/drills/SpotChecksView.vue'),
        meta: { title: '抽查评估', permission: 'training.evaluate' },
      },
      {
        path: 'drills',
        name: 'drills',
        component: () => import('@/views/drills/DrillsView.vue'),
        meta: { title: '应急演练', permission: 'training.read' },
      },
      {
        // 宣传教育: the activities and the 参与情况 report
        path: 'publicity',
        name: 'publicity',
        component: () => import('@/views/publicity/ActivitiesView.vue'),
        meta: { title: '宣传教育', permission: 'training.read' },
      },
      {
        // 督导检查 (docs/api-inspections.md): 我的检查 and one inspection (done on a phone)
        path: 'inspections',
        meta: { title: '我的检查', permission: 'inspection.read' },
        children: [
          { path: '', name: 'inspections', component: () => import('@/views/inspections/InspectionsView.vue') },
          {
            path: ':id',
            name: 'inspection',
            component: () => import('@/views/inspections/InspectionView.vue'),
            meta: { title: '检查记录', activeMenu: '/inspections' },
          },
        ],
      },
      {
        path: 'inspection-plans',
        meta: { title: '检查计划', permission: 'inspection.write' },
        children: [
          { path: '', name: 'inspection-plans', component: () => import('@/views/inspections/InspectionPlansView.vue') },
          {
            path: ':id',
            name: 'inspection-plan',
            component: () => import('@/views/inspections/InspectionPlanView.vue'),
            meta: { title: '计划详情', activeMenu: '/inspection-plans' },
          },
        ],
      },
      {
        path: 'inspection-campaigns',
        meta: { title: '专项检查', permission: 'inspection.write' },
        children: [
          { path: '', name: 'inspection-campaigns', component: () => import('@/views/inspections/InspectionCampaignsView.vue') },
          {
            path: ':id',
            name: 'inspection-campaign',
            component: () => import('@/views/inspections/InspectionCampaignView.vue'),
            meta: { title: '专项检查详情', activeMenu: '/inspection-campaigns' },
          },
        ],
      },
      {
        path: 'checklist-templates',
        meta: { title: '检查表模板', permission: 'inspection.read' },
        children: [
          { path: '', name: 'checklist-templates', component: () => import('@/views/inspections/ChecklistTemplatesView.vue') },
          {
            path: 'new',
            name: 'checklist-template-new',
            component: () => import('@/views/inspections/ChecklistTemplateView.vue'),
            meta: { title: '新建检查表', permission: 'inspection.template', activeMenu: '/checklist-templates' },
          },
          {
            path: ':id',
            name: 'checklist-template',
            component: () => import('@/views/inspections/ChecklistTemplateView.vue'),
            meta: { title: '检查表详情', activeMenu: '/checklist-templates' },
          },
        ],
      },
      {
        // 典型做法: the published practices, the own submissions, the review; one practice
        path: 'practices',
        meta: { title: '典型做法', permission: 'practice.read' },
        children: [
          { path: '', name: 'practices', component: () => import('@/views/practices/PracticesView.vue') },
          {
            path: ':id',
            name: 'practice',
            component: () => import('@/views/practices/PracticeDetailView.vue'),
            meta: { title: '典型做法详情', activeMenu: '/practices' },
          },
        ],
      },
      {
        path: 'orgs',
        name: 'orgs',
        component: () => import('@/views/orgs/OrgsView.vue'),
        meta: { title: '组织机构', permission: 'org.read' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/UsersView.vue'),
        meta: { title: '用户管理', permission: 'user.read' },
      },
      {
        path: 'security/policy',
        name: 'security-policy',
        component: () => import('@/views/security/PolicyView.vue'),
        meta: { title: '安全策略', permission: 'security.policy' },
      },
      {
        path: 'security/sessions',
        name: 'security-sessions',
        component: () => import('@/views/security/SessionsView.vue'),
        meta: { title: '在线会话', permission: 'security.sessions' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/AuditView.vue'),
        meta: { title: '审计日志', permission: 'audit.read' },
      },
      {
        // 专项整治: the campaign loop (docs/api-campaigns.md)
        path: 'campaigns',
        meta: { title: '工作方案', permission: 'campaign.read' },
        children: [
          { path: '', name: 'campaigns', component: () => import('@/views/campaigns/CampaignsView.vue') },
          {
            path: 'import',
            name: 'campaign-import',
            component: () => import('@/views/campaigns/CampaignImportView.vue'),
            meta: { title: '导入方案', permission: 'campaign.write' },
          },
          {
            path: ':id',
            name: 'campaign',
            component: () => import('@/views/campaigns/CampaignView.vue'),
            meta: { title: '方案详情', activeMenu: '/campaigns' },
          },
        ],
      },
      {
        path: 'tasks/:id',
        name: 'task',
        component: () => import('@/views/campaigns/TaskView.vue'),
        meta: { title: '任务详情', permission: 'campaign.read', activeMenu: '/campaigns' },
      },
      {
        path: 'my-tasks',
        name: 'my-tasks',
        component: () => import('@/views/campaigns/MyTasksView.vue'),
        meta: { title: '我的任务', permission: 'campaign.read' },
      },
      {
        // 督查考核 (docs/api-accountability.md): 函送执法, 专班会议, 通报, 约谈曝光, 考核评估
        path: 'referrals',
        meta: { title: '函送执法', permission: 'referral.read' },
        children: [
          { path: '', name: 'referrals', component: () => import('@/views/referrals/ReferralsView.vue') },
          {
            path: 'new',
            name: 'referral-new',
            component: () => import('@/views/referrals/ReferralFormView.vue'),
            meta: { title: '新建函送', permission: 'referral.write', activeMenu: '/referrals' },
          },
          {
            path: ':id/edit',
            name: 'referral-edit',
            component: () => import('@/views/referrals/ReferralFormView.vue'),
            meta: { title: '编辑函送', permission: 'referral.write', activeMenu: '/referrals' },
          },
          {
            path: ':id',
            name: 'referral',
            component: () => import('@/views/referrals/ReferralDetailView.vue'),
            meta: { title: '函送详情', activeMenu: '/referrals' },
          },
        ],
      },
      {
        path: 'meetings',
        meta: { title: '专班会议', permission: 'accountability.read' },
        children: [
          { path: '', name: 'meetings', component: () => import('@/views/meetings/MeetingsView.vue') },
          {
            path: ':id',
            name: 'meeting',
            component: () => import('@/views/meetings/MeetingDetailView.vue'),
            meta: { title: '会议详情', activeMenu: '/meetings' },
          },
        ],
      },
      {
        path: 'bulletins',
        meta: { title: '通报', permission: 'accountability.read' },
        children: [
          { path: '', name: 'bulletins', component: () => import('@/views/bulletins/BulletinsView.vue') },
          {
            path: ':id',
            name: 'bulletin',
            component: () => import('@/views/bulletins/BulletinEditorView.vue'),
            meta: { title: '通报详情', activeMenu: '/bulletins' },
          },
        ],
      },
      {
        path: 'interviews',
        name: 'interviews',
        component: () => import('@/views/interviews/InterviewsView.vue'),
        meta: { title: '约谈曝光', permission: 'accountability.read' },
      },
      {
        path: 'assessments',
        meta: { title: '考核评估', permission: 'accountability.read' },
        children: [
          { path: '', name: 'assessments', component: () => import('@/views/assessments/AssessmentsView.vue') },
          {
            path: ':id',
            name: 'assessment',
            component: () => import('@/views/assessments/AssessmentDetailView.vue'),
            meta: { title: '考核详情', activeMenu: '/assessments' },
          },
        ],
      },
      {
        // 诚信管理 (docs/api-accountability.md): 诚信评价 and one enterprise's explained score
        path: 'credit',
        meta: { title: '诚信评价', permission: 'credit.read' },
        children: [
          { path: '', name: 'credit', component: () => import('@/views/credit/CreditView.vue') },
          {
            path: ':enterpriseId',
            name: 'credit-detail',
            component: () => import('@/views/credit/CreditDetailView.vue'),
            meta: { title: '诚信明细', activeMenu: '/credit' },
          },
        ],
      },
      {
        // their own records (not under 诚信评价), so the breadcrumb reads 首页 / 标杆企业
        path: 'credit/benchmarks',
        name: 'credit-benchmarks',
        component: () => import('@/views/credit/BenchmarksView.vue'),
        meta: { title: '标杆企业', permission: 'credit.read' },
      },
      {
        path: 'credit/rules',
        name: 'credit-rules',
        component: () => import('@/views/credit/CreditRulesView.vue'),
        meta: { title: '评分规则', permission: 'credit.manage' },
      },
      {
        // 成熟度评估: the assessments (试点 for a reviewer, 开始填报 for an enterprise), one questionnaire
        path: 'maturity',
        meta: { title: '成熟度评估', permission: 'credit.read' },
        children: [
          { path: '', name: 'maturity', component: () => import('@/views/maturity/MaturityView.vue') },
          {
            path: ':id',
            name: 'maturity-detail',
            component: () => import('@/views/maturity/MaturityDetailView.vue'),
            meta: { title: '成熟度评估详情', activeMenu: '/maturity' },
          },
        ],
      },
      {
        path: 'maturity/summary',
        name: 'maturity-summary',
        component: () => import('@/views/maturity/MaturitySummaryView.vue'),
        meta: { title: '评估结果', permission: 'credit.read' },
      },
    ],
  },
  {
    path: '/403',
    name: 'forbidden',
    component: () => import('@/views/error/ForbiddenView.vue'),
    meta: { title: '无权访问', public: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/NotFoundView.vue'),
    meta: { title: '页面不存在', public: true },
  },
]

/** Only same-site absolute paths are accepted as a post-login redirect. */
export function safeRedirect(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return '/'
  if (v.startsWith('/login')) return '/'
  return v
}

/** Where the guard sends a navigation; `true` lets it through. */
export async function guard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore()
  const app = useAppStore()
  void app.loadMeta()

  if (!auth.loaded) {
    try {
      await auth.fetchMe()
    } catch {
      // server unreachable: public pages still open, the rest goes to login
    }
  }

  const pending = auth.pending
  if (to.meta.public) {
    if (to.name === 'login' && auth.isLoggedIn) {
      return pending ? forcedRoute(pending) : safeRedirect(to.query.redirect)
    }
    return true
  }
  if (!auth.isLoggedIn) {
    return to.fullPath && to.fullPath !== '/'
      ? { name: 'login', query: { redirect: to.fullPath } }
      : { name: 'login' }
  }
  if (pending) {
    return to.meta.forced === pending ? true : forcedRoute(pending)
  }
  if (to.meta.forced) return { name: 'home' }
  if (to.meta.permission && !auth.has(to.meta.permission)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
}

function forcedRoute(pending: NonNullable<ReturnType<typeof useAuthStore>['pending']>): RouteLocationRaw {
  return pending === 'password_change' ? { name: 'force-password' } : { name: 'force-totp' }
}

/** A page's code could not be loaded: after a server upgrade the old hashed files are gone. */
export function isChunkLoadError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : String(err)
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(msg)
}

/** Loads the target page afresh (with the new build) instead of leaving the click unanswered. */
export function reloadOnChunkError(err: unknown, to: RouteLocationNormalized, go: (url: string) => void = (u) => window.location.assign(u)): boolean {
  if (!isChunkLoadError(err)) return false
  go(to.fullPath)
  return true
}

export function createAppRouter(history: RouterHistory = createWebHistory('/')): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: () => ({ top: 0 }),
  })
  router.beforeEach((to) => guard(to))
  router.onError((err, to) => {
    reloadOnChunkError(err, to)
  })
  router.afterEach((to) => {
    const title = to.meta.title
    document.title = title ? `${title} - 安治` : '安治'
    useAppStore().drawerOpen = false
  })
  return router
}
