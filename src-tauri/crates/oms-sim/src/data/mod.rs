//! Generated data: locations, products, carriers, reasons and new work orders, deterministic from the seed.

pub mod carriers;
pub mod people;
pub mod products;

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use storedesk_domain::{WorkOrderKind, pickup_code_hash};
use storedesk_oms_api::dto::{
    AddressDto, CarrierDto, DispatchDto, ItemDto, LocationDto, OrderInfoDto, PackageDto,
    ParcelContentDto, ParcelDto, PickupDto, TransferDto,
};
use storedesk_oms_api::state::{package_state, transfer_state};
use storedesk_oms_api::{DenialReasonDto, StateDto};

use crate::config::NewOrderSpec;
use crate::object::Object;
use carriers::{Carrier, carriers};
use people::Country;
use products::Product;

/// Characters of pickup codes (no 0/O, 1/I).
const PICKUP_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// What does not change while the simulator runs.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub products: Vec<Product>,
    pub reasons: Vec<DenialReasonDto>,
    /// The configured stores.
    pub stores: Vec<String>,
}

impl Catalog {
    pub fn new(stores: &[String]) -> Catalog {
        Catalog {
            products: products::catalogue(),
            reasons: reasons(),
            stores: stores.to_vec(),
        }
    }
}

/// The denial reasons: one inactive (`STORE_CLOSED`), listed but not usable.
fn reasons() -> Vec<DenialReasonDto> {
    [
        ("OUT_OF_STOCK", "Out of stock", true),
        ("DAMAGED", "Item damaged", true),
        ("WRONG_ITEM", "Wrong item on the shelf (mislabelled)", true),
        ("NOT_FOUND_IN_STORE", "Not found in store", true),
        ("STORE_CAPACITY", "Store at capacity", true),
        ("INCORRECT_ADDRESS", "Incorrect delivery address", true),
        ("STORE_CLOSED", "Store closed", false),
        ("OTHER", "Other", true),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (code, title, active))| DenialReasonDto {
        id: i as i64 + 1,
        code: code.to_string(),
        title: title.to_string(),
        is_active: active,
        priority: (i as i64 + 1) * 10,
    })
    .collect()
}

struct Site {
    name: &'static str,
    line1: &'static str,
    postal_code: &'static str,
    city: &'static str,
    region: Option<&'static str>,
}

const fn site(
    name: &'static str,
    line1: &'static str,
    postal_code: &'static str,
    city: &'static str,
    region: Option<&'static str>,
) -> Site {
    Site {
        name,
        line1,
        postal_code,
        city,
        region,
    }
}

const TR_STORES: &[Site] = &[
    site(
        "Storedesk Nişantaşı",
        "Abdi İpekçi Caddesi No: 27",
        "34367",
        "İstanbul",
        Some("Şişli"),
    ),
    site(
        "Storedesk Kadıköy",
        "Bahariye Caddesi No: 58",
        "34714",
        "İstanbul",
        Some("Kadıköy"),
    ),
    site(
        "Storedesk Kızılay",
        "Atatürk Bulvarı No: 131",
        "06420",
        "Ankara",
        Some("Çankaya"),
    ),
    site(
        "Storedesk Alsancak",
        "Kıbrıs Şehitleri Caddesi No: 44",
        "35220",
        "İzmir",
        Some("Konak"),
    ),
];
const BR_STORES: &[Site] = &[
    site(
        "Storedesk Oscar Freire",
        "Rua Oscar Freire, 725",
        "01426-001",
        "São Paulo",
        Some("SP"),
    ),
    site(
        "Storedesk Ipanema",
        "Rua Visconde de Pirajá, 330",
        "22410-002",
        "Rio de Janeiro",
        Some("RJ"),
    ),
    site(
        "Storedesk Savassi",
        "Rua Pernambuco, 1000",
        "30130-151",
        "Belo Horizonte",
        Some("MG"),
    ),
];
const NO_STORES: &[Site] = &[
    site(
        "Storedesk Karl Johan",
        "Karl Johans gate 25",
        "0159",
        "Oslo",
        None,
    ),
    site(
        "Storedesk Bergen Sentrum",
        "Torgallmenningen 8",
        "5014",
        "Bergen",
        None,
    ),
    site(
        "Storedesk Trondheim Torg",
        "Kongens gate 12",
        "7011",
        "Trondheim",
        None,
    ),
];
const TR_DC: Site = site(
    "Gebze Distribution Centre",
    "Güzeller OSB, İnönü Caddesi No: 12",
    "41400",
    "Gebze",
    Some("Kocaeli"),
);
const BR_DC: Site = site(
    "Centro de Distribuição Cajamar",
    "Avenida Doutor Antônio João Abdalla, 2600",
    "07750-020",
    "Cajamar",
    Some("SP"),
);
const NO_DC: Site = site(
    "Sentrallager Langhus",
    "Langhusveien 130",
    "1405",
    "Langhus",
    None,
);

