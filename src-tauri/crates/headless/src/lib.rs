//! Storedesk without a window: a station that syncs with the OMS and, for demos, soak runs and tests, a scripted
//! clerk ([`autopilot`]) that works orders through the same store transactions a person's actions go through.

pub mod autopilot;
pub mod station;
