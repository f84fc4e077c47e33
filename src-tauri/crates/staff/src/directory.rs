//! The staff list of a station and signing in.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::json;
use storedesk_domain::Actor;
use storedesk_store::audit;

use crate::audit_actions as actions;
use crate::error::StaffError;
use crate::lockout::LockoutPolicy;
use crate::pin::{Pin, PinHasher};
use crate::precheck::Prechecks;
use crate::role::Role;

/// Longest name, in characters.
const MAX_NAME_CHARS: usize = 60;

/// A person on the staff list. Carries no PIN and no hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub role: Role,
}

impl StaffMember {
    /// The actor of this person's actions at `station`, for the audit log and OMS commands.
    pub fn actor(&self, station: &str) -> Actor {
        Actor {
            user_id: self.id.clone(),
            user_name: self.name.clone(),
            station: station.to_string(),
        }
    }
}

/// Someone to add at first run (see [`Staff::seed`]).
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub name: String,
    pub role: Role,
    pub pin: Pin,
}

/// A stored row, hash included: never leaves this module.
struct Row {
    member: StaffMember,
    pin_hash: String,
    locked_until: Option<DateTime<Utc>>,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>, StaffError> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| {
            StaffError::Store(storedesk_store::StoreError::Corrupt {
                what: "timestamp",
                value: s.to_string(),
            })
        })
}

fn member_of(id: String, name: String, role: String) -> Result<StaffMember, StaffError> {
    let role = Role::parse(&role).ok_or_else(|| {
        StaffError::Store(storedesk_store::StoreError::Corrupt {
            what: "staff role",
            value: role.clone(),
        })
    })?;
    Ok(StaffMember { id, name, role })
}

/// A sign-in under way: the person exists, is active and is not locked out ([`Staff::begin_sign_in`]).
pub struct SignInAttempt {
    row: Row,
}

impl std::fmt::Debug for SignInAttempt {
    // Never the PIN's hash.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInAttempt")
            .field("member", &self.row.member)
            .finish_non_exhaustive()
    }
}

/// The PIN of a sign-in, checked ([`Staff::check_pin`]); [`Staff::finish_sign_in`] records it.
#[derive(Debug)]
pub struct CheckedPin {
    member: StaffMember,
    ok: bool,
}

fn load(conn: &Connection, staff_id: &str) -> Result<Row, StaffError> {
    let raw: Option<(String, String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT name, role, pin_hash, locked_until FROM staff WHERE id = ?1 AND active = 1",
        )?
        .query_row([staff_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let (name, role, pin_hash, locked_until) = raw.ok_or_else(|| StaffError::UnknownStaff {
        staff_id: staff_id.to_string(),
    })?;
    Ok(Row {
        member: member_of(staff_id.to_string(), name, role)?,
        pin_hash,
        locked_until: locked_until.as_deref().map(parse_ts).transpose()?,
    })
}

fn clean_name(name: &str) -> Result<String, StaffError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(StaffError::InvalidName {
            reason: "must not be empty",
        });
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(StaffError::InvalidName {
            reason: "is too long (60 characters at most)",
        });
    }
    if name.chars().any(char::is_control) {
        return Err(StaffError::InvalidName {
            reason: "must not contain control characters",
        });
    }
    Ok(name)
}

/// Staff management and sign-in, with a hashing cost and a lockout policy.
#[derive(Debug, Clone, Default)]
pub struct Staff {
    hasher: PinHasher,
    policy: LockoutPolicy,
    /// The PIN being typed, checked ahead of the sign-in (shared by clones).
    prechecks: std::sync::Arc<Prechecks>,
}

impl Staff {
    pub fn new(hasher: PinHasher, policy: LockoutPolicy) -> Staff {
        Staff {
            hasher,
            policy,
            prechecks: Default::default(),
        }
    }

    pub fn policy(&self) -> &LockoutPolicy {
        &self.policy
    }

