//! Data scope: which rows an actor may read or change. Every store call takes
//! a [`Scope`]; the store turns it into the `WHERE` of every query.

use serde::Serialize;
use uuid::Uuid;

use crate::role::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "org_id", rename_all = "snake_case")]
pub enum Scope {
    /// anzhi itself (start-up seeding, CLI maintenance). Never built from a request.
    Internal,
    /// The three admins: directory and accounts, no business data.
    Admin(Uuid),
    /// 局领导: reads everything of the bureau.
    Leader(Uuid),
    /// 局科室人员 of the given section: the whole bureau's enterprises; own section's tasks.
    Section(Uuid),
    /// 区商务局人员: the district's own enterprises and tasks.
    District(Uuid),
    /// 企业用户: its own enterprise only.
    Enterprise(Uuid),
    /// 外部单位: only what is addressed to it.
    Agency(Uuid),
}

/// Which enterprises a scope may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnterpriseFilter {
    All,
    /// Enterprises whose district (parent) is this unit.
    InDistrict(Uuid),
    /// Exactly this enterprise.
    Only(Uuid),
    None,
}

impl Scope {
    pub fn for_user(role: Role, org_id: Uuid) -> Scope {
        match role {
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin => Scope::Admin(org_id),
            Role::Leader => Scope::Leader(org_id),
            Role::SectionStaff => Scope::Section(org_id),
            Role::DistrictStaff => Scope::District(org_id),
            Role::EnterpriseUser => Scope::Enterprise(org_id),
            Role::AgencyUser => Scope::Agency(org_id),
        }
    }

    pub fn enterprises(self) -> EnterpriseFilter {
        match self {
            Scope::Internal | Scope::Admin(_) | Scope::Leader(_) | Scope::Section(_) => {
                EnterpriseFilter::All
            }
            Scope::District(d) => EnterpriseFilter::InDistrict(d),
            Scope::Enterprise(e) => EnterpriseFilter::Only(e),
            Scope::Agency(_) => EnterpriseFilter::None,
        }
    }

    /// May this scope see an enterprise with this id under this district?
    pub fn sees_enterprise(self, enterprise_id: Uuid, district_id: Option<Uuid>) -> bool {
        match self.enterprises() {
            EnterpriseFilter::All => true,
            EnterpriseFilter::InDistrict(d) => district_id == Some(d),
            EnterpriseFilter::Only(e) => e == enterprise_id,
            EnterpriseFilter::None => false,
        }
    }

    /// The unit the actor belongs to (`None` for [`Scope::Internal`]).
    pub fn org_id(self) -> Option<Uuid> {
        match self {
            Scope::Internal => None,
            Scope::Admin(o)
            | Scope::Leader(o)
            | Scope::Section(o)
            | Scope::District(o)
            | Scope::Enterprise(o)
            | Scope::Agency(o) => Some(o),
        }
    }

    /// Accounts and the directory are administered only by the admins (and anzhi itself).
    pub fn administers_accounts(self) -> bool {
        matches!(self, Scope::Internal | Scope::Admin(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enterprise_visibility_by_scope() {
        let d1 = Uuid::now_v7();
        let d2 = Uuid::now_v7();
        let e1 = Uuid::now_v7();
        let e2 = Uuid::now_v7();
        let org = Uuid::now_v7();
        assert!(Scope::Leader(org).sees_enterprise(e1, Some(d1)));
        assert!(Scope::Section(org).sees_enterprise(e2, Some(d2)));
        assert!(Scope::District(d1).sees_enterprise(e1, Some(d1)));
        assert!(!Scope::District(d1).sees_enterprise(e2, Some(d2)));
        assert!(!Scope::District(d1).sees_enterprise(e2, None));
        assert!(Scope::Enterprise(e1).sees_enterprise(e1, Some(d1)));
        assert!(!Scope::Enterprise(e1).sees_enterprise(e2, Some(d1)));
        assert!(!Scope::Agency(org).sees_enterprise(e1, Some(d1)));
    }

    #[test]
    fn scope_follows_role() {
        let o = Uuid::now_v7();
        assert_eq!(Scope::for_user(Role::AuditAdmin, o), Scope::Admin(o));
        assert_eq!(Scope::for_user(Role::DistrictStaff, o), Scope::District(o));
        assert!(!Scope::District(o).administers_accounts());
        assert!(Scope::Admin(o).administers_accounts());
    }
}
