//! Carriers per market, and tracking numbers in each carrier's format.

use super::people::Country;

/// A carrier the OMS books shipments with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carrier {
    pub code: &'static str,
    pub name: &'static str,
    format: TrackingFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TrackingFormat {
    /// A fixed number of digits.
    Digits(usize),
    /// UPU S10: two letters, eight digits, a check digit, the country code (`QB123456785BR`).
    S10 {
        service: &'static str,
        country: &'static str,
    },
    /// An 18-digit SSCC with GS1 check digit.
    Sscc { company: &'static str },
}

const TR: &[Carrier] = &[
    Carrier {
        code: "yurtici_kargo",
        name: "Yurtiçi Kargo",
        format: TrackingFormat::Digits(12),
    },
    Carrier {
        code: "aras_kargo",
        name: "Aras Kargo",
        format: TrackingFormat::Digits(13),
    },
];
const BR: &[Carrier] = &[
    Carrier {
        code: "correios",
        name: "Correios",
        format: TrackingFormat::S10 {
            service: "QB",
            country: "BR",
        },
    },
    Carrier {
        code: "jadlog",
        name: "Jadlog",
        format: TrackingFormat::Digits(14),
    },
];
const NO: &[Carrier] = &[
    Carrier {
        code: "posten_bring",
        name: "Posten Bring",
        format: TrackingFormat::S10 {
            service: "CS",
            country: "NO",
        },
    },
    Carrier {
        code: "postnord",
        name: "PostNord",
        format: TrackingFormat::Sscc { company: "7070123" },
    },
];

/// The carriers serving a market.
pub fn carriers(country: Country) -> &'static [Carrier] {
    match country {
        Country::Turkey => TR,
        Country::Brazil => BR,
        Country::Norway => NO,
    }
}

impl Carrier {
    /// A tracking number in this carrier's format, derived from `serial` (so it is deterministic).
    pub fn tracking_number(&self, serial: u64) -> String {
        match self.format {
            TrackingFormat::Digits(n) => {
                let modulus = 10u64.saturating_pow(u32::try_from(n.min(18)).unwrap_or(18));
                let mixed = serial
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                format!("{:0width$}", mixed % modulus, width = n)
            }
            TrackingFormat::S10 { service, country } => {
                let digits = format!("{:08}", serial % 100_000_000);
                format!("{service}{digits}{}{country}", s10_check_digit(&digits))
            }
            TrackingFormat::Sscc { company } => {
                let body = format!("0{company}{:09}", serial % 1_000_000_000);
                storedesk_barcode::sscc_from_body(&body).unwrap_or(body)
            }
        }
    }
}

/// The UPU S10 check digit of eight digits.
fn s10_check_digit(digits: &str) -> u32 {
    const WEIGHTS: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip(WEIGHTS)
        .map(|(d, w)| d * w)
        .sum();
    match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s10_example() {
        // 4·8 + 7·6 + 3·4 + 2·2 + 6·3 + 5·5 + 7·9 + 8·7 = 252; 252 mod 11 = 10; 11 − 10 = 1.
        assert_eq!(s10_check_digit("47326578"), 1);
        // 11 − 0 → 5: 00000000 sums to 0.
        assert_eq!(s10_check_digit("00000000"), 5);
    }

    #[test]
    fn formats() {
        assert_eq!(TR[0].tracking_number(7).len(), 12);
        let correios = BR[0].tracking_number(47_326_578);
        assert_eq!(correios, "QB473265781BR");
        let sscc = NO[1].tracking_number(42);
        assert_eq!(sscc.len(), 18);
        let parsed = storedesk_barcode::parse(&sscc).expect("valid SSCC");
        assert_eq!(parsed.sscc(), Some(sscc.as_str()));
    }
}