    /// Everyone who can sign in, by name.
    pub fn list(&self, conn: &Connection) -> Result<Vec<StaffMember>, StaffError> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, role FROM staff WHERE active = 1 ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, name, role)| member_of(id, name, role))
            .collect()
    }

    /// One active person.
    pub fn get(&self, conn: &Connection, staff_id: &str) -> Result<StaffMember, StaffError> {
        Ok(load(conn, staff_id)?.member)
    }

    /// Whether nobody is on the staff list yet (first run).
    pub fn is_empty(&self, conn: &Connection) -> Result<bool, StaffError> {
        Ok(!conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM staff)")?
            .query_row([], |r| r.get::<_, bool>(0))?)
    }

    /// Check a PIN and sign the person in.
    ///
    /// During a lockout the PIN is not even checked ([`StaffError::LockedOut`]). A wrong PIN counts a failure and,
    /// from the policy's free tries on, starts a wait; the failure that starts it is reported as `LockedOut`. A
    /// right PIN clears the count. Every outcome is audited (without the PIN).
    ///
    /// This holds `conn` for the whole check; a caller sharing its connection can run the three phases
    /// ([`Staff::begin_sign_in`], [`Staff::check_pin`], [`Staff::finish_sign_in`]) and let go of it while the
    /// slow hash runs.
    pub fn sign_in(
        &self,
        conn: &mut Connection,
        staff_id: &str,
        pin: &str,
        station: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffMember, StaffError> {
        let attempt = self.begin_sign_in(conn, staff_id, now)?;
        let checked = self.check_pin(attempt, pin)?;
        self.finish_sign_in(conn, checked, station, now)
    }

    /// First phase of a sign-in: the person, and whether a lockout is running (then the PIN is not checked).
    pub fn begin_sign_in(
        &self,
        conn: &Connection,
        staff_id: &str,
        now: DateTime<Utc>,
    ) -> Result<SignInAttempt, StaffError> {
        let row = load(conn, staff_id)?;
        if let Some(until) = row.locked_until.filter(|u| *u > now) {
            return Err(StaffError::LockedOut {
                until,
                wait_secs: (until - now).num_seconds().max(1),
            });
        }
        Ok(SignInAttempt { row })
    }

    /// Second phase: the slow Argon2id check of the PIN — or the outcome of its precheck, waited for if still
    /// running ([`Staff::precheck_pin`]). Needs no database; its result is the only way to finish a sign-in.
    pub fn check_pin(&self, attempt: SignInAttempt, pin: &str) -> Result<CheckedPin, StaffError> {
        let prechecked = self
            .prechecks
            .take(&attempt.row.member.id, pin, &attempt.row.pin_hash);
        // Whatever the outcome, no typed PIN outlives a sign-in attempt.
        self.prechecks.clear();
        let ok = match prechecked {
            Some(Ok(ok)) => ok,
            _ => self.hasher.verify(pin, &attempt.row.pin_hash)?,
        };
        Ok(CheckedPin {
            member: attempt.row.member,
            ok,
        })
    }

    /// Check the PIN typed so far on this thread, ahead of the sign-in, for [`Staff::check_pin`] to take if the
    /// person signs in with exactly it (module `precheck`). Nothing is recorded and nothing is answered: a wrong
    /// candidate counts no failure, and the outcome only ever decides a real sign-in. Not a PIN's shape: nothing.
    pub fn precheck_pin(&self, attempt: &SignInAttempt, pin: &str) {
        if Pin::parse(pin).is_err() {
            return;
        }
        let phc = &attempt.row.pin_hash;
        self.prechecks.run(&attempt.row.member.id, pin, phc, || {
            self.hasher.verify(pin, phc).map_err(|e| e.to_string())
        });
    }

    /// Whether a PIN typed ahead of a sign-in is being kept.
    pub fn holds_precheck(&self) -> bool {
        self.prechecks.holds()
    }

    /// Last phase: record the outcome in one transaction (failures counted or cleared, lockout, audit) and
    /// answer the person, or the wrong-PIN / lockout error.
    pub fn finish_sign_in(
        &self,
        conn: &mut Connection,
        checked: CheckedPin,
        station: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffMember, StaffError> {
        let CheckedPin { member, ok } = checked;
        let staff_id = member.id.as_str();
        let actor = member.actor(station);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if ok {
            tx.prepare_cached(
                "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
            )?
            .execute([staff_id])?;
            audit::append(&tx, now, &actor, None, actions::SIGN_IN, &json!({}))?;
            tx.commit()?;
            tracing::info!(staff_id, "signed in");
            return Ok(member);
        }
        let failures: u32 = tx
            .prepare_cached(
                "UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE id = ?1
                 RETURNING failed_attempts",
            )?
            .query_row([staff_id], |r| r.get(0))?;
        let until = self.policy.delay_after(failures).map(|d| now + d);
        tx.prepare_cached("UPDATE staff SET locked_until = ?2 WHERE id = ?1")?
            .execute(params![staff_id, until.map(ts)])?;
        audit::append(
            &tx,
            now,
            &actor,
            None,
            actions::SIGN_IN_FAILED,
            &json!({ "failures": failures, "locked_until": until.map(ts) }),
        )?;
        tx.commit()?;
        tracing::warn!(staff_id, failures, locked = until.is_some(), "wrong PIN");
        Err(match until {
            Some(until) => StaffError::LockedOut {
                until,
                wait_secs: (until - now).num_seconds().max(1),
            },
            None => StaffError::WrongPin {
                tries_left: self.policy.tries_left(failures),
            },
        })
    }

    /// The person `by_id` must be an active manager.
    fn require_manager(
        &self,
        conn: &Connection,
        by_id: &str,
        action: &'static str,
    ) -> Result<StaffMember, StaffError> {
        let by = load(conn, by_id)?.member;
        if by.role.is_manager() {
            Ok(by)
        } else {
            Err(StaffError::Forbidden { action })
        }
    }

    fn insert(
        &self,
        conn: &Connection,
        name: &str,
        role: Role,
        pin: &Pin,
        now: DateTime<Utc>,
    ) -> Result<StaffMember, StaffError> {
        let name = clean_name(name)?;
        let hash = self.hasher.hash(pin)?;
        let id = uuid::Uuid::new_v4().to_string();
        let result = conn
            .prepare_cached(
                "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![id, name, role.as_str(), hash, ts(now)]);
        match result {
            Ok(_) => Ok(StaffMember { id, name, role }),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                Err(StaffError::DuplicateName { name })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// A manager adds someone.
    pub fn add(
        &self,
        conn: &mut Connection,
        by_id: &str,
        new: &NewStaff,
        station: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffMember, StaffError> {
        let by = self.require_manager(conn, by_id, "add people")?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let member = self.insert(&tx, &new.name, new.role, &new.pin, now)?;
        audit::append(
            &tx,
            now,
            &by.actor(station),
            None,
            actions::STAFF_ADDED,
            &json!({ "staff_id": member.id, "name": member.name, "role": member.role }),
        )?;
        tx.commit()?;
        Ok(member)
    }

    /// A manager sets a new PIN for someone (themselves included); any lockout is lifted.
    pub fn reset_pin(
        &self,
        conn: &mut Connection,
        by_id: &str,
        staff_id: &str,
        pin: &Pin,
        station: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffMember, StaffError> {
        let by = self.require_manager(conn, by_id, "reset a PIN")?;
        let target = load(conn, staff_id)?.member;
        let hash = self.hasher.hash(pin)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "UPDATE staff SET pin_hash = ?2, failed_attempts = 0, locked_until = NULL, updated_at = ?3
             WHERE id = ?1",
        )?
        .execute(params![staff_id, hash, ts(now)])?;
        audit::append(
            &tx,
            now,
            &by.actor(station),
            None,
            actions::PIN_RESET,
            &json!({ "staff_id": target.id, "name": target.name }),
        )?;
        tx.commit()?;
        Ok(target)
    }

    /// First run: create the first manager. Refused once anybody exists.
    pub fn bootstrap(
        &self,
        conn: &mut Connection,
        name: &str,
        pin: &Pin,
        station: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffMember, StaffError> {
        let new = NewStaff {
            name: name.to_string(),
            role: Role::Manager,
            pin: pin.clone(),
        };
        let mut created = self.seed(conn, std::slice::from_ref(&new), station, now)?;
        created.pop().ok_or(StaffError::AlreadySetUp)
    }

    /// First run with several people at once (demo data). Refused once anybody exists; all or nothing.
    pub fn seed(
        &self,
        conn: &mut Connection,
        people: &[NewStaff],
        station: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<StaffMember>, StaffError> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !self.is_empty(&tx)? {
            return Err(StaffError::AlreadySetUp);
        }
        let mut created = Vec::with_capacity(people.len());
        for p in people {
            let member = self.insert(&tx, &p.name, p.role, &p.pin, now)?;
            audit::append(
                &tx,
                now,
                &member.actor(station),
                None,
                actions::BOOTSTRAP,
                &json!({ "staff_id": member.id, "name": member.name, "role": member.role }),
            )?;
            created.push(member);
        }
        tx.commit()?;
        Ok(created)
    }
}
