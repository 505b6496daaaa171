//! anzhi-domain: the vocabulary and the rules of anzhi.
//!
//! Pure: no HTTP, no SQL, no I/O. Everything here is unit-tested in place.

pub mod accountability;
pub mod assessment;
pub mod audit;
pub mod campaign;
pub mod credit;
pub mod crypto;
pub mod drills;
pub mod enterprise;
pub mod files;
pub mod hazard;
pub mod inspection;
pub mod maturity;
pub mod org;
pub mod password;
pub mod publicity;
pub mod reminder;
pub mod risk;
pub mod role;
pub mod scope;
pub mod time;
pub mod training;
pub mod validate;
pub mod weather;

pub use org::{GroupRule, OrgKind};
pub use role::{Permission, Role};
pub use scope::Scope;
pub use validate::{FieldError, Validator};
