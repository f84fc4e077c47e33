//! Reading query strings and headers strictly: a bad value is `400 bad_request`, never a panic.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::error::ApiError;

/// The query parameters of a request (the last value wins).
pub struct Query(HashMap<String, String>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Query {
        Query(
            url::form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)
            .ok_or_else(|| ApiError::bad_request(format!("query parameter {name} is required")))
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse::<T>().map_err(|_| {
                    ApiError::bad_request(format!(
                        "query parameter {name}={v:?} is not a valid number"
                    ))
                })
            })
            .transpose()
    }

    pub fn time(&self, name: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
        self.get(name)
            .map(|v| {
                DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| {
                        ApiError::bad_request(format!(
                            "query parameter {name}={v:?} is not an RFC 3339 time"
                        ))
                    })
            })
            .transpose()
    }

    /// The parameters as a query string, with `name` replaced by `value`.
    pub fn with(&self, name: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter(|(k, _)| k.as_str() != name)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.push((name, value));
        pairs.sort();
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

/// Parses `If-Match`: `"7"`, `W/"7"` or `7`.
pub fn if_match(value: &str) -> Result<i64, ApiError> {
    let v = value.trim();
    let v = v.strip_prefix("W/").unwrap_or(v);
    let v = v.trim_matches('"');
    v.parse::<i64>().map_err(|_| {
        ApiError::bad_request(format!("If-Match {value:?} is not a version like \"7\""))
    })
}
