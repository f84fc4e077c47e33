//! Every text a printed document shows, in one place so that a translation can replace it.
//!
//! English for now. Functions take the variable parts so that word order can change per language.

pub const FROM: &str = "FROM";
pub const TO: &str = "TO";
pub const ORDER: &str = "Order";
pub const WORK_ORDER: &str = "Work order";
pub const PARCEL: &str = "Parcel";
pub const WEIGHT: &str = "Weight";
pub const CARRIER: &str = "Carrier";
pub const TRANSFER_TO: &str = "Transfer to";
pub const PACKING_SLIP: &str = "Packing slip";
pub const PICK_LIST: &str = "Pick list";
pub const DATE: &str = "Order date";
pub const PRINTED_AT: &str = "Printed";
pub const CUSTOMER: &str = "Customer";
pub const DELIVER_TO: &str = "Delivery address";
pub const NO_ADDRESS: &str = "No delivery address";
pub const COL_SKU: &str = "SKU";
pub const COL_PRODUCT: &str = "Product";
pub const COL_ORDERED: &str = "Ordered";
pub const COL_PACKED: &str = "Packed";
pub const COL_REJECTED: &str = "Rejected";
pub const COL_TO_PICK: &str = "To pick";
pub const COL_DONE: &str = "Done";
pub const NOT_INCLUDED: &str = "Not included in this delivery";
pub const PARCELS: &str = "Parcels";
pub const NO_PARCELS: &str = "Not packed yet";
pub const RETURNS: &str = "Returns";
pub const NOTHING_TO_PICK: &str = "Nothing left to pick on the selected orders.";
pub const ORDERS: &str = "Orders";
pub const NOT_ACCEPTED_HINT: &str = "* not accepted yet: the open quantity is listed";

/// The return note printed when the store has none of its own.
pub const DEFAULT_RETURN_NOTE: &str = "Not what you expected? You can return unused items within 30 days. \
Bring them with this packing slip to any of our stores, or contact customer service for a return label.";

pub fn parcel_x_of_y(position: usize, count: usize) -> String {
    format!("Parcel {position} of {count}")
}

pub fn page_x_of_y(page: usize, pages: usize) -> String {
    format!("Page {page} of {pages}")
}

pub fn weight_kg(grams: u32) -> String {
    // Rounded to 10 g: 1 234 g prints as "1.23 kg", 1 235 g as "1.24 kg".
    let centi_kg = (u64::from(grams) + 5) / 10;
    format!("{}.{:02} kg", centi_kg / 100, centi_kg % 100)
}

pub fn rejected_line(quantity: u32, name: &str, reason: &str) -> String {
    format!("{quantity} × {name}: {reason}")
}

pub fn rejected_short(quantity: u32, reason: &str) -> String {
    format!("{quantity} rejected: {reason}")
}

pub fn parcel_summary(number: &str, weight: &str, items: u32) -> String {
    format!("{number} · {weight} · {items} item(s)")
}

pub fn orders_selected(count: usize, units: u64) -> String {
    format!("{count} order(s), {units} unit(s) to pick")
}

pub fn order_qty(reference: &str, work_order: &str, quantity: u32) -> String {
    if reference == work_order {
        format!("{reference}: {quantity}")
    } else {
        format!("{reference} ({work_order}): {quantity}")
    }
}
