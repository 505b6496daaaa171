// The sidebar menu. Each item names a route; `permission` decides who sees it
// (docs/api-contract.md, "Menus"). Items with children are shown as sub-menus and
// disappear when none of their children is visible.
import type { Component } from 'vue'
import {
  Aim,
  Avatar,
  Bell,
  Calendar,
  ChatDotSquare,
  ChatLineRound,
  Coin,
  CreditCard,
  Checked,
  Collection,
  DataAnalysis,
  DataBoard,
  DataLine,
  Document,
  DocumentChecked,
  DocumentCopy,
  Files,
  Finished,
  FirstAidKit,
  Flag,
  Guide,
  Histogram,
  HomeFilled,
  Lightning,
  List,
  Lock,
  Medal,
  Memo,
  Microphone,
  Monitor,
  Notebook,
  Odometer,
  OfficeBuilding,
  PieChart,
  Opportunity,
  Postcard,
  PriceTag,
  Promotion,
  Reading,
  School,
  ScaleToOriginal,
  Setting,
  Shop,
  Stamp,
  Tickets,
  TrendCharts,
  Trophy,
  Upload,
  User,
  Warning,
} from '@element-plus/icons-vue'

export interface MenuItem {
  /** route name; also the test id suffix: data-testid="nav-<name>" */
  name: string
  title: string
  /** the route path; for a sub-menu only its el-menu key */
  path: string
  icon?: Component
  permission?: string
  /** hidden from users who have this permission (e.g. the registry list from enterprise users) */
  hiddenWith?: string
  children?: MenuItem[]
}

