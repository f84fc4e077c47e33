//! Customers and addresses from Turkey, Brazil and Norway: real-looking names, streets, postal codes and phones.

use rand::Rng;
use rand::seq::IndexedRandom;
use storedesk_oms_api::dto::{AddressDto, CustomerDto};

/// The three markets the simulator's stores are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Country {
    Turkey,
    Brazil,
    Norway,
}

impl Country {
    pub const ALL: [Country; 3] = [Country::Turkey, Country::Brazil, Country::Norway];

    /// ISO 3166-1 alpha-2.
    pub fn code(self) -> &'static str {
        match self {
            Country::Turkey => "TR",
            Country::Brazil => "BR",
            Country::Norway => "NO",
        }
    }

    /// The market of a store code: `IST-01` → Turkey, `SAO-01` → Brazil, `OSL-01` → Norway. Unknown prefixes
    /// are spread over the three by a hash of the code.
    pub fn of_store(code: &str) -> Country {
        let prefix: String = code
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_uppercase();
        match prefix.as_str() {
            "IST" | "ANK" | "IZM" | "BUR" | "ANT" | "ADA" | "TR" => Country::Turkey,
            "SAO" | "SP" | "RIO" | "BHZ" | "CWB" | "POA" | "REC" | "BR" => Country::Brazil,
            "OSL" | "BGO" | "BER" | "TRD" | "SVG" | "TOS" | "NO" => Country::Norway,
            _ => {
                let sum: u32 = code.bytes().map(u32::from).sum();
                Country::ALL[(sum % 3) as usize]
            }
        }
    }
}

struct Street {
    /// `{n}`: house number, `{d}`: flat or suite number.
    template: &'static str,
    region: Option<&'static str>,
    city: &'static str,
    postal_code: &'static str,
    /// Area code for phones (Brazil).
    area: &'static str,
}

const fn street(
    template: &'static str,
    region: Option<&'static str>,
    city: &'static str,
    postal_code: &'static str,
    area: &'static str,
) -> Street {
    Street {
        template,
        region,
        city,
        postal_code,
        area,
    }
}

const TR_FIRST: &[&str] = &[
    "Ayşe", "Mehmet", "Zeynep", "Emre", "Elif", "Burak", "Selin", "Can", "Deniz", "Merve",
    "Mustafa", "Fatma", "Oğuz", "İrem", "Kerem", "Ece",
];
const TR_LAST: &[&str] = &[
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan", "Doğan",
    "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özdemir",
];
const TR_STREETS: &[Street] = &[
    street(
        "Bağdat Caddesi No: {n} D: {d}",
        Some("Kadıköy"),
        "İstanbul",
        "34728",
        "",
    ),
    street(
        "Halaskargazi Caddesi No: {n} D: {d}",
        Some("Şişli"),
        "İstanbul",
        "34371",
        "",
    ),
    street(
        "Barbaros Bulvarı No: {n} D: {d}",
        Some("Beşiktaş"),
        "İstanbul",
        "34353",
        "",
    ),
    street(
        "Tunalı Hilmi Caddesi No: {n} D: {d}",
        Some("Çankaya"),
        "Ankara",
        "06680",
        "",
    ),
    street(
        "Kıbrıs Şehitleri Caddesi No: {n} D: {d}",
        Some("Konak"),
        "İzmir",
        "35220",
        "",
    ),
    street(
        "Atatürk Caddesi No: {n} D: {d}",
        Some("Nilüfer"),
        "Bursa",
        "16140",
        "",
    ),
    street(
        "Konyaaltı Caddesi No: {n} D: {d}",
        Some("Muratpaşa"),
        "Antalya",
        "07050",
        "",
    ),
];

const BR_FIRST: &[&str] = &[
    "João", "Maria", "Ana", "Pedro", "Lucas", "Juliana", "Gabriel", "Fernanda", "Rafael", "Camila",
    "Mateus", "Beatriz", "Thiago", "Larissa", "Gustavo", "Letícia",
];
const BR_LAST: &[&str] = &[
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Pereira",
    "Costa",
    "Almeida",
    "Rodrigues",
    "Lima",
    "Ferreira",
    "Carvalho",
    "Gomes",
    "Ribeiro",
    "Martins",
    "Araújo",
    "Barbosa",
];
const BR_STREETS: &[Street] = &[
    street(
        "Rua Augusta, {n}, apto {d}",
        Some("SP"),
        "São Paulo",
        "01305-000",
        "11",
    ),
    street(
        "Avenida Paulista, {n}, conj. {d}",
        Some("SP"),
        "São Paulo",
        "01310-100",
        "11",
    ),
    street(
        "Rua Visconde de Pirajá, {n}, apto {d}",
        Some("RJ"),
        "Rio de Janeiro",
        "22410-002",
        "21",
    ),
    street(
        "Rua da Bahia, {n}, sala {d}",
        Some("MG"),
        "Belo Horizonte",
        "30160-011",
        "31",
    ),
    street(
        "Rua XV de Novembro, {n}",
        Some("PR"),
        "Curitiba",
        "80020-310",
        "41",
    ),
    street(
        "Avenida Boa Viagem, {n}, apto {d}",
        Some("PE"),
        "Recife",
        "51011-000",
        "81",
    ),
    street(
        "Rua Padre Chagas, {n}",
        Some("RS"),
        "Porto Alegre",
        "90570-080",
        "51",
    ),
];

