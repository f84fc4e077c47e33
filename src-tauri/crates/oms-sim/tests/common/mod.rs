//! A simulator on a loopback port and a small reqwest client for it.

#![allow(dead_code)]

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use storedesk_domain::{Feed, Status, WorkOrderKind};
use storedesk_oms_api::endpoints::{command_path, object_path};
use storedesk_oms_api::{Problem, parse_problem};
use storedesk_oms_sim::{NewOrderSpec, SimConfig, SimServer, Simulator};

pub const STORE: &str = "IST-01";
pub const OTHER_STORE: &str = "IST-02";
pub const TOKEN: &str = "test-token";

pub struct Harness {
    pub sim: Simulator,
    pub server: SimServer,
    pub client: reqwest::Client,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The problem body; panics (test failure) if it is not one.
    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json"),
            "status {} body {}",
            self.status,
            String::from_utf8_lossy(&self.body)
        );
        parse_problem(&self.body).expect("a problem body")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn config(orders_per_store: usize) -> SimConfig {
    SimConfig {
        seed: 7,
        stores: vec![STORE.to_string(), OTHER_STORE.to_string()],
        orders_per_store,
        token: TOKEN.to_string(),
        ..SimConfig::default()
    }
}

pub async fn start(config: SimConfig) -> Harness {
    let sim = Simulator::new(config);
    let server = sim
        .serve("127.0.0.1:0".parse().expect("loopback address"))
        .await
        .expect("server starts");
    Harness {
        sim,
        server,
        client: client(Duration::from_secs(20)),
    }
}

pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .pool_max_idle_per_host(0)
        .build()
        .expect("client")
}

pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A command body: the slug and parameters, plus who sends it.
pub fn body(store: &str, command: Value) -> Value {
    let mut body = command;
    body["stock_location"] = json!(store);
    body["actor"] = json!({"user_id": "u-7", "user_name": "Ayşe Demir", "station": "till-2"});
    body["issued_at"] = json!("2026-05-02T10:11:12.345Z");
    body
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.base_url, path)
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        let response = request.send().await.expect("an answer");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("a body").to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("Authorization", format!("Token {TOKEN}"))
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.request(Method::GET, path)).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Answer {
        self.send(self.request(Method::POST, path).json(body)).await
    }

    /// A command with a fresh key.
    pub async fn command(&self, feed: Feed, id: &str, store: &str, command: Value) -> Answer {
        self.command_with_key(feed, id, store, command, &new_key())
            .await
    }

    pub async fn command_with_key(
        &self,
        feed: Feed,
        id: &str,
        store: &str,
        command: Value,
        key: &str,
    ) -> Answer {
        self.send(
            self.request(Method::POST, &command_path(feed, id))
                .header("Idempotency-Key", key)
                .json(&body(store, command)),
        )
        .await
    }

    /// A command that must succeed; returns the updated object.
    pub async fn ok(&self, feed: Feed, id: &str, store: &str, command: Value) -> Value {
        let answer = self.command(feed, id, store, command.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{command} on {id}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json()
    }

    pub async fn object(&self, feed: Feed, id: &str, store: &str) -> Value {
        let answer = self
            .get(&format!(
                "{}?stock_location__erp_code={store}",
                object_path(feed, id)
            ))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json()
    }

    pub fn create(&self, store: &str, kind: WorkOrderKind, lines: usize, quantity: u32) -> String {
        self.sim.create_order(NewOrderSpec {
            lines: Some(lines),
            quantity: Some(quantity),
            ..NewOrderSpec::new(store, kind)
        })
    }

    /// Creates a work order of `kind` for [`STORE`] and drives it to `status` through the store API.
    /// Two lines of two units each.
    pub async fn order_in(&self, kind: WorkOrderKind, status: Status) -> String {
        let id = self.create(STORE, kind, 2, 2);
        let feed = Feed::of(kind);
        if kind == WorkOrderKind::TransferIn {
            match status {
                Status::InTransit => {}
                Status::Received => {
                    let wo = self.sim.work_order(&id, STORE).expect("visible");
                    let lines: Vec<Value> = wo
                        .lines
                        .iter()
                        .map(|l| json!({"line_id": l.id, "received": l.requested}))
                        .collect();
                    self.ok(feed, &id, STORE, json!({"slug": "receive", "lines": lines}))
                        .await;
                }
                Status::Cancelled => assert!(self.sim.cancel(&id)),
                Status::Reassigned => {
                    assert!(self.sim.reassign(&id, "IST-09").is_some());
                }
                other => panic!("a transfer in is never {other}"),
            }
            return id;
        }
        match status {
            Status::Cancelled => {
                assert!(self.sim.cancel(&id));
                return id;
            }
            Status::Reassigned => {
                assert!(self.sim.reassign(&id, "IST-09").is_some());
                return id;
            }
            Status::Rejected => {
                self.ok(
                    feed,
                    &id,
                    STORE,
                    json!({"slug": "reject", "reason": "OUT_OF_STOCK"}),
                )
                .await;
                return id;
            }
            Status::Assigned => return id,
            _ => {}
        }
        let path = [
            Status::Accepted,
            Status::Picking,
            Status::Picked,
            Status::Packed,
            Status::ReadyToShip,
            Status::ReadyForPickup,
            Status::Shipped,
            Status::Collected,
            Status::Dispatched,
        ];
        for step in path {
            let wo = self.sim.work_order(&id, STORE).expect("visible");
            if wo.status == status {
                break;
            }
            let line_ids: Vec<String> = wo.lines.iter().map(|l| l.id.clone()).collect();
            match step {
                Status::Accepted => {
                    self.ok(feed, &id, STORE, json!({"slug": "accept"})).await;
                }
                Status::Picking => {
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "pick", "line_id": line_ids[0], "quantity": 1}),
                    )
                    .await;
                }
                Status::Picked => {
                    let wo = self.sim.work_order(&id, STORE).expect("visible");
                    for l in &wo.lines {
                        if l.remaining_to_pick() > 0 {
                            self.ok(
                                feed,
                                &id,
                                STORE,
                                json!({"slug": "pick", "line_id": l.id, "quantity": l.remaining_to_pick()}),
                            )
                            .await;
                        }
                    }
                    self.ok(feed, &id, STORE, json!({"slug": "complete_pick"}))
                        .await;
                }
                Status::Packed => {
                    let contents: Vec<Value> = wo
                        .lines
                        .iter()
                        .map(|l| json!({"line_id": l.id, "quantity": l.picked}))
                        .collect();
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "pack", "parcels": [
                            {"parcel_ref": "1", "box_type": "M", "weight_g": 1500, "contents": contents}
                        ]}),
                    )
                    .await;
                }
                Status::ReadyToShip if kind == WorkOrderKind::ShipFromStore => {
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "attach_label", "parcel_ref": "1"}),
                    )
                    .await;
                }
                Status::Shipped if kind == WorkOrderKind::ShipFromStore => {
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "handover_to_carrier", "parcel_refs": ["1"]}),
                    )
                    .await;
                }
                Status::ReadyForPickup if kind == WorkOrderKind::ClickAndCollect => {
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "mark_ready_for_pickup", "shelf_location": "B-04"}),
                    )
                    .await;
                }
                Status::Collected if kind == WorkOrderKind::ClickAndCollect => {
                    let code = self.sim.pickup_code(&id).expect("pickup code");
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "handover_to_customer", "pickup_code": code, "collected_by": "Mehmet Kaya"}),
                    )
                    .await;
                }
                Status::Dispatched if kind == WorkOrderKind::TransferOut => {
                    self.ok(
                        feed,
                        &id,
                        STORE,
                        json!({"slug": "dispatch", "carrier": "Aras Kargo", "tracking_number": "1234567890123"}),
                    )
                    .await;
                }
                _ => {}
            }
        }
        let wo = self.sim.work_order(&id, STORE).expect("visible");
        assert_eq!(wo.status, status, "{kind:?} reached {}", wo.status);
        id
    }
}
