//! The simulator's data and every change to it: store commands (checked in the contract's order), upstream
//! changes, and reads. Pure and synchronous; the HTTP layer holds the lock only around one call.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use storedesk_domain::upstream::{self, CancelOutcome};
use storedesk_domain::{
    Command, CommandKind, Feed, LabelFormat, Reason, ReasonCatalog, Status, WorkOrder,
    WorkOrderKind, apply, check_allowed,
};
use storedesk_oms_api::webhook::{WebhookPayload, event_types};
use storedesk_oms_api::{CommandRequestHead, ErrorCode, WorkOrderDto};

use crate::config::{NewOrderSpec, SimConfig};
use crate::data::{self, Catalog, Generator};
use crate::error::ApiError;
use crate::labels::{self, LabelInfo};
use crate::object::Object;

/// A store command the simulator applied, in apply order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedCommand {
    /// 1, 2, 3, … in the order commands were applied.
    pub seq: u64,
    pub idempotency_key: String,
    pub work_order_id: String,
    pub slug: String,
    /// The request body as received.
    pub body: serde_json::Value,
    pub applied_at: DateTime<Utc>,
}

/// A stored work order and, for click and collect, its plain pickup code (admin only).
#[derive(Debug, Clone)]
pub struct Record {
    pub object: Object,
    pub pickup_code: Option<String>,
}

/// A change to announce to webhook subscribers.
#[derive(Debug, Clone)]
pub struct ChangeEvent {
    pub event_type: &'static str,
    pub payload: WebhookPayload,
}

/// A command request, read and checked up to the point where the work order is needed.
#[derive(Debug)]
pub struct CommandCall<'a> {
    pub feed: Feed,
    pub id: &'a str,
    pub head: &'a CommandRequestHead,
    pub kind: CommandKind,
    pub body: &'a serde_json::Value,
    pub if_match: Option<i64>,
    pub idempotency_key: &'a str,
}

/// A successful command: the object as the acting store now sees it.
#[derive(Debug)]
pub struct CommandDone {
    pub object: WorkOrderDto,
    pub version: i64,
}

/// One page of a list.
#[derive(Debug)]
pub struct ListPage {
    pub results: Vec<WorkOrderDto>,
    /// Matching objects after the cursor, this page included.
    pub count: u64,
    /// `change_seq` of the last result.
    pub last_seq: Option<u64>,
}

/// Filters of a list request.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub feed: Feed,
    pub store: String,
    pub after: u64,
    pub modified_gte: Option<DateTime<Utc>>,
    pub state: Option<i64>,
    pub limit: usize,
}

/// All of the simulator's data.
#[derive(Debug)]
pub struct Db {
    pub catalog: Catalog,
    reasons: ReasonCatalog,
    generator: Generator,
    /// The global change counter: the last `change_seq` handed out.
    seq: u64,
    objects: HashMap<i64, Record>,
    by_seq: BTreeMap<u64, i64>,
    applied: Vec<AppliedCommand>,
    events: Vec<ChangeEvent>,
    /// Claims (§16), by work order id and claiming store.
    pub(crate) claims: crate::claims::ClaimTable,
    /// The label formats carriers offer for parcels booked from now on (PDF and ZPL unless a test changes it).
    pub(crate) label_formats: Vec<LabelFormat>,
}

impl Db {
    /// Generates `orders_per_store` work orders for every store, created over the last day, changes numbered in
    /// creation order.
    pub fn new(config: &SimConfig, now: DateTime<Utc>) -> Db {
        let catalog = Catalog::new(&config.stores);
        let reasons = ReasonCatalog::new(
            catalog
                .reasons
                .iter()
                .map(|r| Reason {
                    code: r.code.clone(),
                    title: r.title.clone(),
                    active: r.is_active,
                })
                .collect(),
        );
        let mut db = Db {
            catalog,
            reasons,
            generator: Generator::new(ChaCha8Rng::seed_from_u64(config.seed)),
            seq: 0,
            objects: HashMap::with_capacity(config.stores.len() * config.orders_per_store),
            by_seq: BTreeMap::new(),
            applied: Vec::new(),
            events: Vec::new(),
            claims: Default::default(),
            label_formats: vec![LabelFormat::Pdf, LabelFormat::Zpl],
        };
        let mut plans = Vec::with_capacity(config.stores.len() * config.orders_per_store);
        for store in &config.stores {
            for _ in 0..config.orders_per_store {
                let kind = db.generator.random_kind();
                let due = db.generator.random_due(now);
                let latest = (due - Duration::hours(2)).min(now - Duration::minutes(10));
                let created = latest - Duration::minutes(db.generator.rng.random_range(0..12 * 60));
                plans.push((created, due, NewOrderSpec::new(store.clone(), kind)));
            }
        }
        plans.sort_by_key(|(created, _, _)| *created);
        for (created, due, spec) in plans {
            db.insert_new(&spec, created, due, false);
        }
        db
    }

