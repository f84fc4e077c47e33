//! The HTTP surface: the store-facing contract API, webhooks and the admin API.

mod admin;
mod api;
mod auth;
mod query;
mod respond;

use std::sync::Arc;

use axum::Router;
use axum::middleware::{from_fn_with_state, map_request_with_state};
use axum::routing::{delete, get, post, put};
use storedesk_oms_api::endpoints::{CLAIMS_PATH, HOOKS_PATH, REASONS_PATH};

use crate::error::ApiError;
use crate::faults;
use crate::state::Shared;

/// The whole router: faults and authentication on the store-facing routes, authentication only on `/admin/`.
pub fn router(shared: Arc<Shared>) -> Router {
    let store_api = Router::new()
        .route("/api/v1/oms/packages/", get(api::list_packages))
        .route(REASONS_PATH, get(api::reasons))
        .route("/api/v1/oms/packages/{id}/", get(api::get_package))
        .route(
            "/api/v1/oms/packages/{id}/command/",
            post(api::package_command),
        )
        .route(
            "/api/v1/oms/packages/{id}/parcels/{parcel_ref}/label/",
            get(api::label),
        )
        .route("/api/v1/oms/transfer_orders/", get(api::list_transfers))
        .route("/api/v1/oms/transfer_orders/{id}/", get(api::get_transfer))
        .route(
            "/api/v1/oms/transfer_orders/{id}/command/",
            post(api::transfer_command),
        )
        .route(
            "/api/v1/oms/packages/{id}/claim/",
            put(api::package_claim).delete(api::package_release),
        )
        .route(
            "/api/v1/oms/transfer_orders/{id}/claim/",
            put(api::transfer_claim).delete(api::transfer_release),
        )
        .route(CLAIMS_PATH, get(api::list_claims))
        .route(HOOKS_PATH, post(api::subscribe))
        .route("/whisperer/hooks/{id}/", delete(api::unsubscribe))
        .route_layer(map_request_with_state(shared.clone(), auth::require_token))
        .layer(from_fn_with_state(shared.clone(), faults::inject));
    let admin_api = Router::new()
        .route("/admin/orders", post(admin::create_order))
        .route("/admin/work_orders/{id}", get(admin::work_order))
        .route(
            "/admin/work_orders/{id}/request_cancel",
            post(admin::request_cancel),
        )
        .route("/admin/work_orders/{id}/cancel", post(admin::cancel))
        .route("/admin/work_orders/{id}/reassign", post(admin::reassign))
        .route("/admin/work_orders/{id}/hold", post(admin::hold))
        .route(
            "/admin/work_orders/{id}/release_hold",
            post(admin::release_hold),
        )
        .route("/admin/commands", get(admin::commands))
        .route(
            "/admin/faults",
            get(admin::get_faults).put(admin::put_faults),
        )
        .route_layer(map_request_with_state(shared.clone(), auth::require_token));
    Router::new()
        .merge(store_api)
        .merge(admin_api)
        .fallback(|| async { ApiError::not_found("no such endpoint (paths end with '/')") })
        .with_state(shared)
}