/// The distribution centre of a market.
fn dc_code(country: Country) -> String {
    format!("DC-{}-01", country.code())
}

fn country_of(code: &str) -> Country {
    match code.strip_prefix("DC-").and_then(|rest| rest.get(..2)) {
        Some("TR") => Country::Turkey,
        Some("BR") => Country::Brazil,
        Some("NO") => Country::Norway,
        _ => Country::of_store(code),
    }
}

/// A location for any code: distribution centres `DC-TR-01`…, stores by market and number.
pub fn location(code: &str) -> LocationDto {
    let country = country_of(code);
    let site = if code.starts_with("DC-") {
        match country {
            Country::Turkey => &TR_DC,
            Country::Brazil => &BR_DC,
            Country::Norway => &NO_DC,
        }
    } else {
        let sites = match country {
            Country::Turkey => TR_STORES,
            Country::Brazil => BR_STORES,
            Country::Norway => NO_STORES,
        };
        let number: usize = code
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(1);
        &sites[number.saturating_sub(1) % sites.len()]
    };
    LocationDto {
        erp_code: code.to_string(),
        name: site.name.to_string(),
        address: Some(AddressDto {
            name: site.name.to_string(),
            line1: site.line1.to_string(),
            line2: None,
            postal_code: site.postal_code.to_string(),
            city: site.city.to_string(),
            region: site.region.map(str::to_string),
            country: country.code().to_string(),
        }),
    }
}

/// The market of a location code.
pub fn country(code: &str) -> Country {
    country_of(code)
}

/// Makes new work orders; owns the data generator and the id and number counters.
#[derive(Debug)]
pub struct Generator {
    pub rng: ChaCha8Rng,
    next_id: i64,
    next_item_id: i64,
    next_package_no: u32,
    next_transfer_no: u32,
    next_order_no: u32,
    tracking_serial: u64,
}

/// A generated work order and, for click and collect, its plain pickup code.
#[derive(Debug)]
pub struct Draft {
    pub object: Object,
    pub pickup_code: Option<String>,
}

impl Generator {
    pub fn new(rng: ChaCha8Rng) -> Generator {
        Generator {
            rng,
            next_id: 1000,
            next_item_id: 50_000,
            next_package_no: 1,
            next_transfer_no: 1,
            next_order_no: 1,
            tracking_serial: 10_000,
        }
    }

    /// A kind drawn from the usual mix: 45 % ship from store, 25 % click and collect, 15 % each transfer way.
    pub fn random_kind(&mut self) -> WorkOrderKind {
        match self.rng.random_range(0..100) {
            0..45 => WorkOrderKind::ShipFromStore,
            45..70 => WorkOrderKind::ClickAndCollect,
            70..85 => WorkOrderKind::TransferOut,
            _ => WorkOrderKind::TransferIn,
        }
    }

    /// A due date from 6 h overdue to 2 days ahead.
    pub fn random_due(&mut self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::minutes(self.rng.random_range(-6 * 60..=48 * 60))
    }

    /// The next tracking number of `carrier`.
    pub fn tracking_number(&mut self, carrier: &Carrier) -> String {
        self.tracking_serial += 1;
        carrier.tracking_number(self.tracking_serial.wrapping_mul(7_919))
    }