    fn insert_new(
        &mut self,
        spec: &NewOrderSpec,
        created: DateTime<Utc>,
        due: DateTime<Utc>,
        announce: bool,
    ) -> i64 {
        self.seq += 1;
        let draft = self
            .generator
            .generate(&self.catalog, spec, created, due, self.seq);
        let id = draft.object.id();
        if announce {
            self.announce(&draft.object, None);
        }
        self.by_seq.insert(self.seq, id);
        self.objects.insert(
            id,
            Record {
                object: draft.object,
                pickup_code: draft.pickup_code,
            },
        );
        id
    }

    /// Creates a work order as the OMS would; returns its id.
    pub fn create_order(&mut self, spec: &NewOrderSpec, now: DateTime<Utc>) -> i64 {
        let created = spec.at.unwrap_or(now);
        let due = match spec.due_in_minutes {
            Some(minutes) => now + Duration::minutes(minutes.clamp(-100_000, 100_000)),
            None => self.generator.random_due(now),
        };
        self.insert_new(spec, created, due, true)
    }

    /// Webhook events since the last call.
    pub fn take_events(&mut self) -> Vec<ChangeEvent> {
        std::mem::take(&mut self.events)
    }

    fn announce(&mut self, object: &Object, old_state: Option<i64>) {
        let (created, transitioned, updated) = match object {
            Object::Package(_) => (
                event_types::PACKAGE_CREATED,
                event_types::PACKAGE_STATUS_TRANSITIONED,
                event_types::PACKAGE_UPDATED,
            ),
            Object::Transfer(_) => (
                event_types::TRANSFER_CREATED,
                event_types::TRANSFER_STATUS_TRANSITIONED,
                event_types::TRANSFER_UPDATED,
            ),
        };
        let event_type = match old_state {
            None => created,
            Some(old) if old != object.state_value() => transitioned,
            Some(_) => updated,
        };
        self.events.push(ChangeEvent {
            event_type,
            payload: WebhookPayload {
                id: object.id(),
                number: object.number().to_string(),
                version: object.version(),
                change_seq: i64::try_from(object.change_seq()).unwrap_or(i64::MAX),
            },
        });
    }

    /// Replaces object `id` with `object`, recording the change: next version, next `change_seq`, now.
    fn commit(&mut self, mut object: Object, now: DateTime<Utc>) {
        let id = object.id();
        let old_state = self.objects.get(&id).map(|r| r.object.state_value());
        let old_seq = self.objects.get(&id).map(|r| r.object.change_seq());
        self.seq += 1;
        object.touch(self.seq, now);
        if let Some(old) = old_seq {
            self.by_seq.remove(&old);
        }
        self.by_seq.insert(self.seq, id);
        self.announce(&object, old_state);
        // A work order that became terminal loses its claims (§16).
        let terminal_for: Vec<String> = self
            .claims
            .keys()
            .filter(|(claimed, _)| *claimed == id)
            .filter(|(_, store)| {
                object
                    .view(store)
                    .map_or(true, |wo| wo.status.is_terminal())
            })
            .map(|(_, store)| store.clone())
            .collect();
        for store in terminal_for {
            self.claims.remove(&(id, store));
        }
        match self.objects.get_mut(&id) {
            Some(record) => record.object = object,
            None => {
                self.objects.insert(
                    id,
                    Record {
                        object,
                        pickup_code: None,
                    },
                );
            }
        }
    }

    fn record(&self, id: &str) -> Option<&Record> {
        id.parse::<i64>().ok().and_then(|id| self.objects.get(&id))
    }

    /// The stored record of `id`.
    pub fn get(&self, id: &str) -> Option<&Record> {
        self.record(id)
    }

