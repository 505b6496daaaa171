//! Roles and what each may do.

use serde::{Deserialize, Serialize};

use crate::org::OrgKind;

/// A user's role. One role per account; the three admin roles are separate
/// (等保 2.0: system, security and audit administration are split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SystemAdmin,
    SecurityAdmin,
    AuditAdmin,
    Leader,
    SectionStaff,
    DistrictStaff,
    EnterpriseUser,
    AgencyUser,
}

/// A capability checked by handlers before calling the store. Data scope
/// (which rows) is separate: it is enforced by the store through [`crate::Scope`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Permission {
    #[serde(rename = "org.read")]
    OrgRead,
    #[serde(rename = "org.write")]
    OrgWrite,
    #[serde(rename = "user.read")]
    UserRead,
    #[serde(rename = "user.write")]
    UserWrite,
    /// Grant or revoke the admin roles, unlock accounts, end others' sessions.
    #[serde(rename = "user.role_admin")]
    UserRoleAdmin,
    #[serde(rename = "security.policy")]
    SecurityPolicy,
    #[serde(rename = "security.sessions")]
    SecuritySessions,
    #[serde(rename = "audit.read")]
    AuditRead,
    /// See campaigns, tasks and assignments (in the scope's reach).
    #[serde(rename = "campaign.read")]
    CampaignRead,
    /// Import plans and create campaigns.
    #[serde(rename = "campaign.write")]
    CampaignWrite,
    /// See enterprises and their profiles (in the scope's reach).
    #[serde(rename = "enterprise.read")]
    EnterpriseRead,
    /// Register, edit and import enterprises; create their accounts.
    #[serde(rename = "enterprise.write")]
    EnterpriseWrite,
    /// Review (approve or return) profile items.
    #[serde(rename = "enterprise.review")]
    EnterpriseReview,
    /// Fill the own enterprise's profile and post commitments.
    #[serde(rename = "profile.write")]
    ProfileWrite,
    /// Edit dictionaries (industry and hazard categories).
    #[serde(rename = "dictionary.write")]
    DictionaryWrite,
    /// See hazards and self-checks (in the scope's reach).
    #[serde(rename = "hazard.read")]
    HazardRead,
    /// Report hazards (an enterprise: its own self-check findings).
    #[serde(rename = "hazard.report")]
    HazardReport,
    /// Rectify the own enterprise's hazards and record its self-checks.
    #[serde(rename = "hazard.rectify")]
    HazardRectify,
    /// Supervise (挂牌督办), verify, return and grade hazards; edit their details.
    #[serde(rename = "hazard.verify")]
    HazardVerify,
    /// See risk points, enterprise risk levels and the four-colour distribution.
    #[serde(rename = "risk.read")]
    RiskRead,
    /// Identify and assess the own enterprise's risk points.
    #[serde(rename = "risk.write")]
    RiskWrite,
    /// See inspections, plans and checklist templates (in the scope's reach).
    #[serde(rename = "inspection.read")]
    InspectionRead,
    /// Plan and perform supervision inspections.
    #[serde(rename = "inspection.write")]
    InspectionWrite,
    /// Edit checklist templates (the bureau).
    #[serde(rename = "inspection.template")]
    InspectionTemplate,
    /// Confirm an inspection of the own enterprise.
    #[serde(rename = "inspection.confirm")]
    InspectionConfirm,
    /// See extreme-weather warnings.
    #[serde(rename = "weather.read")]
    WeatherRead,
    /// Issue, import and cancel warnings; remind enterprises.
    #[serde(rename = "weather.write")]
    WeatherWrite,
    /// Acknowledge a warning and report what the own enterprise did.
    #[serde(rename = "weather.ack")]
    WeatherAck,
    /// See rosters, training, certificates, emergency plans, drills and activities.
    #[serde(rename = "training.read")]
    TrainingRead,
    /// Keep the own enterprise's roster, training, certificates, plans and drills.
    #[serde(rename = "training.write")]
    TrainingWrite,
    /// Evaluate enterprises' training and spot-check their plans and drills.
    #[serde(rename = "training.evaluate")]
    TrainingEvaluate,
    /// Record publicity and education activities.
    #[serde(rename = "publicity.write")]
    PublicityWrite,
    /// See credit scores, benchmark enterprises and maturity assessments (in reach).
    #[serde(rename = "credit.read")]
    CreditRead,
    /// Edit the credit rules, recompute scores, nominate and publish benchmarks.
    #[serde(rename = "credit.manage")]
    CreditManage,
    /// Fill the own enterprise's maturity questionnaire.
    #[serde(rename = "maturity.fill")]
    MaturityFill,
    /// Review maturity assessments and set pilot groups.
    #[serde(rename = "maturity.review")]
    MaturityReview,
    /// See enforcement referrals (sent by the own unit, of the own district, or addressed to the own agency).
    #[serde(rename = "referral.read")]
    ReferralRead,
    /// Draft, send, follow up and withdraw referrals; record on an agency's behalf.
    #[serde(rename = "referral.write")]
    ReferralWrite,
    /// Receive a referral and record the action and result (the addressed agency).
    #[serde(rename = "referral.handle")]
    ReferralHandle,
    /// Read published good practices.
    #[serde(rename = "practice.read")]
    PracticeRead,
    /// Submit the own unit's good practices.
    #[serde(rename = "practice.submit")]
    PracticeSubmit,
    /// Publish or return submitted good practices.
    #[serde(rename = "practice.review")]
    PracticeReview,
    /// See meetings, bulletins, interviews and assessments (in reach).
    #[serde(rename = "accountability.read")]
    AccountabilityRead,
    /// Run meetings, bulletins and assessments.
    #[serde(rename = "accountability.write")]
    AccountabilityWrite,
    /// Record interviews (约谈) and exposure (曝光).
    #[serde(rename = "interview.write")]
    InterviewWrite,
    /// See the cockpit and the monthly report.
    #[serde(rename = "cockpit.read")]
    CockpitRead,
}