export const MENU: MenuItem[] = [
  { name: 'home', title: '首页', path: '/', icon: HomeFilled },
  // 领导驾驶舱 (docs/api-accountability.md)
  { name: 'cockpit', title: '领导驾驶舱', path: '/cockpit', icon: DataBoard, permission: 'cockpit.read' },
  // 月报: the month's report (.docx, .xlsx) drawn from the cockpit's figures
  { name: 'monthly-report', title: '月报', path: '/reports/monthly', icon: DocumentCopy, permission: 'cockpit.read' },
  {
    name: 'campaign-group',
    title: '专项整治',
    path: 'campaign-group',
    icon: Flag,
    children: [
      { name: 'campaigns', title: '工作方案', path: '/campaigns', icon: Files, permission: 'campaign.read' },
      { name: 'campaign-import', title: '导入方案', path: '/campaigns/import', icon: Upload, permission: 'campaign.write' },
      { name: 'my-tasks', title: '我的任务', path: '/my-tasks', icon: List, permission: 'campaign.read' },
    ],
  },
  {
    name: 'enterprise-group',
    title: '企业管理',
    path: 'enterprise-group',
    icon: Shop,
    children: [
      { name: 'enterprises', title: '企业列表', path: '/enterprises', icon: School, permission: 'enterprise.read', hiddenWith: 'profile.write' },
      {
        name: 'enterprise-completeness',
        title: '完整度统计',
        path: '/enterprises/completeness',
        icon: DataAnalysis,
        permission: 'enterprise.read',
        hiddenWith: 'profile.write',
      },
      { name: 'my-enterprise', title: '本企业', path: '/my-enterprise', icon: School, permission: 'profile.write' },
    ],
  },
  {
    name: 'hazard-group',
    title: '隐患排查治理',
    path: 'hazard-group',
    icon: Warning,
    permission: 'hazard.read',
    children: [
      { name: 'hazards', title: '隐患台账', path: '/hazards', icon: Tickets, permission: 'hazard.read' },
      { name: 'self-checks', title: '自查自报', path: '/self-checks', icon: DocumentChecked, permission: 'hazard.read' },
      { name: 'self-check-status', title: '自查情况', path: '/self-checks/status', icon: List, permission: 'hazard.verify' },
      { name: 'hazard-stats', title: '统计分析', path: '/hazards/stats', icon: DataLine, permission: 'hazard.read' },
    ],
  },
  {
    // 风险分级管控 (docs/api-risk.md); 四色分布 is the staff's view (enterprise users have risk.write)
    name: 'risk-group',
    title: '风险管控',
    path: 'risk-group',
    icon: Odometer,
    permission: 'risk.read',
    children: [
      { name: 'risk-points', title: '风险点清单', path: '/risk-points', icon: Notebook, permission: 'risk.read' },
      { name: 'risk-distribution', title: '四色分布', path: '/risk/distribution', icon: Histogram, permission: 'risk.read', hiddenWith: 'risk.write' },
    ],
  },
  {
    // 极端天气预警 (docs/api-weather.md)
    name: 'weather-group',
    title: '极端天气',
    path: 'weather-group',
    icon: Lightning,
    permission: 'weather.read',
    children: [{ name: 'weather', title: '预警信息', path: '/weather', icon: Lightning, permission: 'weather.read' }],
  },
  {
    // 教育培训 (docs/api-training.md): the roster, sessions, certificates, 全员轮训 and the evaluation
    name: 'training-group',
    title: '教育培训',
    path: 'training-group',
    icon: Reading,
    permission: 'training.read',
    children: [
      { name: 'training-employees', title: '人员名册', path: '/training/employees', icon: Avatar, permission: 'training.read' },
      { name: 'training-sessions', title: '培训记录', path: '/training/sessions', icon: Notebook, permission: 'training.read' },
      { name: 'training-certificates', title: '证书管理', path: '/training/certificates', icon: Postcard, permission: 'training.read' },
      { name: 'training-coverage', title: '轮训情况', path: '/training/coverage', icon: TrendCharts, permission: 'training.read' },
      { name: 'training-evaluations', title: '培训评估', path: '/training/evaluations', icon: Medal, permission: 'training.evaluate' },
    ],
  },
  {
    // 应急管理 (docs/api-training.md): emergency plans, drills and the spot checks of both
    name: 'emergency-group',
    title: '应急管理',
    path: 'emergency-group',
    icon: FirstAidKit,
    permission: 'training.read',
    children: [
      { name: 'emergency-plans', title: '应急预案', path: '/drills/plans', icon: Guide, permission: 'training.read' },
      { name: 'drills', title: '应急演练', path: '/drills', icon: Aim, permission: 'training.read' },
      { name: 'drill-spot-checks', title: '抽查评估', path: '/drills/spot-checks', icon: Stamp, permission: 'training.evaluate' },
    ],
  },
  // 宣传教育 (docs/api-training.md): activities and who took part
  { name: 'publicity', title: '宣传教育', path: '/publicity', icon: Microphone, permission: 'training.read' },
  {
    // 督导检查 (docs/api-inspections.md): inspections on a phone, plans, special campaigns, checklists
    name: 'inspection-group',
    title: '督导检查',
    path: 'inspection-group',
    icon: Checked,
    permission: 'inspection.read',
    children: [
      { name: 'inspections', title: '我的检查', path: '/inspections', icon: Finished, permission: 'inspection.read' },
      { name: 'inspection-plans', title: '检查计划', path: '/inspection-plans', icon: Calendar, permission: 'inspection.write' },
      { name: 'inspection-campaigns', title: '专项检查', path: '/inspection-campaigns', icon: Aim, permission: 'inspection.write' },
      { name: 'checklist-templates', title: '检查表模板', path: '/checklist-templates', icon: Memo, permission: 'inspection.read' },
    ],
  },
  {
    // 督查考核 (docs/api-accountability.md): referrals to law enforcement, meetings, bulletins,
    // interviews and exposure; an agency user (referral.read only) sees 函送执法
    name: 'accountability-group',
    title: '督查考核',
    path: 'accountability-group',
    icon: Stamp,
    children: [
      { name: 'referrals', title: '函送执法', path: '/referrals', icon: Promotion, permission: 'referral.read' },
      { name: 'meetings', title: '专班会议', path: '/meetings', icon: ChatDotSquare, permission: 'accountability.read' },
      { name: 'bulletins', title: '通报', path: '/bulletins', icon: Bell, permission: 'accountability.read' },
      { name: 'interviews', title: '约谈曝光', path: '/interviews', icon: ChatLineRound, permission: 'accountability.read' },
      { name: 'assessments', title: '考核评估', path: '/assessments', icon: ScaleToOriginal, permission: 'accountability.read' },
    ],
  },
  {
    // 诚信管理 (docs/api-accountability.md): credit scores, benchmark enterprises, the scoring
    // rules (credit.manage), the maturity assessment and its results
    name: 'credit-group',
    title: '诚信管理',
    path: 'credit-group',
    icon: Coin,
    children: [
      { name: 'credit', title: '诚信评价', path: '/credit', icon: CreditCard, permission: 'credit.read' },
      { name: 'credit-benchmarks', title: '标杆企业', path: '/credit/benchmarks', icon: Trophy, permission: 'credit.read' },
      { name: 'credit-rules', title: '评分规则', path: '/credit/rules', icon: Setting, permission: 'credit.manage' },
      { name: 'maturity', title: '成熟度评估', path: '/maturity', icon: TrendCharts, permission: 'credit.read' },
      { name: 'maturity-summary', title: '评估结果', path: '/maturity/summary', icon: PieChart, permission: 'credit.read' },
    ],
  },
  // 典型做法 (docs/api-accountability.md): submissions, review, publication
  { name: 'practices', title: '典型做法', path: '/practices', icon: Opportunity, permission: 'practice.read' },
  { name: 'orgs', title: '组织机构', path: '/orgs', icon: OfficeBuilding, permission: 'org.read' },
  { name: 'users', title: '用户管理', path: '/users', icon: User, permission: 'user.read' },
  {
    name: 'dictionary-group',
    title: '数据字典',
    path: 'dictionary-group',
    icon: Collection,
    children: [
      { name: 'industry-categories', title: '行业类别', path: '/dictionaries/industry-categories', icon: PriceTag, permission: 'dictionary.write' },
      { name: 'hazard-categories', title: '隐患类别', path: '/dictionaries/hazard-categories', icon: PriceTag, permission: 'dictionary.write' },
    ],
  },
  { name: 'security-policy', title: '安全策略', path: '/security/policy', icon: Lock, permission: 'security.policy' },
  {
    name: 'security-sessions',
    title: '在线会话',
    path: '/security/sessions',
    icon: Monitor,
    permission: 'security.sessions',
  },
  { name: 'audit', title: '审计日志', path: '/audit', icon: Document, permission: 'audit.read' },
]

/** The menu as a user with these permissions sees it. */
export function visibleMenu(permissions: readonly string[], items: MenuItem[] = MENU): MenuItem[] {
  const out: MenuItem[] = []
  for (const item of items) {
    if (item.permission && !permissions.includes(item.permission)) continue
    if (item.hiddenWith && permissions.includes(item.hiddenWith)) continue
    if (item.children) {
      const children = visibleMenu(permissions, item.children)
      if (children.length === 0) continue
      out.push({ ...item, children })
    } else {
      out.push(item)
    }
  }
  return out
}

/** Leaf items of a (filtered) menu, in order. */
export function flattenMenu(items: MenuItem[]): MenuItem[] {
  return items.flatMap((i) => (i.children ? flattenMenu(i.children) : [i]))
}