    /// The carrier called `name` if the market of `store` has it, else a random one of that market.
    pub fn carrier_named(&mut self, store: &str, name: Option<&str>) -> Carrier {
        match carriers(country(store))
            .iter()
            .find(|c| Some(c.name) == name)
        {
            Some(carrier) => *carrier,
            None => self.carrier_for(store),
        }
    }

    /// A carrier of the market of `store`.
    pub fn carrier_for(&mut self, store: &str) -> Carrier {
        let options = carriers(country(store));
        *options.choose(&mut self.rng).unwrap_or(&options[0])
    }

    fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// A new work order per `spec`, created at `created`, at change `change_seq`, version 1.
    pub fn generate(
        &mut self,
        catalog: &Catalog,
        spec: &NewOrderSpec,
        created: DateTime<Utc>,
        due: DateTime<Utc>,
        change_seq: u64,
    ) -> Draft {
        let seq = i64::try_from(change_seq).unwrap_or(i64::MAX);
        let items = self.items(catalog, spec);
        match spec.kind {
            WorkOrderKind::ShipFromStore | WorkOrderKind::ClickAndCollect => {
                self.package(spec, items, created, due, seq)
            }
            WorkOrderKind::TransferOut | WorkOrderKind::TransferIn => {
                self.transfer(catalog, spec, items, created, due, seq)
            }
        }
    }

    fn items(&mut self, catalog: &Catalog, spec: &NewOrderSpec) -> Vec<ItemDto> {
        let count = spec
            .lines
            .unwrap_or_else(|| self.rng.random_range(1..=5))
            .clamp(1, 50)
            .min(catalog.products.len().max(1));
        let picks = rand::seq::index::sample(&mut self.rng, catalog.products.len().max(1), count);
        picks
            .into_iter()
            .filter_map(|i| catalog.products.get(i))
            .map(|product| {
                self.next_item_id += 1;
                let quantity = spec
                    .quantity
                    .unwrap_or_else(|| self.rng.random_range(1..=3))
                    .clamp(1, 100);
                ItemDto {
                    id: self.next_item_id,
                    sku: product.sku.clone(),
                    name: product.name.clone(),
                    barcodes: vec![product.barcode.clone()],
                    image_url: None,
                    quantity: i64::from(quantity),
                    accepted_quantity: 0,
                    rejected_quantity: 0,
                    picked_quantity: 0,
                    packed_quantity: 0,
                    rejections: Vec::new(),
                    received_quantity: None,
                    damaged_quantity: None,
                    missing_quantity: None,
                    receive_note: None,
                }
            })
            .collect()
    }

    fn order_info(&mut self, store: &str, created: DateTime<Utc>) -> OrderInfoDto {
        let number = format!("ORD-{}-{:06}", created.format("%Y"), self.next_order_no);
        self.next_order_no += 1;
        let channels: &[&str] = match country(store) {
            Country::Turkey => &["web", "mobile_app", "trendyol"],
            Country::Brazil => &["web", "mobile_app", "mercado_livre"],
            Country::Norway => &["web", "mobile_app"],
        };
        OrderInfoDto {
            number,
            channel: channels.choose(&mut self.rng).map(|c| c.to_string()),
            date_placed: Some(created - Duration::minutes(self.rng.random_range(2..=90))),
        }
    }

