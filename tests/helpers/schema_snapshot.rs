//! A normalised, sorted listing of the real database schema (tables, columns,
//! keys, indexes, foreign keys, …), read from the catalogue of SQLite or
//! PostgreSQL, so migration tests can compare schemas line by line.
//! `seaql_migrations`, SeaORM's own bookkeeping table, is left out.

use std::{
    collections::{BTreeMap, btree_map::Entry},
    fmt,
};

use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement};

/// One line per schema fact, sorted. Lines look like
/// `column users.email: varchar(254) null default none` (no position: a
/// later migration's `down` that restores a dropped column can only append
/// it, and nothing reads columns by position),
/// `unique users (email) [users_email_key]`,
/// `index users (role) [idx_users_role] non-unique: CREATE INDEX …`,
/// `foreign key sessions (user_id) -> users (id) on delete CASCADE on update NO ACTION [fk_sessions_user]`.
#[derive(Clone, PartialEq, Eq)]
pub struct SchemaSnapshot {
    lines: Vec<String>,
}

impl SchemaSnapshot {
    pub async fn capture(db: &impl ConnectionTrait) -> Result<SchemaSnapshot, DbErr> {
        let mut lines = match db.get_database_backend() {
            DbBackend::Postgres => postgres(db).await?,
            DbBackend::Sqlite => sqlite(db).await?,
            other => panic!("no schema snapshot for {other:?}"),
        };
        lines.sort();
        Ok(SchemaSnapshot { lines })
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The snapshot with the lines starting with any of `prefixes` cut
    /// down to the prefix.
    pub fn without(&self, prefixes: &[&str]) -> SchemaSnapshot {
        SchemaSnapshot {
            lines: self
                .lines
                .iter()
                .map(
                    |line| match prefixes.iter().find(|p| line.starts_with(**p)) {
                        Some(prefix) => (*prefix).to_owned(),
                        None => line.clone(),
                    },
                )
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Whether some line starts with `prefix`.
    pub fn has(&self, prefix: &str) -> bool {
        self.lines.iter().any(|line| line.starts_with(prefix))
    }

    /// `- line` for lines only in `self`, `+ line` for lines only in `other`.
    pub fn diff(&self, other: &SchemaSnapshot) -> String {
        let removed = self.lines.iter().filter(|l| !other.lines.contains(l));
        let added = other.lines.iter().filter(|l| !self.lines.contains(l));
        removed
            .map(|l| format!("- {l}"))
            .chain(added.map(|l| format!("+ {l}")))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One line per entry, so `assert_eq!` failures stay readable.
impl fmt::Debug for SchemaSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SchemaSnapshot [")?;
        for line in &self.lines {
            write!(f, "\n    {line}")?;
        }
        f.write_str("\n]")
    }
}

async fn rows(db: &impl ConnectionTrait, sql: &str) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
}

fn text(row: &QueryResult, column: &str) -> Result<String, DbErr> {
    row.try_get::<String>("", column)
}

fn maybe_text(row: &QueryResult, column: &str) -> Result<Option<String>, DbErr> {
    row.try_get::<Option<String>>("", column)
}

fn column_line(
    table: &str,
    name: &str,
    data_type: &str,
    not_null: bool,
    default: Option<String>,
) -> String {
    let null = if not_null { "not null" } else { "null" };
    let default = default.unwrap_or_else(|| "none".to_owned());
    format!("column {table}.{name}: {data_type} {null} default {default}")
}

async fn postgres(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let mut lines = Vec::new();

    // Sequences and views too: a `down` that leaves one behind is a leak.
    for row in rows(
        db,
        "SELECT c.relname::text AS name, c.relkind::text AS kind, \
                CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S') \
           AND c.relname <> 'seaql_migrations'",
    )
    .await?
    {
        let name = text(&row, "name")?;
        lines.push(match text(&row, "kind")?.as_str() {
            "r" | "p" => format!("table {name}"),
            "S" => format!("sequence {name}"),
            kind => {
                let definition = maybe_text(&row, "definition")?.unwrap_or_default();
                format!("view {name} ({kind}): {}", squash(&definition))
            }
        });
    }

    // attnum keeps gaps where columns were dropped; row_number does not.
    for row in rows(
        db,
        "SELECT c.relname::text AS table_name, a.attname::text AS column_name, \
                row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS position, \
                format_type(a.atttypid, a.atttypmod) AS data_type, a.attnotnull AS not_null, \
                pg_get_expr(d.adbin, d.adrelid) AS default_value, \
                a.attidentity::text AS identity, a.attgenerated::text AS generated \
         FROM pg_attribute a \
         JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
           AND c.relname <> 'seaql_migrations' AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .await?
    {
        let mut line = column_line(
            &text(&row, "table_name")?,
            &text(&row, "column_name")?,
            &text(&row, "data_type")?,
            row.try_get::<bool>("", "not_null")?,
            maybe_text(&row, "default_value")?,
        );
        match text(&row, "identity")?.as_str() {
            "a" => line.push_str(" identity always"),
            "d" => line.push_str(" identity by default"),
            _ => {}
        }
        if text(&row, "generated")? == "s" {
            line.push_str(" generated stored");
        }
        lines.push(line);
    }

    for row in rows(
        db,
        "SELECT cl.relname::text AS table_name, con.conname::text AS name, \
                con.contype::text AS kind, \
                (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord) \
                 FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns, \
                ref.relname::text AS ref_table, \
                (SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord) \
                 FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord) \
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns, \
                con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update, \
                pg_get_constraintdef(con.oid) AS definition \
         FROM pg_constraint con \
         JOIN pg_class cl ON cl.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = cl.relnamespace \
         LEFT JOIN pg_class ref ON ref.oid = con.confrelid \
         WHERE n.nspname = current_schema() AND cl.relname <> 'seaql_migrations' \
           AND con.contype IN ('p', 'u', 'f', 'c', 'x')",
    )
    .await?
    {
        let table = text(&row, "table_name")?;
        let name = text(&row, "name")?;
        let columns = maybe_text(&row, "columns")?.unwrap_or_default();
        lines.push(match text(&row, "kind")?.as_str() {
            "p" => format!("primary key {table} ({columns}) [{name}]"),
            "u" => format!("unique {table} ({columns}) [{name}]"),
            "f" => format!(
                "foreign key {table} ({columns}) -> {} ({}) on delete {} on update {} [{name}]",
                text(&row, "ref_table")?,
                maybe_text(&row, "ref_columns")?.unwrap_or_default(),
                postgres_action(&text(&row, "on_delete")?),
                postgres_action(&text(&row, "on_update")?),
            ),
            _ => format!("check {table} [{name}]: {}", text(&row, "definition")?),
        });
    }

    // Indexes that back a primary key, unique or exclusion constraint are
    // listed with that constraint above. The full definition keeps ordering,
    // operator classes and partial-index predicates.
    for row in rows(
        db,
        "SELECT t.relname::text AS table_name, i.relname::text AS name, \
                ix.indisunique AS is_unique, pg_get_indexdef(ix.indexrelid) AS definition, \
                (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k.ord::int, true), ', ' ORDER BY k.ord) \
                 FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)) AS columns \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() AND t.relname <> 'seaql_migrations' \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
                           WHERE c.conindid = ix.indexrelid AND c.contype IN ('p', 'u', 'x'))",
    )
    .await?
    {
        lines.push(index_line(
            &text(&row, "table_name")?,
            &text(&row, "name")?,
            &maybe_text(&row, "columns")?.unwrap_or_default(),
            row.try_get::<bool>("", "is_unique")?,
            Some(text(&row, "definition")?),
        ));
    }

    for row in rows(
        db,
        "SELECT c.relname::text AS table_name, t.tgname::text AS name, \
                pg_get_triggerdef(t.oid) AS definition \
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND NOT t.tgisinternal",
    )
    .await?
    {
        lines.push(format!(
            "trigger {} on {}: {}",
            text(&row, "name")?,
            text(&row, "table_name")?,
            text(&row, "definition")?
        ));
    }

    for row in rows(
        db,
        "SELECT t.typname::text AS name, \
                string_agg(e.enumlabel::text, ', ' ORDER BY e.enumsortorder) AS labels \
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid \
         JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE n.nspname = current_schema() GROUP BY t.typname",
    )
    .await?
    {
        lines.push(format!(
            "enum {} ({})",
            text(&row, "name")?,
            text(&row, "labels")?
        ));
    }
    Ok(lines)
}

fn postgres_action(code: &str) -> &'static str {
    match code {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        _ => "?",
    }
}

fn index_line(
    table: &str,
    name: &str,
    columns: &str,
    unique: bool,
    definition: Option<String>,
) -> String {
    let unique = if unique { "unique" } else { "non-unique" };
    let definition = definition
        .map(|d| format!(": {}", squash(&d)))
        .unwrap_or_default();
    format!("index {table} ({columns}) [{name}] {unique}{definition}")
}

/// Collapses whitespace, so stored DDL compares by content.
fn squash(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Picks the user tables from `sqlite_master m`: SQLite's own `sqlite_*`
/// tables and the migration bookkeeping table left out.
const SQLITE_USER_TABLES: &str = "m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_' \
     AND m.name <> 'seaql_migrations'";

async fn sqlite(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let mut lines = Vec::new();

    for row in rows(
        db,
        "SELECT type, name, tbl_name, sql FROM sqlite_master \
         WHERE substr(name, 1, 7) <> 'sqlite_' AND tbl_name <> 'seaql_migrations' \
           AND type IN ('table', 'view', 'trigger')",
    )
    .await?
    {
        let name = text(&row, "name")?;
        let sql = maybe_text(&row, "sql")?.unwrap_or_default();
        lines.push(match text(&row, "type")?.as_str() {
            // AUTOINCREMENT (ids never reused) shows only in the stored DDL.
            "table" if sql.to_ascii_uppercase().contains("AUTOINCREMENT") => {
                format!("table {name} (autoincrement)")
            }
            "table" => format!("table {name}"),
            "view" => format!("view {name}: {}", squash(&sql)),
            _ => format!(
                "trigger {name} on {}: {}",
                text(&row, "tbl_name")?,
                squash(&sql)
            ),
        });
    }

    // table -> (pk position, column) for the primary key line.
    let mut primary_keys: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in rows(
        db,
        &format!(
            "SELECT m.name AS table_name, p.cid AS position, p.name AS column_name, \
                    p.type AS data_type, p.\"notnull\" AS not_null, \
                    p.dflt_value AS default_value, p.pk AS pk \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE {SQLITE_USER_TABLES}"
        ),
    )
    .await?
    {
        let table = text(&row, "table_name")?;
        let name = text(&row, "column_name")?;
        lines.push(column_line(
            &table,
            &name,
            &text(&row, "data_type")?,
            row.try_get::<i64>("", "not_null")? != 0,
            maybe_text(&row, "default_value")?,
        ));
        let pk = row.try_get::<i64>("", "pk")?;
        if pk > 0 {
            primary_keys.entry(table).or_default().push((pk, name));
        }
    }
    for (table, mut columns) in primary_keys {
        columns.sort();
        let columns: Vec<_> = columns.into_iter().map(|(_, c)| c).collect();
        lines.push(format!("primary key {table} ({})", columns.join(", ")));
    }

    // (table, index) -> (unique, origin, CREATE INDEX text, columns).
    type Index = (bool, String, Option<String>, Vec<String>);
    let mut indexes: BTreeMap<(String, String), Index> = BTreeMap::new();
    for row in rows(
        db,
        &format!(
            "SELECT m.name AS table_name, il.name AS index_name, il.\"unique\" AS is_unique, \
                    il.origin AS origin, ii.name AS column_name, \
                    (SELECT s.sql FROM sqlite_master s \
                     WHERE s.type = 'index' AND s.name = il.name) AS definition \
             FROM sqlite_master m \
             JOIN pragma_index_list(m.name) il \
             JOIN pragma_index_info(il.name) ii \
             WHERE {SQLITE_USER_TABLES} \
             ORDER BY m.name, il.name, ii.seqno"
        ),
    )
    .await?
    {
        let key = (text(&row, "table_name")?, text(&row, "index_name")?);
        let entry = match indexes.entry(key) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert((
                row.try_get::<i64>("", "is_unique")? != 0,
                text(&row, "origin")?,
                maybe_text(&row, "definition")?,
                Vec::new(),
            )),
        };
        // No name: an expression column.
        let column = maybe_text(&row, "column_name")?;
        entry
            .3
            .push(column.unwrap_or_else(|| "<expression>".to_owned()));
    }
    for ((table, name), (unique, origin, definition, columns)) in indexes {
        let columns = columns.join(", ");
        match origin.as_str() {
            // Already listed from pragma_table_info's pk column.
            "pk" => {}
            "u" => lines.push(format!("unique {table} ({columns}) [{name}]")),
            _ => lines.push(index_line(&table, &name, &columns, unique, definition)),
        }
    }

    // SQLite keeps no foreign key names; `id` groups a key's columns.
    type ForeignKey = (String, String, String, Vec<(String, String)>);
    let mut foreign_keys: BTreeMap<(String, i64), ForeignKey> = BTreeMap::new();
    for row in rows(
        db,
        &format!(
            "SELECT m.name AS table_name, fk.id AS id, fk.\"table\" AS ref_table, \
                    fk.\"from\" AS from_column, fk.\"to\" AS to_column, \
                    fk.on_delete AS on_delete, fk.on_update AS on_update \
             FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk \
             WHERE {SQLITE_USER_TABLES} \
             ORDER BY m.name, fk.id, fk.seq"
        ),
    )
    .await?
    {
        let key = (text(&row, "table_name")?, row.try_get::<i64>("", "id")?);
        let entry = match foreign_keys.entry(key) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert((
                text(&row, "ref_table")?,
                text(&row, "on_delete")?,
                text(&row, "on_update")?,
                Vec::new(),
            )),
        };
        // No `to`: the key points at the referenced table's primary key.
        let to = maybe_text(&row, "to_column")?.unwrap_or_else(|| "<primary key>".to_owned());
        entry.3.push((text(&row, "from_column")?, to));
    }
    for ((table, _), (ref_table, on_delete, on_update, pairs)) in foreign_keys {
        let (from, to): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
        lines.push(format!(
            "foreign key {table} ({}) -> {ref_table} ({}) on delete {on_delete} on update {on_update}",
            from.join(", "),
            to.join(", ")
        ));
    }
    Ok(lines)
}
