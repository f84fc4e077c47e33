//! PINs and their Argon2id hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::StaffError;

/// Shortest and longest PIN.
pub const PIN_LEN: std::ops::RangeInclusive<usize> = 4..=8;

/// A PIN as typed: 4 to 8 ASCII digits. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    /// Check the shape of a new PIN.
    pub fn parse(pin: &str) -> Result<Pin, StaffError> {
        if PIN_LEN.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Pin(pin.to_string()))
        } else {
            Err(StaffError::InvalidPin)
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(***)")
    }
}

/// Hashes PINs with Argon2id. Verification reads the parameters from the stored hash, so changing them later only
/// affects new and reset PINs.
#[derive(Debug, Clone)]
pub struct PinHasher {
    params: Params,
}

impl Default for PinHasher {
    /// Argon2id with 7 MiB, 5 passes, 1 lane: one of the five settings OWASP's Password Storage Cheat Sheet gives as
    /// equally strong (46 MiB × 1, 19 MiB × 2, 12 MiB × 3, 9 MiB × 4, 7 MiB × 5 passes — a trade between memory and
    /// CPU). The smallest memory suits a sign-in on a shop PC: the same defence for 17.9 ms per check instead of
    /// 26.7 ms with 19 MiB (`cargo bench -p storedesk-staff --bench pin`, docs/benchmarks.md), 12 MiB less at peak.
    fn default() -> Self {
        PinHasher {
            params: Params::new(7 * 1024, 5, 1, None).unwrap_or_default(),
        }
    }
}

impl PinHasher {
    /// Custom cost: memory in KiB, passes and lanes (see the `argon2` crate's limits). Tests use a cheap setting.
    pub fn with_cost(memory_kib: u32, passes: u32, lanes: u32) -> Result<PinHasher, StaffError> {
        Params::new(memory_kib, passes, lanes, None)
            .map(|params| PinHasher { params })
            .map_err(|e| StaffError::Hash(e.to_string()))
    }

    /// A PHC string (`$argon2id$v=19$m=…`) with a fresh random salt.
    pub fn hash(&self, pin: &Pin) -> Result<String, StaffError> {
        // 16 random bytes from a CSPRNG seeded by the OS.
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .map_err(|e| StaffError::Hash(e.to_string()))?;
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
            .hash_password(pin.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StaffError::Hash(e.to_string()))
    }

    /// Whether `pin` matches the stored hash. A hash that cannot be read is an error, not a mismatch.
    pub fn verify(&self, pin: &str, phc: &str) -> Result<bool, StaffError> {
        let parsed = PasswordHash::new(phc).map_err(|e| StaffError::Hash(e.to_string()))?;
        match Argon2::default().verify_password(pin.as_bytes(), &parsed) {
            Ok(()) => Ok(true),
            Err(argon2::password_hash::Error::Password) => Ok(false),
            Err(e) => Err(StaffError::Hash(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits() {
        for ok in ["1234", "00000000", "9999"] {
            assert!(Pin::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "123", "123456789", "12a4", " 1234", "１２３４"] {
            assert!(
                matches!(Pin::parse(bad), Err(StaffError::InvalidPin)),
                "{bad:?}"
            );
        }
        assert_eq!(format!("{:?}", Pin::parse("1234").unwrap()), "Pin(***)");
    }

    #[test]
    fn a_hash_is_argon2id_salted_and_verifies_only_its_pin() {
        let hasher = PinHasher::default();
        let pin = Pin::parse("2468").unwrap();
        let a = hasher.hash(&pin).unwrap();
        let b = hasher.hash(&pin).unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{a}");
        assert_ne!(a, b, "a fresh salt every time");
        assert!(!a.contains("2468"));
        assert!(hasher.verify("2468", &a).unwrap());
        assert!(!hasher.verify("2469", &a).unwrap());
        assert!(!hasher.verify("", &a).unwrap());
        // Verification follows the stored parameters, whatever the hasher's own: a PIN hashed with the earlier
        // default (19 MiB, 2 passes) still signs in.
        let cheap = PinHasher::with_cost(64, 1, 1).unwrap();
        assert!(cheap.verify("2468", &a).unwrap());
        let earlier = PinHasher::with_cost(19 * 1024, 2, 1)
            .unwrap()
            .hash(&pin)
            .unwrap();
        assert!(
            earlier.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{earlier}"
        );
        assert!(hasher.verify("2468", &earlier).unwrap());
        assert!(!hasher.verify("2469", &earlier).unwrap());
        assert!(matches!(
            hasher.verify("2468", "not a hash"),
            Err(StaffError::Hash(_))
        ));
    }
}