    /// Applies a store command, checking in the order of `docs/oms-api.md` §5.4 from step 5 on.
    pub fn apply_command(
        &mut self,
        call: &CommandCall<'_>,
        now: DateTime<Utc>,
    ) -> Result<CommandDone, ApiError> {
        let store = call.head.stock_location.as_str();
        let not_found = || {
            ApiError::not_found(format!(
                "no {} {} for stock location {store:?}",
                feed_noun(call.feed),
                call.id
            ))
        };
        let record = self
            .record(call.id)
            .filter(|r| r.object.feed() == call.feed && r.object.visible_to(store))
            .ok_or_else(not_found)?;
        // A copy: the booking below needs the generator while the object is in hand.
        let object = &record.object.clone();
        let wo = object.view(store).map_err(ApiError::internal)?;
        let state = current_state(object);
        let about = |e: ApiError| e.about(object.id(), state.clone(), object.version());
        match wo.status {
            Status::Reassigned => {
                return Err(about(ApiError::new(
                    ErrorCode::Reassigned,
                    format!(
                        "{} was moved to {}",
                        wo.number,
                        wo.counterparty.as_deref().unwrap_or("another location")
                    ),
                )));
            }
            Status::Cancelled => {
                return Err(about(ApiError::new(
                    ErrorCode::WorkOrderCancelled,
                    format!("{} was cancelled", wo.number),
                )));
            }
            _ => {}
        }
        if !wo.status.is_terminal() {
            if let Some(hold) = &wo.hold {
                return Err(about(ApiError::new(
                    ErrorCode::OnHold,
                    format!("{} is on hold: {}", wo.number, hold.reason),
                )));
            }
            if wo.cancel_request.is_some() && call.kind != CommandKind::AcknowledgeCancel {
                return Err(about(ApiError::new(
                    ErrorCode::CancelRequested,
                    format!(
                        "{} has a pending cancellation: only acknowledge_cancel is accepted",
                        wo.number
                    ),
                )));
            }
        }
        if let Some(expected) = call.if_match
            && expected != object.version()
        {
            return Err(about(ApiError::new(
                ErrorCode::VersionConflict,
                format!(
                    "{} is at version {}, not {expected}",
                    wo.number,
                    object.version()
                ),
            )));
        }
        check_allowed(&wo, call.kind).map_err(|e| about(ApiError::from_domain(&e)))?;
        let command: Command = serde_json::from_value(call.body.clone()).map_err(|e| {
            about(
                ApiError::new(
                    ErrorCode::ValidationFailed,
                    format!("the parameters of {} are invalid: {e}", call.kind),
                )
                .with_field("", "invalid_parameters", e.to_string()),
            )
        })?;
        let mut next =
            apply(&wo, &command, &self.reasons).map_err(|e| about(ApiError::from_domain(&e)))?;
        if call.kind == CommandKind::Pack && next.kind == WorkOrderKind::ShipFromStore {
            self.book_shipment(&mut next);
        }
        next.note_applied(call.idempotency_key);
        let updated = object.updated_from(&next).map_err(ApiError::internal)?;
        let id = updated.id();
        self.commit(updated, now);
        self.applied.push(AppliedCommand {
            seq: self.applied.len() as u64 + 1,
            idempotency_key: call.idempotency_key.to_string(),
            work_order_id: id.to_string(),
            slug: call.kind.slug().to_string(),
            body: call.body.clone(),
            applied_at: now,
        });
        let record = self
            .objects
            .get(&id)
            .ok_or_else(|| ApiError::internal("committed object vanished"))?;
        Ok(CommandDone {
            object: record.object.render(store).map_err(ApiError::internal)?,
            version: record.object.version(),
        })
    }

    /// What the carrier booking adds to freshly packed parcels: number, carrier, tracking number, labels.
    fn book_shipment(&mut self, wo: &mut WorkOrder) {
        let digits: String = wo.number.chars().filter(char::is_ascii_digit).collect();
        let carrier = self
            .generator
            .carrier_named(&wo.store, wo.carrier.as_deref());
        let carrier_name = carrier.name.to_string();
        for (i, parcel) in wo.parcels.iter_mut().enumerate() {
            parcel.number = Some(format!("PCL-{digits}-{}", i + 1));
            parcel.carrier = Some(carrier_name.clone());
            parcel.tracking_number = Some(self.generator.tracking_number(&carrier));
            parcel.label_formats = self.label_formats.clone();
        }
    }

