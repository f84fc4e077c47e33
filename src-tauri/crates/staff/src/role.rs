//! Roles.

use serde::{Deserialize, Serialize};

/// What a person may do at the station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works orders: accept, pick, pack, hand over.
    Staff,
    /// Everything staff do, plus adding people, resetting PINs, discarding parked actions, the manager view.
    Manager,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Manager => "manager",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Staff, Role::Manager]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    pub fn is_manager(self) -> bool {
        self == Role::Manager
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
