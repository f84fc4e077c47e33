//! A stored work order: the wire object is the simulator's record, viewer-independent, and every store's view is
//! derived from it through `storedesk-oms-api`'s conversions.

use storedesk_domain::{Feed, WorkOrder};
use storedesk_oms_api::dto::{PackageDto, TransferDto};
use storedesk_oms_api::{
    PayloadError, WorkOrderDto, package_to_domain, transfer_to_domain, work_order_to_dto,
};

/// A package or a transfer order as the OMS stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Package(PackageDto),
    Transfer(TransferDto),
}

impl Object {
    pub fn id(&self) -> i64 {
        match self {
            Object::Package(p) => p.id,
            Object::Transfer(t) => t.id,
        }
    }

    pub fn number(&self) -> &str {
        match self {
            Object::Package(p) => &p.number,
            Object::Transfer(t) => &t.number,
        }
    }

    pub fn feed(&self) -> Feed {
        match self {
            Object::Package(_) => Feed::Packaging,
            Object::Transfer(_) => Feed::Transfers,
        }
    }

    pub fn change_seq(&self) -> u64 {
        let seq = match self {
            Object::Package(p) => p.change_seq,
            Object::Transfer(t) => t.change_seq,
        };
        u64::try_from(seq).unwrap_or(0)
    }

    pub fn version(&self) -> i64 {
        match self {
            Object::Package(p) => p.version,
            Object::Transfer(t) => t.version,
        }
    }

    pub fn state_value(&self) -> i64 {
        match self {
            Object::Package(p) => p.state.enum_value,
            Object::Transfer(t) => t.state.enum_value,
        }
    }

    pub fn modified_date(&self) -> chrono::DateTime<chrono::Utc> {
        match self {
            Object::Package(p) => p.modified_date,
            Object::Transfer(t) => t.modified_date,
        }
    }

    /// Records a change: the next version, `change_seq` and `modified_date`.
    pub fn touch(&mut self, change_seq: u64, at: chrono::DateTime<chrono::Utc>) {
        let seq = i64::try_from(change_seq).unwrap_or(i64::MAX);
        match self {
            Object::Package(p) => {
                p.version += 1;
                p.change_seq = seq;
                p.modified_date = at;
            }
            Object::Transfer(t) => {
                t.version += 1;
                t.change_seq = seq;
                t.modified_date = at;
            }
        }
    }

    /// Whether `store` sees this object: a package's store; a transfer's source, or its destination once
    /// dispatched.
    pub fn visible_to(&self, store: &str) -> bool {
        match self {
            Object::Package(p) => p.stock_location.erp_code == store,
            Object::Transfer(t) => {
                t.source.erp_code == store
                    || (t.destination.erp_code == store && t.dispatch.is_some())
            }
        }
    }

    /// The store that acts on the object now, whose view upstream changes are applied to: a package's store; a
    /// transfer's destination once dispatched, its source before.
    pub fn active_store(&self) -> &str {
        match self {
            Object::Package(p) => &p.stock_location.erp_code,
            Object::Transfer(t) if t.dispatch.is_some() => &t.destination.erp_code,
            Object::Transfer(t) => &t.source.erp_code,
        }
    }

    /// The stores that may see the object (for listing by store).
    pub fn involves(&self, store: &str) -> bool {
        match self {
            Object::Package(p) => p.stock_location.erp_code == store,
            Object::Transfer(t) => t.source.erp_code == store || t.destination.erp_code == store,
        }
    }

    /// The work order as `store` sees it.
    pub fn view(&self, store: &str) -> Result<WorkOrder, PayloadError> {
        match self {
            Object::Package(p) => package_to_domain(p, store),
            Object::Transfer(t) => transfer_to_domain(t, store),
        }
    }

    /// The wire object as `store` sees it, with `commands` computed for that store.
    pub fn render(&self, store: &str) -> Result<WorkOrderDto, PayloadError> {
        let wo = self.view(store)?;
        let commands: Vec<String> = storedesk_domain::allowed_commands(&wo)
            .into_iter()
            .map(|k| k.slug().to_string())
            .collect();
        Ok(match self {
            Object::Package(p) => WorkOrderDto::Package(PackageDto {
                commands,
                ..p.clone()
            }),
            Object::Transfer(t) => WorkOrderDto::Transfer(TransferDto {
                commands,
                ..t.clone()
            }),
        })
    }

    /// This object after `store`'s view of it became `wo`: the domain-held fields from `wo`, the rest (location
    /// names and addresses, the order's placement date, the carrier code) kept. Version, `change_seq` and
    /// `modified_date` are left as they were: [`Object::touch`] sets them.
    pub fn updated_from(&self, wo: &WorkOrder) -> Result<Object, PayloadError> {
        let fresh = work_order_to_dto(wo, self.change_seq().max(1))?;
        Ok(match (self, fresh) {
            (Object::Package(old), WorkOrderDto::Package(mut new)) => {
                new.stock_location = old.stock_location.clone();
                keep_order_date(&old.order, &mut new.order);
                if new.carrier.as_ref().map(|c| &c.name) == old.carrier.as_ref().map(|c| &c.name) {
                    new.carrier = old.carrier.clone();
                }
                new.version = old.version;
                new.modified_date = old.modified_date;
                Object::Package(new)
            }
            (Object::Transfer(old), WorkOrderDto::Transfer(mut new)) => {
                new.source = old.source.clone();
                new.destination = old.destination.clone();
                keep_order_date(&old.order, &mut new.order);
                if new.carrier.as_ref().map(|c| &c.name) == old.carrier.as_ref().map(|c| &c.name) {
                    new.carrier = old.carrier.clone();
                }
                new.version = old.version;
                new.modified_date = old.modified_date;
                Object::Transfer(new)
            }
            _ => {
                return Err(PayloadError::InvalidField {
                    object: format!("work order {}", self.id()),
                    field: "kind".into(),
                    problem: "a package cannot become a transfer or back".into(),
                });
            }
        })
    }
}

fn keep_order_date(
    old: &Option<storedesk_oms_api::dto::OrderInfoDto>,
    new: &mut Option<storedesk_oms_api::dto::OrderInfoDto>,
) {
    if let (Some(old), Some(new)) = (old, new.as_mut())
        && old.number == new.number
    {
        new.date_placed = old.date_placed;
    }
}
