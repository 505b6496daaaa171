//! Paging and sorting shared by every list.

use serde::Serialize;

pub const MAX_PAGE_SIZE: u64 = 200;

#[derive(Debug, Clone, Default)]
pub struct PageReq {
    pub page: u64,
    pub page_size: u64,
    /// `field` ascending or `-field` descending; validated by each list against its own columns.
    pub sort: Option<String>,
}

impl PageReq {
    pub fn new(page: Option<u64>, page_size: Option<u64>, sort: Option<String>) -> PageReq {
        PageReq {
            page: page.unwrap_or(1).max(1),
            page_size: page_size.unwrap_or(20).clamp(1, MAX_PAGE_SIZE),
            sort: sort.filter(|s| !s.trim().is_empty()),
        }
    }

    /// Everything (for exports), bounded.
    pub fn all(sort: Option<String>, limit: u64) -> PageReq {
        PageReq {
            page: 1,
            page_size: limit,
            sort,
        }
    }

    pub fn offset(&self) -> u64 {
        (self.page.max(1) - 1) * self.page_size
    }

    /// Splits `-field` into (`field`, descending).
    pub fn sort_key(&self) -> Option<(&str, bool)> {
        let s = self.sort.as_deref()?.trim();
        Some(match s.strip_prefix('-') {
            Some(f) => (f, true),
            None => (s.strip_prefix('+').unwrap_or(s), false),
        })
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            page_size: self.page_size,
        }
    }
}