    fn package(
        &mut self,
        spec: &NewOrderSpec,
        items: Vec<ItemDto>,
        created: DateTime<Utc>,
        due: DateTime<Utc>,
        change_seq: i64,
    ) -> Draft {
        let click_and_collect = spec.kind == WorkOrderKind::ClickAndCollect;
        let (customer, address) = people::customer(&mut self.rng, country(&spec.store));
        let carrier = (!click_and_collect).then(|| {
            let c = self.carrier_for(&spec.store);
            CarrierDto {
                code: c.code.to_string(),
                name: c.name.to_string(),
            }
        });
        let pickup_code = click_and_collect.then(|| self.pickup_code());
        let order = self.order_info(&spec.store, created);
        let id = self.next_id();
        let number = format!("PKG-{:06}", self.next_package_no);
        self.next_package_no += 1;
        let package = PackageDto {
            id,
            number,
            delivery_type: if click_and_collect {
                "click_and_collect"
            } else {
                "ship_from_store"
            }
            .to_string(),
            state: state_dto(package_state(100)),
            commands: Vec::new(),
            version: 1,
            change_seq,
            stock_location: location(&spec.store),
            order: Some(order),
            customer: Some(customer),
            shipping_address: (!click_and_collect).then_some(address),
            carrier,
            due_date: due,
            created_date: created,
            modified_date: created,
            items,
            parcels: Vec::new(),
            pickup: pickup_code.as_ref().map(|code| PickupDto {
                code_sha256: pickup_code_hash(code),
                shelf_location: None,
                collected_by: None,
            }),
            hold: None,
            cancel_request: None,
            rejection: None,
            reassigned_to: None,
            applied_command_ids: Vec::new(),
        };
        Draft {
            object: Object::Package(package),
            pickup_code,
        }
    }

    fn pickup_code(&mut self) -> String {
        let code: String = (0..6)
            .map(|_| {
                let i = self.rng.random_range(0..PICKUP_ALPHABET.len());
                char::from(PICKUP_ALPHABET[i])
            })
            .collect();
        format!("PU-{code}")
    }

    /// The other location of a transfer: another configured store of the market, the next-numbered store, or
    /// the market's distribution centre.
    fn partner(&mut self, catalog: &Catalog, store: &str) -> String {
        let market = country(store);
        let mut options: Vec<String> = catalog
            .stores
            .iter()
            .filter(|s| s.as_str() != store && country(s) == market)
            .cloned()
            .collect();
        let prefix: String = store.chars().take_while(|c| *c != '-').collect();
        let number: u32 = store
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(1);
        options.push(format!("{prefix}-{:02}", number + 1));
        let dc = dc_code(market);
        if self.rng.random_bool(0.5) {
            return dc;
        }
        options
            .choose(&mut self.rng)
            .cloned()
            .filter(|o| o != store)
            .unwrap_or(dc)
    }

    fn transfer(
        &mut self,
        catalog: &Catalog,
        spec: &NewOrderSpec,
        mut items: Vec<ItemDto>,
        created: DateTime<Utc>,
        due: DateTime<Utc>,
        change_seq: i64,
    ) -> Draft {
        let inbound = spec.kind == WorkOrderKind::TransferIn;
        let other = spec
            .counterparty
            .clone()
            .filter(|c| c != &spec.store)
            .unwrap_or_else(|| self.partner(catalog, &spec.store));
        let (source, destination) = if inbound {
            (other, spec.store.clone())
        } else {
            (spec.store.clone(), other)
        };
        let carrier = self.carrier_for(&source);
        for item in &mut items {
            item.received_quantity = Some(0);
            item.damaged_quantity = Some(0);
            item.missing_quantity = Some(0);
            if inbound {
                item.accepted_quantity = item.quantity;
                item.picked_quantity = item.quantity;
                item.packed_quantity = item.quantity;
            }
        }
        let (state, parcels, dispatch) = if inbound {
            let parcel = ParcelDto {
                parcel_ref: "1".to_string(),
                number: None,
                box_type: "L".to_string(),
                weight_g: items
                    .iter()
                    .map(|i| i.quantity * 650)
                    .sum::<i64>()
                    .min(70_000),
                contents: items
                    .iter()
                    .map(|i| ParcelContentDto {
                        item_id: i.id,
                        quantity: i.quantity,
                    })
                    .collect(),
                carrier: None,
                tracking_number: None,
                label_formats: Vec::new(),
                label_attached: false,
            };
            let dispatch = DispatchDto {
                carrier: carrier.name.to_string(),
                tracking_number: self.tracking_number(&carrier),
            };
            (400, vec![parcel], Some(dispatch))
        } else {
            (100, Vec::new(), None)
        };
        let id = self.next_id();
        let number = format!("TRF-{:06}", self.next_transfer_no);
        self.next_transfer_no += 1;
        let transfer = TransferDto {
            id,
            number,
            source: location(&source),
            destination: location(&destination),
            state: state_dto(transfer_state(state)),
            commands: Vec::new(),
            version: 1,
            change_seq,
            order: None,
            carrier: Some(CarrierDto {
                code: carrier.code.to_string(),
                name: carrier.name.to_string(),
            }),
            due_date: due,
            created_date: created,
            modified_date: created,
            items,
            parcels,
            dispatch,
            hold: None,
            cancel_request: None,
            rejection: None,
            reassigned_to: None,
            applied_command_ids: Vec::new(),
        };
        Draft {
            object: Object::Transfer(transfer),
            pickup_code: None,
        }
    }
}

