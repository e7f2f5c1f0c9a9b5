//! schema.graphql is generated from the code; this fails when they drift.

#[test]
fn checked_in_schema_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    let generated = lyceum::graphql::sdl();
    assert!(
        checked_in == generated,
        "schema.graphql is out of date with the code. Regenerate it with:\n\n    \
         cargo run -p lyceum -- export-schema --output schema.graphql\n"
    );
}
