//! Full-text search over courses, threads and answers, in English and 中文,
//! through each backend's own index (see the search migration): `index`
//! keeps documents in step with their sources (in the sources'
//! transactions), `query` finds and ranks, `rankings` shares rankings
//! across viewers (`warmup` ranks the most searched queries at start),
//! `snippet` highlights.

pub mod index;
pub mod query;
pub mod rankings;
pub mod snippet;
pub mod terms;
pub mod warmup;

pub use entity::search_documents::Kind;
pub use terms::Query;

/// Every kind of document, in the order a ranking's key keeps them: what a
/// search without `types` looks for.
pub fn every_kind() -> Vec<Kind> {
    let mut kinds = vec![Kind::Course, Kind::Thread, Kind::Answer];
    kinds.sort_by_key(|kind| *kind as u8);
    kinds
}
