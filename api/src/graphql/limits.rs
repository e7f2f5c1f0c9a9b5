//! Limits on the query document itself, checked as early as each can be: the
//! text's length before parsing, the number of fields and aliases right after
//! (before validation, whose cost grows with them). Both transports, HTTP and
//! WebSocket, meet them in the gate in front of the schema (`gate.rs`).

use async_graphql::{
    ServerError,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

/// Most aliased fields in one document (each alias re-runs a resolver).
pub const MAX_ALIASES: usize = 30;
/// Most field selections in one document, fragments counted once each.
/// GraphiQL's introspection query has about 100; validation cost grows with
/// the square of the fields in one selection set, so this is the cap on it.
pub const MAX_FIELDS: usize = 1_000;
/// Default longest query text, in bytes. Documents clients really send are a
/// few KiB; the body limit (1 MiB) is for variables.
pub const DEFAULT_MAX_QUERY_BYTES: usize = 32 * 1024;

/// Why a document was refused, before it ran.
#[derive(Debug, PartialEq, Eq)]
pub enum DocumentRefused {
    /// The text alone is too long (HTTP answers 413).
    TooLong { bytes: usize, max: usize },
    /// It parsed, but has too many fields or aliases (HTTP answers 400).
    TooLarge(String),
}

impl DocumentRefused {
    pub fn message(&self) -> String {
        match self {
            DocumentRefused::TooLong { bytes, max } => format!(
                "the query text is {bytes} bytes; at most {max} are accepted (move data into variables)"
            ),
            DocumentRefused::TooLarge(message) => message.clone(),
        }
    }
}

pub fn check_length(query: &str, max: usize) -> Result<(), DocumentRefused> {
    if query.len() > max {
        return Err(DocumentRefused::TooLong {
            bytes: query.len(),
            max,
        });
    }
    Ok(())
}

pub fn check_document(document: &ExecutableDocument) -> Result<(), DocumentRefused> {
    let counts = count_selections(document);
    if counts.fields > MAX_FIELDS {
        return Err(DocumentRefused::TooLarge(format!(
            "the query selects {} fields; at most {MAX_FIELDS} are allowed",
            counts.fields
        )));
    }
    if counts.aliases > MAX_ALIASES {
        return Err(DocumentRefused::TooLarge(format!(
            "the query uses {} aliases; at most {MAX_ALIASES} are allowed",
            counts.aliases
        )));
    }
    Ok(())
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    fields: usize,
    aliases: usize,
}

fn count_selections(document: &ExecutableDocument) -> Counts {
    fn in_set(set: &SelectionSet, counts: &mut Counts) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    counts.fields += 1;
                    counts.aliases += usize::from(field.node.alias.is_some());
                    in_set(&field.node.selection_set.node, counts);
                }
                Selection::InlineFragment(fragment) => {
                    in_set(&fragment.node.selection_set.node, counts)
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    let mut counts = Counts::default();
    for (_, operation) in document.operations.iter() {
        in_set(&operation.node.selection_set.node, &mut counts);
    }
    for fragment in document.fragments.values() {
        in_set(&fragment.node.selection_set.node, &mut counts);
    }
    counts
}

pub(super) fn refused(reason: DocumentRefused) -> ServerError {
    let mut error = ServerError::new(reason.message(), None);
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", crate::error::ErrorCode::BadUserInput.as_str());
    error
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_query;

    use super::*;

    #[test]
    fn counts_fields_and_aliases_through_fragments() {
        let document = parse_query(
            "query { a: me { id ...F ... on User { b: id } } } fragment F on User { username }",
        )
        .unwrap();
        assert_eq!(
            count_selections(&document),
            Counts {
                fields: 4,
                aliases: 2
            }
        );
    }

    #[test]
    fn refuses_long_texts_and_large_documents() {
        assert!(check_length("{ me { id } }", 32).is_ok());
        assert_eq!(
            check_length(&"x".repeat(33), 32),
            Err(DocumentRefused::TooLong { bytes: 33, max: 32 })
        );
        let many = format!("{{ {} }}", "__typename ".repeat(MAX_FIELDS + 1));
        let document = parse_query(&many).unwrap();
        assert!(matches!(
            check_document(&document),
            Err(DocumentRefused::TooLarge(_))
        ));
    }
}
