//! Claims (`docs/oms-api.md` §16) over real HTTP: take, renew, refuse with the holder named, release (own,
//! forced, idempotent), list per store, expiry, terminal orders, and that a claim is not a change.

mod common;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use storedesk_domain::{Feed, Status, WorkOrderKind};
use storedesk_oms_api::endpoints::{CLAIMS_PATH, claim_path, list_path};

use common::{Answer, Harness, OTHER_STORE, STORE};

fn who(user_id: &str, name: &str, station: &str) -> Value {
    json!({"user_id": user_id, "user_name": name, "station": station})
}

async fn put(
    h: &Harness,
    feed: Feed,
    id: &str,
    store: &str,
    actor: Value,
    ttl: Option<u64>,
) -> Answer {
    let mut body = json!({"stock_location": store, "actor": actor});
    if let Some(ttl) = ttl {
        body["ttl_seconds"] = json!(ttl);
    }
    h.send(h.request(Method::PUT, &claim_path(feed, id)).json(&body))
        .await
}

async fn delete(h: &Harness, feed: Feed, id: &str, query: &str) -> Answer {
    h.send(h.request(Method::DELETE, &format!("{}?{query}", claim_path(feed, id))))
        .await
}

async fn listed(h: &Harness, store: &str) -> Vec<Value> {
    let answer = h
        .get(&format!("{CLAIMS_PATH}?stock_location__erp_code={store}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let json = answer.json();
    assert_eq!(json["count"], json["results"].as_array().unwrap().len());
    json["results"].as_array().unwrap().clone()
}

#[tokio::test]
async fn claim_renew_refuse_release() {
    let h = common::start(common::config(2)).await;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let feed = Feed::Packaging;
    let before = h.object(feed, &id, STORE).await;

    let answer = put(
        &h,
        feed,
        &id,
        STORE,
        who("u-1", "Ayşe Demir", "Pack 1"),
        None,
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let claim = answer.json();
    assert_eq!(claim["work_order_id"].to_string(), id);
    assert_eq!(claim["object_type"], "package");
    assert_eq!(claim["holder"]["station"], "Pack 1");
    let claimed_at = claim["claimed_at"].as_str().unwrap().to_string();
    let claimed = chrono::DateTime::parse_from_rfc3339(&claimed_at).unwrap();
    let expires =
        chrono::DateTime::parse_from_rfc3339(claim["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        (expires - claimed).num_seconds(),
        7200,
        "the default lease is 2 hours"
    );

    // Not a change: same version, same change_seq, nothing new in the change list.
    let after = h.object(feed, &id, STORE).await;
    assert_eq!(after["version"], before["version"]);
    assert_eq!(after["change_seq"], before["change_seq"]);
    let changes = h
        .get(&format!(
            "{}?stock_location__erp_code={STORE}&change_seq__gt={}",
            list_path(feed),
            before["change_seq"]
        ))
        .await
        .json();
    assert_eq!(changes["count"], 0);

    // The same holder renews (a retried PUT is harmless); the first claim time stays.
    let renewed = put(
        &h,
        feed,
        &id,
        STORE,
        who("u-1", "Ayşe Demir", "Pack 2"),
        Some(600),
    )
    .await;
    assert_eq!(renewed.status, StatusCode::OK);
    let renewed = renewed.json();
    assert_eq!(renewed["claimed_at"], claimed_at.as_str());
    assert_eq!(renewed["holder"]["station"], "Pack 2");

    // Someone else is refused, with the holder named.
    let refused = put(
        &h,
        feed,
        &id,
        STORE,
        who("u-2", "Mehmet Kaya", "Counter 2"),
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let problem = refused.problem();
    assert_eq!(problem.code, "claimed_by_other");
    assert!(
        problem.detail.contains("Ayşe Demir") && problem.detail.contains("Pack 2"),
        "{}",
        problem.detail
    );
    let holder = problem.claim.expect("the claim in the way");
    assert_eq!(holder.holder.user_id, "u-1");
    // … and may not release it either, unless forced.
    let refused = delete(
        &h,
        feed,
        &id,
        &format!("stock_location__erp_code={STORE}&user_id=u-2"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.problem().code, "claimed_by_other");

    // The list shows it to its store only.
    let mine = listed(&h, STORE).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["holder"]["user_name"], "Ayşe Demir");
    assert!(listed(&h, OTHER_STORE).await.is_empty());

    // The holder releases; releasing again is still 204; then the other person can claim.
    let released = delete(
        &h,
        feed,
        &id,
        &format!("stock_location__erp_code={STORE}&user_id=u-1"),
    )
    .await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);
    let again = delete(
        &h,
        feed,
        &id,
        &format!("stock_location__erp_code={STORE}&user_id=u-1"),
    )
    .await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
    assert!(listed(&h, STORE).await.is_empty());
    let taken = put(
        &h,
        feed,
        &id,
        STORE,
        who("u-2", "Mehmet Kaya", "Counter 2"),
        None,
    )
    .await;
    assert_eq!(taken.status, StatusCode::OK);

    // A manager forces a release.
    let forced = delete(
        &h,
        feed,
        &id,
        &format!("stock_location__erp_code={STORE}&user_id=u-9&force=true"),
    )
    .await;
    assert_eq!(forced.status, StatusCode::NO_CONTENT);
    assert!(listed(&h, STORE).await.is_empty());
    h.server.stop().await;
}

#[tokio::test]
async fn claims_expire_and_terminal_orders_drop_them() {
    let h = common::start(common::config(2)).await;
    let feed = Feed::Packaging;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    let short = put(&h, feed, &id, STORE, who("u-1", "Ayşe", "Pack 1"), Some(1)).await;
    assert_eq!(short.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(listed(&h, STORE).await.is_empty(), "expired");
    let other = put(
        &h,
        feed,
        &id,
        STORE,
        who("u-2", "Mehmet", "Counter 2"),
        None,
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "an expired claim is as good as none"
    );

    // The order becomes terminal: the claim goes, and new claims are refused.
    assert!(h.sim.cancel(&id));
    assert!(listed(&h, STORE).await.is_empty());
    let refused = put(
        &h,
        feed,
        &id,
        STORE,
        who("u-2", "Mehmet", "Counter 2"),
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let problem = refused.problem();
    assert_eq!(problem.code, "work_order_cancelled");
    assert!(problem.current_version.is_some());
    // Releasing on a terminal order is a no-op.
    let released = delete(
        &h,
        feed,
        &id,
        &format!("stock_location__erp_code={STORE}&user_id=u-2"),
    )
    .await;
    assert_eq!(released.status, StatusCode::NO_CONTENT);

    let shipped = h
        .order_in(WorkOrderKind::ShipFromStore, Status::Shipped)
        .await;
    let refused = put(
        &h,
        feed,
        &shipped,
        STORE,
        who("u-2", "Mehmet", "Counter 2"),
        None,
    )
    .await;
    assert_eq!(refused.problem().code, "invalid_transition");
    h.server.stop().await;
}

#[tokio::test]
async fn bad_claim_requests() {
    let h = common::start(common::config(2)).await;
    let feed = Feed::Packaging;
    let id = h.create(STORE, WorkOrderKind::ShipFromStore, 1, 1);
    // Another store's order, an unknown id, the wrong feed: 404.
    let theirs = h.create(OTHER_STORE, WorkOrderKind::ShipFromStore, 1, 1);
    for (feed, id) in [
        (feed, theirs.as_str()),
        (feed, "999999"),
        (Feed::Transfers, id.as_str()),
    ] {
        let answer = put(&h, feed, id, STORE, who("u-1", "Ayşe", "Pack 1"), None).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{feed:?} {id}");
        assert_eq!(answer.problem().code, "not_found");
    }
    let bad_ttl = put(&h, feed, &id, STORE, who("u-1", "Ayşe", "Pack 1"), Some(0)).await;
    assert_eq!(bad_ttl.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_ttl.problem().errors[0].field, "ttl_seconds");
    let no_actor = h
        .send(
            h.request(Method::PUT, &claim_path(feed, &id))
                .json(&json!({"stock_location": STORE})),
        )
        .await;
    assert_eq!(no_actor.problem().code, "bad_request");
    let no_user = delete(&h, feed, &id, &format!("stock_location__erp_code={STORE}")).await;
    assert_eq!(no_user.problem().code, "bad_request");
    let no_store = h.get(CLAIMS_PATH).await;
    assert_eq!(no_store.problem().code, "bad_request");
    let unauthenticated = h
        .send(
            h.client
                .get(h.url(&format!("{CLAIMS_PATH}?stock_location__erp_code={STORE}"))),
        )
        .await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    h.server.stop().await;
}
