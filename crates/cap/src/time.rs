//! CAP 1.2 times: exactly `YYYY-MM-DDThh:mm:ss±hh:mm` (the pattern of the CAP 1.2
//! schema), no fractional seconds, no "Z".

use chrono::{DateTime, FixedOffset};

use crate::CapError;

/// Parses a CAP dateTime, `value` already trimmed.
pub(crate) fn parse_time(
    element: &'static str,
    value: &str,
) -> Result<DateTime<FixedOffset>, CapError> {
    let bad = |zulu| CapError::InvalidDateTime {
        element,
        value: value.to_string(),
        zulu,
    };
    let b = value.as_bytes();
    if b.last().is_some_and(|c| *c == b'Z' || *c == b'z') {
        return Err(bad(true));
    }
    // 2021-06-01T08:00:00+08:00
    // 0123456789012345678901234
    let shape_ok = b.len() == 25
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 | 22 => *c == b':',
            19 => *c == b'+' || *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(bad(false));
    }
    // CAP writes UTC as "-00:00", which chrono reads as +00:00.
    DateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%:z").map_err(|_| bad(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_cap_form() {
        let t = parse_time("sent", "2021-10-12T09:30:00+08:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2021-10-12T09:30:00+08:00");
        let utc = parse_time("sent", "2021-10-12T01:30:00-00:00").unwrap();
        assert_eq!(utc, t);
        let west = parse_time("sent", "2002-05-24T16:49:00-07:00").unwrap();
        assert_eq!(west.offset().local_minus_utc(), -7 * 3600);
    }

    #[test]
    fn refuses_other_forms() {
        for v in [
            "2021-10-12 09:30:00+08:00",
            "2021-10-12T09:30:00",
            "2021-10-12T09:30+08:00",
            "2021-10-12T09:30:00.000+08:00",
            "2021/10/12T09:30:00+08:00",
            "2021-10-12T09:30:00+0800",
            "2021-13-12T09:30:00+08:00",
            "2021-02-30T09:30:00+08:00",
            "2021-10-12T25:30:00+08:00",
            "2021年10月12日09时30分",
            "",
        ] {
            let err = parse_time("onset", v).unwrap_err();
            assert_eq!(err.code(), "invalid_datetime", "{v}");
            assert!(err.message().contains("<onset>"), "{v}");
            assert!(err.message().contains("2021-06-01T08:00:00+08:00"), "{v}");
        }
    }

    #[test]
    fn refuses_zulu_saying_why() {
        let err = parse_time("sent", "2021-10-12T01:30:00Z").unwrap_err();
        assert_eq!(
            err,
            CapError::InvalidDateTime {
                element: "sent",
                value: "2021-10-12T01:30:00Z".into(),
                zulu: true
            }
        );
        assert!(err.message().contains("Z"));
        assert!(err.message().contains("-00:00"));
    }
}