impl Permission {
    pub const ALL: [Permission; 46] = [
        Permission::OrgRead,
        Permission::OrgWrite,
        Permission::UserRead,
        Permission::UserWrite,
        Permission::UserRoleAdmin,
        Permission::SecurityPolicy,
        Permission::SecuritySessions,
        Permission::AuditRead,
        Permission::CampaignRead,
        Permission::CampaignWrite,
        Permission::EnterpriseRead,
        Permission::EnterpriseWrite,
        Permission::EnterpriseReview,
        Permission::ProfileWrite,
        Permission::DictionaryWrite,
        Permission::HazardRead,
        Permission::HazardReport,
        Permission::HazardRectify,
        Permission::HazardVerify,
        Permission::RiskRead,
        Permission::RiskWrite,
        Permission::InspectionRead,
        Permission::InspectionWrite,
        Permission::InspectionTemplate,
        Permission::InspectionConfirm,
        Permission::WeatherRead,
        Permission::WeatherWrite,
        Permission::WeatherAck,
        Permission::TrainingRead,
        Permission::TrainingWrite,
        Permission::TrainingEvaluate,
        Permission::PublicityWrite,
        Permission::CreditRead,
        Permission::CreditManage,
        Permission::MaturityFill,
        Permission::MaturityReview,
        Permission::ReferralRead,
        Permission::ReferralWrite,
        Permission::ReferralHandle,
        Permission::PracticeRead,
        Permission::PracticeSubmit,
        Permission::PracticeReview,
        Permission::AccountabilityRead,
        Permission::AccountabilityWrite,
        Permission::InterviewWrite,
        Permission::CockpitRead,
    ];
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::SystemAdmin,
        Role::SecurityAdmin,
        Role::AuditAdmin,
        Role::Leader,
        Role::SectionStaff,
        Role::DistrictStaff,
        Role::EnterpriseUser,
        Role::AgencyUser,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::SecurityAdmin => "security_admin",
            Role::AuditAdmin => "audit_admin",
            Role::Leader => "leader",
            Role::SectionStaff => "section_staff",
            Role::DistrictStaff => "district_staff",
            Role::EnterpriseUser => "enterprise_user",
            Role::AgencyUser => "agency_user",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SystemAdmin => "系统管理员",
            Role::SecurityAdmin => "安全管理员",
            Role::AuditAdmin => "审计管理员",
            Role::Leader => "局领导",
            Role::SectionStaff => "局科室人员",
            Role::DistrictStaff => "区商务局人员",
            Role::EnterpriseUser => "企业用户",
            Role::AgencyUser => "外部单位",
        }
    }

    /// The three administrator roles of 等保 2.0 (system, security, audit).
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin
        )
    }

    /// Org kinds an account of this role may belong to.
    pub fn org_kinds(self) -> &'static [OrgKind] {
        match self {
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin | Role::Leader => {
                &[OrgKind::Bureau]
            }
            Role::SectionStaff => &[OrgKind::Section],
            Role::DistrictStaff => &[OrgKind::District],
            Role::EnterpriseUser => &[OrgKind::Enterprise],
            Role::AgencyUser => &[OrgKind::Agency],
        }
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::SystemAdmin => &[OrgRead, OrgWrite, UserRead, UserWrite, DictionaryWrite],
            Role::SecurityAdmin => &[
                OrgRead,
                UserRead,
                UserRoleAdmin,
                SecurityPolicy,
                SecuritySessions,
            ],
            Role::AuditAdmin => &[AuditRead],
            Role::Leader => &[
                OrgRead,
                CampaignRead,
                EnterpriseRead,
                HazardRead,
                RiskRead,
                InspectionRead,
                WeatherRead,
                TrainingRead,
                CreditRead,
                ReferralRead,
                PracticeRead,
                AccountabilityRead,
                CockpitRead,
            ],
            Role::DistrictStaff => &[
                OrgRead,
                CampaignRead,
                EnterpriseRead,
                EnterpriseWrite,
                EnterpriseReview,
                HazardRead,
                HazardReport,
                HazardVerify,
                RiskRead,
                InspectionRead,
                InspectionWrite,
                WeatherRead,
                WeatherWrite,
                TrainingRead,
                TrainingEvaluate,
                PublicityWrite,
                CreditRead,
                MaturityReview,
                ReferralRead,
                ReferralWrite,
                PracticeRead,
                PracticeSubmit,
                AccountabilityRead,
                InterviewWrite,
                CockpitRead,
            ],
            Role::EnterpriseUser => &[
                OrgRead,
                CampaignRead,
                EnterpriseRead,
                ProfileWrite,
                HazardRead,
                HazardReport,
                HazardRectify,
                RiskRead,
                RiskWrite,
                InspectionRead,
                InspectionConfirm,
                WeatherRead,
                WeatherAck,
                TrainingRead,
                TrainingWrite,
                CreditRead,
                MaturityFill,
                PracticeRead,
                PracticeSubmit,
            ],
            Role::SectionStaff => &[
                OrgRead,
                CampaignRead,
                CampaignWrite,
                EnterpriseRead,
                EnterpriseWrite,
                EnterpriseReview,
                DictionaryWrite,
                HazardRead,
                HazardReport,
                HazardVerify,
                RiskRead,
                InspectionRead,
                InspectionWrite,
                InspectionTemplate,
                WeatherRead,
                WeatherWrite,
                TrainingRead,
                TrainingEvaluate,
                PublicityWrite,
                CreditRead,
                CreditManage,
                MaturityReview,
                ReferralRead,
                ReferralWrite,
                PracticeRead,
                PracticeSubmit,
                PracticeReview,
                AccountabilityRead,
                AccountabilityWrite,
                InterviewWrite,
                CockpitRead,
            ],
            Role::AgencyUser => &[OrgRead, ReferralRead, ReferralHandle, PracticeRead],
        }
    }

    pub fn has(self, p: Permission) -> bool {
        self.permissions().contains(&p)
    }

    /// May an actor of this role create or change an account of `target` role?
    /// Business accounts are the system admin's; the three admin roles are
    /// granted and changed only by the security admin.
    pub fn may_manage(self, target: Role) -> bool {
        if target.is_admin() {
            self.has(Permission::UserRoleAdmin)
        } else {
            self.has(Permission::UserWrite) || self.has(Permission::UserRoleAdmin)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(json, format!("\"{}\"", r.code()));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn admin_duties_are_separated() {
        // No role holds two of: account management, security policy, audit reading.
        for r in Role::ALL {
            let duties = [
                r.has(Permission::UserWrite),
                r.has(Permission::SecurityPolicy),
                r.has(Permission::AuditRead),
            ];
            assert!(duties.iter().filter(|d| **d).count() <= 1, "{r:?}");
        }
        assert!(Role::AuditAdmin.has(Permission::AuditRead));
        assert!(!Role::SystemAdmin.has(Permission::AuditRead));
        assert!(!Role::Leader.has(Permission::OrgWrite));
    }

    #[test]
    fn who_manages_whom() {
        assert!(Role::SystemAdmin.may_manage(Role::DistrictStaff));
        assert!(!Role::SystemAdmin.may_manage(Role::AuditAdmin));
        assert!(Role::SecurityAdmin.may_manage(Role::AuditAdmin));
        assert!(!Role::Leader.may_manage(Role::EnterpriseUser));
        assert!(!Role::AuditAdmin.may_manage(Role::EnterpriseUser));
    }

    #[test]
    fn permission_codes() {
        assert_eq!(
            serde_json::to_string(&Permission::UserRoleAdmin).unwrap(),
            "\"user.role_admin\""
        );
    }
}