    /// One page of `query`.
    pub fn list(&self, query: &ListQuery) -> Result<ListPage, ApiError> {
        let mut results = Vec::new();
        let mut count = 0u64;
        let mut last_seq = None;
        let start = query.after.saturating_add(1);
        for (&seq, id) in self.by_seq.range(start..) {
            let Some(record) = self.objects.get(id) else {
                continue;
            };
            let object = &record.object;
            if object.feed() != query.feed
                || !object.visible_to(&query.store)
                || query
                    .modified_gte
                    .is_some_and(|t| object.modified_date() < t)
                || query.state.is_some_and(|s| object.state_value() != s)
            {
                continue;
            }
            count += 1;
            if results.len() < query.limit {
                results.push(object.render(&query.store).map_err(ApiError::internal)?);
                last_seq = Some(seq);
            }
        }
        Ok(ListPage {
            results,
            count,
            last_seq,
        })
    }

    /// One object as `viewer` (default: a package's store, a transfer's source) sees it.
    pub fn get_object(
        &self,
        feed: Feed,
        id: &str,
        viewer: Option<&str>,
    ) -> Result<(WorkOrderDto, i64), ApiError> {
        let not_found = || ApiError::not_found(format!("no {} {id}", feed_noun(feed)));
        let record = self
            .record(id)
            .filter(|r| r.object.feed() == feed)
            .ok_or_else(not_found)?;
        let object = &record.object;
        let viewer = match viewer {
            Some(v) if object.visible_to(v) => v.to_string(),
            Some(_) => return Err(not_found()),
            None => default_viewer(object),
        };
        Ok((
            object.render(&viewer).map_err(ApiError::internal)?,
            object.version(),
        ))
    }

    /// The label of a parcel.
    pub fn label(
        &self,
        id: &str,
        parcel_ref: &str,
        format: LabelFormat,
        viewer: Option<&str>,
    ) -> Result<Vec<u8>, ApiError> {
        let not_found = || ApiError::not_found(format!("no package {id}"));
        let record = self.record(id).ok_or_else(not_found)?;
        let Object::Package(package) = &record.object else {
            return Err(not_found());
        };
        if viewer.is_some_and(|v| !record.object.visible_to(v)) {
            return Err(not_found());
        }
        let unavailable = || {
            ApiError::new(
                ErrorCode::LabelNotAvailable,
                format!(
                    "parcel {parcel_ref:?} of {} has no {} label",
                    package.number,
                    format.as_str()
                ),
            )
        };
        let index = package
            .parcels
            .iter()
            .position(|p| p.parcel_ref == parcel_ref)
            .ok_or_else(unavailable)?;
        let parcel = &package.parcels[index];
        if !parcel.label_formats.iter().any(|f| f == format.as_str()) {
            return Err(unavailable());
        }
        let recipient = package.shipping_address.clone().map(|mut a| {
            if let Some(c) = &package.customer {
                a.name = c.name.clone();
            }
            a
        });
        let sender = package
            .stock_location
            .address
            .clone()
            .or_else(|| data::location(&package.stock_location.erp_code).address)
            .ok_or_else(|| ApiError::internal("a store without an address"))?;
        let info = LabelInfo {
            carrier: parcel.carrier.clone().unwrap_or_default(),
            parcel_number: parcel.number.clone().unwrap_or_default(),
            tracking_number: parcel.tracking_number.clone().unwrap_or_default(),
            package_number: package.number.clone(),
            parcel_index: index + 1,
            parcel_count: package.parcels.len(),
            box_type: parcel.box_type.clone(),
            weight_g: parcel.weight_g,
            sender,
            recipient,
        };
        Ok(match format {
            LabelFormat::Pdf => labels::pdf(&info),
            LabelFormat::Zpl => labels::zpl(&info).into_bytes(),
        })
    }

