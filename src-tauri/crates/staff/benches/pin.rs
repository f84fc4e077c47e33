//! How long a PIN check takes with each of the Argon2id settings OWASP's Password Storage Cheat Sheet gives as
//! equally strong (memory × passes, one lane), the default among them. A sign-in waits for exactly one check.
//!
//! `cargo bench -p storedesk-staff --bench pin`

use criterion::{Criterion, criterion_group, criterion_main};
use storedesk_staff::{Pin, PinHasher};

fn pin_check(c: &mut Criterion) {
    let pin = Pin::parse("2468").expect("a PIN");
    let mut group = c.benchmark_group("pin_check");
    group.sample_size(30);
    let settings = [
        ("default_7mib_5_passes", Ok(PinHasher::default())),
        ("46mib_1_pass", PinHasher::with_cost(46 * 1024, 1, 1)),
        ("19mib_2_passes", PinHasher::with_cost(19 * 1024, 2, 1)),
        ("12mib_3_passes", PinHasher::with_cost(12 * 1024, 3, 1)),
        ("9mib_4_passes", PinHasher::with_cost(9 * 1024, 4, 1)),
    ];
    for (name, hasher) in settings {
        let hasher = match hasher {
            Ok(h) => h,
            Err(e) => panic!("{name}: {e}"),
        };
        let stored = hasher.hash(&pin).expect("hashed");
        group.bench_function(name, |b| {
            b.iter(|| assert!(hasher.verify("2468", &stored).expect("verified")))
        });
    }
    group.finish();
}

criterion_group!(benches, pin_check);
criterion_main!(benches);
