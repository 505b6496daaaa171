//! China time. Timestamps are stored in UTC and shown in Asia/Shanghai;
//! deadlines are calendar dates in China.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Asia::Shanghai;

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Today's calendar date in China.
pub fn today_china(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Shanghai).date_naive()
}

/// `YYYY-MM-DD HH:MM:SS` in China time, for documents and exports.
pub fn format_china(at: DateTime<Utc>) -> String {
    at.with_timezone(&Shanghai)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The UTC instant at which a China calendar day starts.
pub fn china_day_start(d: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    Shanghai
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| DateTime::<Utc>::from_naive_utc_and_offset(naive, Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn china_day_boundaries() {
        // 2021-03-31 16:30 UTC is already April 1st in Haikou.
        let t = Utc.with_ymd_and_hms(2021, 3, 31, 16, 30, 0).unwrap();
        assert_eq!(today_china(t), NaiveDate::from_ymd_opt(2021, 4, 1).unwrap());
        assert_eq!(format_china(t), "2021-04-01 00:30:00");
        let start = china_day_start(NaiveDate::from_ymd_opt(2021, 4, 1).unwrap());
        assert_eq!(start, Utc.with_ymd_and_hms(2021, 3, 31, 16, 0, 0).unwrap());
    }
}