const NO_FIRST: &[&str] = &[
    "Ingrid", "Lars", "Kari", "Anders", "Silje", "Henrik", "Nora", "Magnus", "Ida", "Sindre",
    "Emma", "Jonas", "Thea", "Eirik", "Marte", "Håkon",
];
const NO_LAST: &[&str] = &[
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Dahl",
];
const NO_STREETS: &[Street] = &[
    street("Bogstadveien {n}", None, "Oslo", "0355", ""),
    street("Thereses gate {n}", None, "Oslo", "0168", ""),
    street("Thorvald Meyers gate {n}", None, "Oslo", "0555", ""),
    street("Torgallmenningen {n}", None, "Bergen", "5014", ""),
    street("Kongens gate {n}", None, "Trondheim", "7011", ""),
    street("Kirkegata {n}", None, "Stavanger", "4006", ""),
    street("Storgata {n}", None, "Tromsø", "9008", ""),
];

fn names(country: Country) -> (&'static [&'static str], &'static [&'static str]) {
    match country {
        Country::Turkey => (TR_FIRST, TR_LAST),
        Country::Brazil => (BR_FIRST, BR_LAST),
        Country::Norway => (NO_FIRST, NO_LAST),
    }
}

fn streets(country: Country) -> &'static [Street] {
    match country {
        Country::Turkey => TR_STREETS,
        Country::Brazil => BR_STREETS,
        Country::Norway => NO_STREETS,
    }
}

/// A customer with a delivery address in `country`.
pub fn customer(rng: &mut impl Rng, country: Country) -> (CustomerDto, AddressDto) {
    let (first_names, last_names) = names(country);
    let first = first_names.choose(rng).copied().unwrap_or("Alex");
    let last = last_names.choose(rng).copied().unwrap_or("Doe");
    let name = format!("{first} {last}");
    let street = streets(country).choose(rng).unwrap_or(&streets(country)[0]);
    let line1 = street
        .template
        .replace("{n}", &rng.random_range(1..=240).to_string())
        .replace("{d}", &rng.random_range(1..=24).to_string());
    let line2 = match country {
        Country::Norway if rng.random_bool(0.4) => Some(format!(
            "Leilighet H0{}0{}",
            rng.random_range(1..=5),
            rng.random_range(1..=4)
        )),
        _ => None,
    };
    let phone = match country {
        Country::Turkey => format!(
            "+90 5{}{} {:03} {:02} {:02}",
            rng.random_range(3..=5),
            rng.random_range(0..=9),
            rng.random_range(100..=999),
            rng.random_range(0..=99),
            rng.random_range(0..=99)
        ),
        Country::Brazil => format!(
            "+55 {} 9{:04}-{:04}",
            street.area,
            rng.random_range(1000..=9999),
            rng.random_range(0..=9999)
        ),
        Country::Norway => format!(
            "+47 {}{:02} {:02} {:03}",
            [4, 9][rng.random_range(0..2)],
            rng.random_range(0..=99),
            rng.random_range(0..=99),
            rng.random_range(0..=999)
        ),
    };
    let email = format!(
        "{}.{}{}@example.com",
        ascii_fold(first),
        ascii_fold(last),
        rng.random_range(1..=99)
    );
    let customer = CustomerDto {
        name: name.clone(),
        phone: Some(phone),
        email: Some(email),
    };
    let address = AddressDto {
        name,
        line1,
        line2,
        postal_code: street.postal_code.to_string(),
        city: street.city.to_string(),
        region: street.region.map(str::to_string),
        country: country.code().to_string(),
    };
    (customer, address)
}

/// Lower-case ASCII for e-mail addresses: `Ayşe` → `ayse`, `Håkon` → `hakon`.
pub fn ascii_fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            Some(match c {
                'ç' => 'c',
                'ğ' => 'g',
                // `İ` lower-cases to `i` and a combining dot above.
                '\u{307}' => return None,
                'ı' | 'í' | 'î' => 'i',
                'ö' | 'ø' | 'ó' | 'ô' | 'õ' => 'o',
                'ş' => 's',
                'ü' | 'ú' => 'u',
                'å' | 'á' | 'â' | 'ã' | 'à' | 'æ' => 'a',
                'é' | 'ê' => 'e',
                c if c.is_ascii_alphanumeric() => c,
                _ => return None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn folding() {
        assert_eq!(ascii_fold("Ayşe"), "ayse");
        assert_eq!(ascii_fold("İrem"), "irem");
        assert_eq!(ascii_fold("Håkon"), "hakon");
        assert_eq!(ascii_fold("Letícia"), "leticia");
    }

    #[test]
    fn customers_look_local() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for country in Country::ALL {
            let (c, a) = customer(&mut rng, country);
            assert_eq!(a.country, country.code());
            assert!(c.phone.as_deref().is_some_and(|p| p.starts_with('+')));
            assert!(!a.line1.contains('{'), "{}", a.line1);
        }
        assert_eq!(Country::of_store("IST-01"), Country::Turkey);
        assert_eq!(Country::of_store("SAO-01"), Country::Brazil);
        assert_eq!(Country::of_store("OSL-01"), Country::Norway);
    }
}
