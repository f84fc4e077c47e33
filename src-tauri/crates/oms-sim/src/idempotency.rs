//! The idempotency table: `Idempotency-Key` → fingerprint of the request and, once final, the stored answer.
//!
//! A key is taken by [`IdempotencyTable::begin`], which hands out an [`InFlight`] guard. The guard either
//! [`InFlight::complete`]s (storing the answer, or freeing the key for answers that are not stored) or, if it is
//! dropped — the handler's future was cancelled because the connection died or the server stopped — frees the
//! key, so a retry is processed instead of being told forever that it is in flight.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::lock;

/// A final answer kept under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `ETag` of a success.
    pub etag: Option<String>,
}

#[derive(Debug)]
enum Entry {
    InFlight {
        fingerprint: [u8; 32],
    },
    Done {
        fingerprint: [u8; 32],
        answer: StoredAnswer,
        at: Instant,
    },
}

/// What to do with a request carrying a key.
#[derive(Debug)]
pub enum Begin {
    /// First time (or the earlier attempt died): process it, holding the guard.
    Proceed(InFlight),
    /// Answered before: send the stored answer again.
    Replay(StoredAnswer),
    /// The same request is being processed right now.
    InFlight,
    /// The key was used for a different request.
    Reused,
}

#[derive(Debug)]
struct Inner {
    entries: HashMap<String, Entry>,
    ttl: Duration,
    last_purge: Instant,
}

/// The table, shared by every request.
#[derive(Debug, Clone)]
pub struct IdempotencyTable {
    inner: Arc<Mutex<Inner>>,
}

/// Purge expired entries at most this often.
const PURGE_EVERY: Duration = Duration::from_secs(60);

impl IdempotencyTable {
    pub fn new(ttl: Duration) -> IdempotencyTable {
        IdempotencyTable {
            inner: Arc::new(Mutex::new(Inner {
                entries: HashMap::new(),
                ttl,
                last_purge: Instant::now(),
            })),
        }
    }

    /// Looks `key` up for a request with this fingerprint and takes it if it is free.
    pub fn begin(&self, key: &str, fingerprint: [u8; 32]) -> Begin {
        let mut inner = lock(&self.inner);
        let now = Instant::now();
        let ttl = inner.ttl;
        if now.duration_since(inner.last_purge) >= PURGE_EVERY.min(ttl) {
            inner.entries.retain(|_, e| match e {
                Entry::Done { at, .. } => now.duration_since(*at) < ttl,
                Entry::InFlight { .. } => true,
            });
            inner.last_purge = now;
        }
        match inner.entries.get(key) {
            Some(Entry::InFlight { fingerprint: f }) => {
                if *f == fingerprint {
                    Begin::InFlight
                } else {
                    Begin::Reused
                }
            }
            Some(Entry::Done {
                fingerprint: f,
                answer,
                at,
            }) if now.duration_since(*at) < ttl => {
                if *f == fingerprint {
                    Begin::Replay(answer.clone())
                } else {
                    Begin::Reused
                }
            }
            _ => {
                inner
                    .entries
                    .insert(key.to_string(), Entry::InFlight { fingerprint });
                Begin::Proceed(InFlight {
                    table: self.clone(),
                    key: key.to_string(),
                    fingerprint,
                    finished: false,
                })
            }
        }
    }

    /// Number of keys held (in flight or stored).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        lock(&self.inner).entries.len()
    }

    fn finish(&self, key: &str, fingerprint: [u8; 32], answer: Option<StoredAnswer>) {
        let mut inner = lock(&self.inner);
        match answer {
            Some(answer) => {
                inner.entries.insert(
                    key.to_string(),
                    Entry::Done {
                        fingerprint,
                        answer,
                        at: Instant::now(),
                    },
                );
            }
            None => {
                if matches!(inner.entries.get(key), Some(Entry::InFlight { .. })) {
                    inner.entries.remove(key);
                }
            }
        }
    }
}

/// A key being processed. Dropping it without [`InFlight::complete`] frees the key.
#[derive(Debug)]
pub struct InFlight {
    table: IdempotencyTable,
    key: String,
    fingerprint: [u8; 32],
    finished: bool,
}

impl InFlight {
    /// Ends processing: stores `answer` under the key, or frees the key when `None`.
    pub fn complete(mut self, answer: Option<StoredAnswer>) {
        self.finished = true;
        self.table.finish(&self.key, self.fingerprint, answer);
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if !self.finished {
            self.table.finish(&self.key, self.fingerprint, None);
        }
    }
}

/// The fingerprint of a request: SHA-256 of method, path and the body as canonical JSON (keys sorted, no
/// whitespace), or the raw body if it is not JSON.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => {
            let mut canonical = String::new();
            write_canonical(&value, &mut canonical);
            hasher.update(canonical.as_bytes());
        }
        Err(_) => hasher.update(body),
    }
    hasher.finalize().into()
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer() -> StoredAnswer {
        StoredAnswer {
            status: 200,
            content_type: "application/json",
            body: b"{}".to_vec(),
            etag: Some("\"2\"".into()),
        }
    }

    #[test]
    fn replay_reuse_and_in_flight() {
        let table = IdempotencyTable::new(Duration::from_secs(60));
        let a = fingerprint("POST", "/x", br#"{"b":1,"a":2}"#);
        assert_eq!(
            a,
            fingerprint("POST", "/x", br#"{ "a": 2, "b": 1 }"#),
            "key order does not matter"
        );
        let b = fingerprint("POST", "/x", br#"{"a":3}"#);
        let Begin::Proceed(guard) = table.begin("k", a) else {
            panic!("first use proceeds")
        };
        assert!(matches!(table.begin("k", a), Begin::InFlight));
        assert!(matches!(table.begin("k", b), Begin::Reused));
        guard.complete(Some(answer()));
        assert!(matches!(table.begin("k", a), Begin::Replay(s) if s == answer()));
        assert!(matches!(table.begin("k", b), Begin::Reused));
    }

    #[test]
    fn a_dropped_guard_frees_the_key() {
        let table = IdempotencyTable::new(Duration::from_secs(60));
        let f = fingerprint("POST", "/x", b"{}");
        let Begin::Proceed(guard) = table.begin("k", f) else {
            panic!()
        };
        drop(guard);
        assert_eq!(table.len(), 0);
        assert!(matches!(table.begin("k", f), Begin::Proceed(_)));
    }

    #[test]
    fn unstored_answers_free_the_key() {
        let table = IdempotencyTable::new(Duration::from_secs(60));
        let f = fingerprint("POST", "/x", b"{}");
        let Begin::Proceed(guard) = table.begin("k", f) else {
            panic!()
        };
        guard.complete(None);
        assert!(matches!(table.begin("k", f), Begin::Proceed(_)));
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let table = IdempotencyTable::new(Duration::from_millis(20));
        let f = fingerprint("POST", "/x", b"{}");
        let Begin::Proceed(guard) = table.begin("k", f) else {
            panic!()
        };
        guard.complete(Some(answer()));
        std::thread::sleep(Duration::from_millis(30));
        assert!(matches!(table.begin("k", f), Begin::Proceed(_)));
    }
}
