//! The two EXIF values the crate uses: orientation and capture time. Everything
//! else in the EXIF (GPS, device, software, maker notes) is dropped with the file.

use chrono::{NaiveDate, NaiveDateTime};
use exif::{Exif, In, Tag, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Meta {
    /// EXIF `Orientation`, 1 ("as stored") when absent.
    pub orientation: u16,
    pub taken_at: Option<NaiveDateTime>,
}

impl Default for Meta {
    fn default() -> Self {
        Self {
            orientation: 1,
            taken_at: None,
        }
    }
}

/// Capture-time tags in order of preference, each with its sub-second tag.
const TIME_TAGS: [(Tag, Tag); 3] = [
    (Tag::DateTimeOriginal, Tag::SubSecTimeOriginal),
    (Tag::DateTimeDigitized, Tag::SubSecTimeDigitized),
    (Tag::DateTime, Tag::SubSecTime),
];

impl Meta {
    pub fn read(exif: &Exif) -> Self {
        let orientation = exif
            .get_field(Tag::Orientation, In::PRIMARY)
            .and_then(|f| f.value.get_uint(0))
            .and_then(|v| u16::try_from(v).ok())
            .filter(|v| (1..=8).contains(v))
            .unwrap_or(1);
        let taken_at = TIME_TAGS
            .iter()
            .find_map(|&(tag, subsec)| date_time(exif, tag, subsec));
        Self {
            orientation,
            taken_at,
        }
    }
}

fn ascii(exif: &Exif, tag: Tag) -> Option<&[u8]> {
    match &exif.get_field(tag, In::PRIMARY)?.value {
        Value::Ascii(values) => values.first().map(Vec::as_slice),
        _ => None,
    }
}

/// A valid date and time from `tag` ("YYYY:MM:DD HH:MM:SS"), or `None` (blank,
/// malformed, or an unset camera clock such as "0000:00:00 00:00:00").
fn date_time(exif: &Exif, tag: Tag, subsec: Tag) -> Option<NaiveDateTime> {
    let mut dt = exif::DateTime::from_ascii(ascii(exif, tag)?).ok()?;
    if let Some(sub) = ascii(exif, subsec) {
        // an unreadable sub-second field just loses the fraction
        if dt.parse_subsec(sub).is_err() {
            dt.nanosecond = None;
        }
    }
    NaiveDate::from_ymd_opt(i32::from(dt.year), dt.month.into(), dt.day.into())?.and_hms_nano_opt(
        dt.hour.into(),
        dt.minute.into(),
        dt.second.into(),
        dt.nanosecond.unwrap_or(0),
    )
}
