//! Enterprises: the registry, the responsibility profile and commitments.

use anzhi_domain::Scope;
use anzhi_domain::scope::EnterpriseFilter;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::Result;
use crate::entity::org;
use crate::files::Subject;

/// May `scope` read the enterprise `id`?
pub(crate) async fn enterprise_visible<C: ConnectionTrait>(
    c: &C,
    scope: Scope,
    id: Uuid,
) -> Result<bool> {
    if matches!(scope, Scope::Admin(_) | Scope::Agency(_)) {
        return Ok(false);
    }
    let Some(o) = org::Entity::find_by_id(id).one(c).await? else {
        return Ok(false);
    };
    Ok(match scope.enterprises() {
        EnterpriseFilter::All => true,
        EnterpriseFilter::InDistrict(d) => o.parent_id == Some(d),
        EnterpriseFilter::Only(e) => e == id,
        EnterpriseFilter::None => false,
    })
}

/// The enterprise a profile item or commitment belongs to.
pub(crate) async fn subject_enterprise<C: ConnectionTrait>(
    _c: &C,
    _s: Subject,
    _id: Uuid,
) -> Result<Option<Uuid>> {
    Ok(None)
}
