//! `parse` answers every input with a warning or an error, never a panic: arbitrary
//! bytes, arbitrary text, and damaged copies of a real warning.

use proptest::prelude::*;

fn typhoon() -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/typhoon-haikou.xml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// One edit to a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                // Fragments that matter to an XML and CAP parser.
                prop::sample::select(vec![
                    b"<".to_vec(),
                    b">".to_vec(),
                    b"&".to_vec(),
                    b"&amp;".to_vec(),
                    b"</info>".to_vec(),
                    b"<info>".to_vec(),
                    b"<area><areaDesc></areaDesc></area>".to_vec(),
                    b"<!DOCTYPE a>".to_vec(),
                    b"<![CDATA[".to_vec(),
                    b"xmlns=\"\"".to_vec(),
                    "、，".as_bytes().to_vec(),
                    "红色".as_bytes().to_vec(),
                    b"Z".to_vec(),
                    b"\xE5\x8F".to_vec(),
                ]),
            ]
        )
            .prop_map(|(i, v)| Edit::Insert(i, v)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Edit::Duplicate(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len();
    let at = |i: usize| if len == 0 { 0 } else { i % (len + 1) };
    match edit {
        Edit::Replace(i, b) => {
            if len > 0 {
                bytes[i % len] = *b;
            }
        }
        Edit::Insert(i, v) => {
            let p = at(*i);
            bytes.splice(p..p, v.iter().copied());
        }
        Edit::Delete(i, n) => {
            let p = at(*i);
            let end = (p + n).min(len);
            bytes.drain(p..end);
        }
        Edit::Truncate(i) => bytes.truncate(at(*i)),
        Edit::Duplicate(i, n) => {
            let p = at(*i);
            let end = (p + n).min(len);
            let copy = bytes[p..end].to_vec();
            bytes.splice(p..p, copy);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = anzhi_cap::parse(&bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,512}") {
        let _ = anzhi_cap::parse(text.as_bytes());
    }

    #[test]
    fn damaged_copies_of_a_real_warning(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut bytes = typhoon();
        for e in &edits {
            apply(&mut bytes, e);
        }
        match anzhi_cap::parse(&bytes) {
            Ok(w) => {
                // Whatever survived the damage is still a coherent warning.
                prop_assert!(!w.identifier.is_empty());
                prop_assert!(!w.areas.is_empty());
                prop_assert!(w.areas.iter().all(|a| !a.is_empty() && a.trim() == a));
            }
            Err(e) => {
                prop_assert!(anzhi_cap::ERROR_CODES.contains(&e.code()));
                prop_assert!(!e.message().is_empty());
            }
        }
    }
}