fn state_dto(row: Option<&storedesk_oms_api::state::StateRow>) -> StateDto {
    row.map_or(
        StateDto {
            enum_value: 100,
            name: "waiting".to_string(),
        },
        |r| r.dto(),
    )
}

/// A copy of `old` for another location after a reassignment: new id and number, version 1, quantities and
/// parcels reset (an inbound transfer stays in transit with its dispatch), holds and requests cleared.
pub fn replan(
    generator: &mut Generator,
    old: &Object,
    to_store: &str,
    change_seq: u64,
    now: DateTime<Utc>,
) -> Object {
    let seq = i64::try_from(change_seq).unwrap_or(i64::MAX);
    match old {
        Object::Package(p) => {
            let mut p = p.clone();
            p.id = generator.next_id();
            p.number = format!("PKG-{:06}", generator.next_package_no);
            generator.next_package_no += 1;
            p.stock_location = location(to_store);
            p.state = state_dto(package_state(100));
            p.parcels.clear();
            for item in &mut p.items {
                reset_item(item, false);
                generator.next_item_id += 1;
                item.id = generator.next_item_id;
            }
            if let Some(pickup) = &mut p.pickup {
                pickup.shelf_location = None;
                pickup.collected_by = None;
            }
            p.version = 1;
            p.change_seq = seq;
            p.created_date = now;
            p.modified_date = now;
            p.hold = None;
            p.cancel_request = None;
            p.rejection = None;
            p.reassigned_to = None;
            Object::Package(p)
        }
        Object::Transfer(t) => {
            let mut t = t.clone();
            let in_transit = t.dispatch.is_some();
            t.id = generator.next_id();
            t.number = format!("TRF-{:06}", generator.next_transfer_no);
            generator.next_transfer_no += 1;
            if in_transit {
                t.destination = location(to_store);
                t.state = state_dto(transfer_state(400));
            } else {
                t.source = location(to_store);
                t.state = state_dto(transfer_state(100));
                t.parcels.clear();
            }
            let mut renumbered = Vec::new();
            for item in &mut t.items {
                let old_id = item.id;
                reset_item(item, in_transit);
                generator.next_item_id += 1;
                item.id = generator.next_item_id;
                renumbered.push((old_id, item.id));
            }
            for parcel in &mut t.parcels {
                for c in &mut parcel.contents {
                    if let Some((_, new)) = renumbered.iter().find(|(old, _)| *old == c.item_id) {
                        c.item_id = *new;
                    }
                }
            }
            t.version = 1;
            t.change_seq = seq;
            t.created_date = now;
            t.modified_date = now;
            t.hold = None;
            t.cancel_request = None;
            t.rejection = None;
            t.reassigned_to = None;
            Object::Transfer(t)
        }
    }
}

fn reset_item(item: &mut ItemDto, keep_fulfilled: bool) {
    if !keep_fulfilled {
        item.accepted_quantity = 0;
        item.picked_quantity = 0;
        item.packed_quantity = 0;
    }
    item.rejected_quantity = 0;
    item.rejections.clear();
    if item.received_quantity.is_some() {
        item.received_quantity = Some(0);
        item.damaged_quantity = Some(0);
        item.missing_quantity = Some(0);
    }
    item.receive_note = None;
}