    /// Applies an upstream change to the active store's view of `id`. `Ok(None)`: no such object.
    fn upstream<T>(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut WorkOrder) -> (bool, T),
    ) -> Result<Option<T>, ApiError> {
        let Some(record) = self.record(id) else {
            return Ok(None);
        };
        let store = record.object.active_store().to_string();
        let mut wo = record.object.view(&store).map_err(ApiError::internal)?;
        let (changed, result) = change(&mut wo);
        if changed {
            let updated = record
                .object
                .updated_from(&wo)
                .map_err(ApiError::internal)?;
            self.commit(updated, now);
        }
        Ok(Some(result))
    }

    /// A customer cancel (immediate before picking, a request after).
    pub fn request_cancel(
        &mut self,
        id: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<CancelOutcome>, ApiError> {
        self.upstream(id, now, |wo| {
            let outcome = upstream::request_cancel(wo, reason, now);
            (outcome != CancelOutcome::TooLate, outcome)
        })
    }

    /// A hard cancel.
    pub fn cancel(&mut self, id: &str, now: DateTime<Utc>) -> Result<Option<bool>, ApiError> {
        self.upstream(id, now, |wo| {
            let changed = upstream::cancel(wo);
            (changed, changed)
        })
    }

    /// Moves `id` to `to_store`; the new work order's id when it moved.
    pub fn reassign(
        &mut self,
        id: &str,
        to_store: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Option<i64>>, ApiError> {
        let Some(before) = self
            .record(id)
            .map(|r| (r.object.clone(), r.pickup_code.clone()))
        else {
            return Ok(None);
        };
        if to_store.trim().is_empty() || before.0.involves(to_store) {
            return Ok(Some(None));
        }
        let changed = self
            .upstream(id, now, |wo| {
                let changed = upstream::reassign(wo, to_store);
                (changed, changed)
            })?
            .unwrap_or(false);
        if !changed {
            return Ok(Some(None));
        }
        self.seq += 1;
        let new = data::replan(&mut self.generator, &before.0, to_store, self.seq, now);
        let new_id = new.id();
        self.announce(&new, None);
        self.by_seq.insert(self.seq, new_id);
        self.objects.insert(
            new_id,
            Record {
                object: new,
                pickup_code: before.1,
            },
        );
        Ok(Some(Some(new_id)))
    }

    pub fn hold(
        &mut self,
        id: &str,
        reason: &str,
        note: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, ApiError> {
        self.upstream(id, now, |wo| {
            let changed = upstream::hold(wo, reason, note);
            (changed, changed)
        })
    }

    pub fn release_hold(&mut self, id: &str, now: DateTime<Utc>) -> Result<Option<bool>, ApiError> {
        self.upstream(id, now, |wo| {
            let changed = upstream::release_hold(wo);
            (changed, changed)
        })
    }

    /// A random work order being worked on (picking to ready), without hold or cancel request.
    pub fn random_in_progress(&mut self) -> Option<String> {
        let mut candidates: Vec<i64> = self
            .objects
            .values()
            .filter(|r| {
                r.object.view(r.object.active_store()).is_ok_and(|wo| {
                    matches!(
                        wo.status,
                        Status::Picking
                            | Status::Picked
                            | Status::Packed
                            | Status::ReadyToShip
                            | Status::ReadyForPickup
                    ) && wo.hold.is_none()
                        && wo.cancel_request.is_none()
                })
            })
            .map(|r| r.object.id())
            .collect();
        candidates.sort_unstable();
        candidates
            .choose(&mut self.generator.rng)
            .map(ToString::to_string)
    }

    /// A configured store and a kind for a timer-made order.
    pub fn random_spec(&mut self) -> Option<NewOrderSpec> {
        let store = self.catalog.stores.choose(&mut self.generator.rng)?.clone();
        let kind = self.generator.random_kind();
        Some(NewOrderSpec::new(store, kind))
    }

    pub fn applied_commands(&self) -> &[AppliedCommand] {
        &self.applied
    }

    /// Every work order `store` sees, in `change_seq` order.
    pub fn work_orders(&self, store: &str) -> Vec<WorkOrder> {
        self.by_seq
            .values()
            .filter_map(|id| self.objects.get(id))
            .filter(|r| r.object.visible_to(store))
            .filter_map(|r| r.object.view(store).ok())
            .collect()
    }

    /// One work order as `store` sees it.
    pub fn work_order(&self, id: &str, store: &str) -> Option<WorkOrder> {
        self.record(id)
            .filter(|r| r.object.visible_to(store))
            .and_then(|r| r.object.view(store).ok())
    }

    /// The reason list.
    pub fn reasons(&self) -> &[storedesk_oms_api::DenialReasonDto] {
        &self.catalog.reasons
    }
}

/// The store a `GET` without `stock_location__erp_code` is answered for.
pub fn default_viewer(object: &Object) -> String {
    match object {
        Object::Package(p) => p.stock_location.erp_code.clone(),
        Object::Transfer(t) => t.source.erp_code.clone(),
    }
}

pub(crate) fn current_state(object: &Object) -> storedesk_oms_api::StateDto {
    match object {
        Object::Package(p) => p.state.clone(),
        Object::Transfer(t) => t.state.clone(),
    }
}

fn feed_noun(feed: Feed) -> &'static str {
    match feed {
        Feed::Packaging => "package",
        Feed::Transfers => "transfer order",
    }
}
